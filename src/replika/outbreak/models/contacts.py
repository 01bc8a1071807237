"""Contacts of a case and their daily follow-up (Go.Data's relationship and followUp)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.audit import FieldClasses
from replika.core.models import Unit, User, Wilayah
from replika.outbreak.models.base import PLACED, through
from replika.outbreak.models.cases import Case
from replika.outbreak.permissions import FOLLOW_CONTACT, MANAGE_CONTACT
from replika.outbreak.rules import catalogue as lifecycle


class ExposureType(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    HEALTH_WORKER = "health_worker", _("Care without protection (health worker)")
    WORK = "work", _("Work or school")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other")


class ContactStatus(models.TextChoices):
    FOLLOWING = lifecycle.FOLLOWING, _("Being followed")
    COMPLETED = lifecycle.COMPLETED, _("Follow-up completed")
    LOST = lifecycle.LOST, _("Lost to follow-up")
    BECAME_CASE = lifecycle.BECAME_CASE, _("Became a case")


class Contact(models.Model):
    """A person exposed to a case, followed daily until the end date."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    # Where the contact lives: a tracer over this kecamatan/nagari follows them.
    location = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    source_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    relationship = models.CharField(_("relationship to the case"), max_length=60, blank=True)
    exposure_date = models.DateField(_("last exposure"))
    exposure_type = models.CharField(
        _("exposure type"), max_length=20, choices=ExposureType.choices
    )
    place = models.CharField(_("place of exposure"), max_length=120, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    follow_up_until = models.DateField(_("follow up until"))
    status = models.CharField(
        _("status"), max_length=12, choices=ContactStatus.choices, default=ContactStatus.FOLLOWING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    tenant = PLACED
    personal_fields: ClassVar = ("nik", "phone", "address")
    privacy: ClassVar = FieldClasses(
        read=FOLLOW_CONTACT,
        personal=MANAGE_CONTACT,
        identifying=("nik", "name", "phone", "address", "relationship"),
    )

    class Meta:
        ordering: ClassVar = ["name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes: ClassVar = [
            models.Index(fields=["location", "status"]),
            # The tracer's daily list starts from the contacts still followed in the tracer's
            # area: partial (those being followed are a small share of all contacts) and
            # holding every column the list reads, so PostgreSQL answers from the index alone
            # instead of visiting a table page per contact. (Key columns rather than INCLUDE:
            # SQLite has no covering indexes and would warn.)
            models.Index(
                fields=["location", "region", "id", "name", "phone", "follow_up_until"],
                condition=models.Q(status="following"),
                name="outbreak_contact_following",
            ),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["source_case", "nik"],
                condition=~models.Q(nik=""),
                name="outbreak_contact_once_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(follow_up_until__gte=models.F("exposure_date")),
                name="outbreak_contact_until_after_exposure",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FollowUpResult(models.TextChoices):
    PENDING = "", _("Not yet")
    SEEN = lifecycle.SEEN, _("Seen, well")
    SYMPTOMATIC = lifecycle.SYMPTOMATIC, _("Symptomatic")
    NOT_REACHED = lifecycle.NOT_REACHED, _("Not reached")


class FollowUp(models.Model):
    """One day of a contact's follow-up (generated from the disease's rule)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="follow_ups")
    day = models.DateField(_("day"))
    result = models.CharField(
        _("result"), max_length=12, choices=FollowUpResult.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(null=True, blank=True)

    tenant = through("contact")

    class Meta:
        ordering: ClassVar = ["day"]
        indexes: ClassVar = [models.Index(fields=["day", "result"])]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["contact", "day"], name="outbreak_followup_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} {self.day}"
