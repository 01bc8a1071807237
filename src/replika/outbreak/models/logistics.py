"""Logistics: items, warehouse stock, requests with their lines (Pikobar logistik)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, User, Wilayah
from replika.core.tenancy import Tenant
from replika.outbreak.rules import catalogue as lifecycle


def letter_path(instance: LogisticsRequest, filename: str) -> str:
    """A generated name for a stored letter, whatever the uploader called the file."""
    return f"outbreak/letters/{uuid.uuid4().hex}.pdf"


class Item(models.Model):
    """An item a facility may ask for (masks, test kits, medicines); province-wide."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    uom = models.CharField(_("unit of measure"), max_length=20)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    """How much of an item a warehouse holds."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    warehouse = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    tenant = Tenant(region="region", unit_path="warehouse__path", module="outbreak")

    class Meta:
        ordering: ClassVar = ["warehouse", "item"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["warehouse", "item"], name="outbreak_stock_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} @ {self.warehouse}"


class RequestStatus(models.TextChoices):
    SUBMITTED = lifecycle.SUBMITTED, _("Submitted")
    VERIFIED = lifecycle.LOG_VERIFIED, _("Verified")
    APPROVED = lifecycle.APPROVED, _("Approved")
    REALISED = lifecycle.REALISED, _("Sent (realised)")
    RECEIVED = lifecycle.RECEIVED, _("Received")
    REJECTED = lifecycle.REJECTED, _("Rejected")


class Priority(models.TextChoices):
    LOW = "rendah", _("Low")
    MEDIUM = "menengah", _("Medium")
    HIGH = "tinggi", _("High")


class LogisticsRequest(models.Model):
    """A facility's request for items, with its letter, through to receipt."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    applicant = models.CharField(_("applicant"), max_length=120)
    letter_number = models.CharField(_("letter number"), max_length=60)
    letter = models.FileField(_("letter (PDF)"), upload_to=letter_path, blank=True)
    letter_name = models.CharField(max_length=200, blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    warehouse = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    tenant = Tenant(region="region", unit_path="unit__path", module="outbreak")

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["unit", "letter_number"], name="outbreak_request_letter_once"
            )
        ]

    def __str__(self) -> str:
        return self.letter_number


class RequestLine(models.Model):
    """One item asked for, and what was sent for it (possibly a substitute)."""

    request = models.ForeignKey(LogisticsRequest, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    usage = models.CharField(_("usage"), max_length=120, blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    realised_item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    realised_quantity = models.PositiveIntegerField(null=True, blank=True)

    tenant = Tenant(region="request__region", unit_path="request__unit__path", module="outbreak")

    class Meta:
        ordering: ClassVar = ["pk"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="outbreak_line_qty")
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"
