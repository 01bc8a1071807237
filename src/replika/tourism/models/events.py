"""The events calendar and the tourism-village self-assessments."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.models import Wilayah
from replika.core.tenancy import Tenant
from replika.tourism.models.registry import Place, VillageStage


class EventStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Waiting for moderation")
    APPROVED = "disetujui", _("Approved")
    REJECTED = "ditolak", _("Rejected")


class Event(models.Model):
    """An event submitted by an operator, a village or the office; public once approved."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=160, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        max_length=10, choices=EventStatus.choices, default=EventStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.CharField(_("note"), max_length=255, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    tenant = Tenant(
        region="region", location="location", unit_path="place__unit__path", module="tourism"
    )

    class Meta:
        ordering: ClassVar = ["starts_on", "pk"]
        indexes: ClassVar = [models.Index(fields=["status", "starts_on"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="tourism_event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class VillageAssessment(models.Model):
    """One self-assessment of a tourism village: five axis scores and the class they earn."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    daya_tarik = models.PositiveSmallIntegerField(_("attractions (daya tarik)"))
    amenitas = models.PositiveSmallIntegerField(_("amenities (amenitas)"))
    digital = models.PositiveSmallIntegerField(_("digital presence"))
    kelembagaan = models.PositiveSmallIntegerField(_("people and institutions"))
    resiliensi = models.PositiveSmallIntegerField(_("resilience and sustainability"))
    stage = models.CharField(max_length=12, choices=VillageStage.choices)
    notes = models.TextField(_("notes"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    tenant = Tenant(
        region="place__region",
        location="place__location",
        unit_path="place__unit__path",
        module="tourism",
    )

    class Meta:
        ordering: ClassVar = ["-assessed_on", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(daya_tarik__lte=100)
                & Q(amenitas__lte=100)
                & Q(digital__lte=100)
                & Q(kelembagaan__lte=100)
                & Q(resiliensi__lte=100),
                name="tourism_assessment_scores_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.assessed_on} {self.stage}"
