"""Operators' monthly reports, their corrections, and the reminders sent for them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.models import Wilayah
from replika.core.tenancy import Tenant
from replika.tourism.models.registry import Place


class ReportKind(models.TextChoices):
    ACCOMMODATION = "akomodasi", _("Accommodation (VHTS)")
    ATTRACTION = "dtw", _("Visitors")


class MonthlyReport(models.Model):
    """One operator's figures for one month; corrections update it and keep a revision."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="reports")
    # Copied from the entry so statistics group and scope without joins.
    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    period = models.DateField(_("month"))  # the first day of the month
    # Accommodation (the VHTS questionnaire).
    rooms = models.PositiveIntegerField(_("rooms available"), default=0)
    beds = models.PositiveIntegerField(_("beds available"), default=0)
    days = models.PositiveSmallIntegerField(_("days open"), default=0)
    rooms_sold = models.PositiveIntegerField(_("room-nights sold"), default=0)
    guests_domestic = models.PositiveIntegerField(_("guests arriving, domestic"), default=0)
    guests_foreign = models.PositiveIntegerField(_("guests arriving, foreign"), default=0)
    nights_domestic = models.PositiveIntegerField(_("guest-nights, domestic"), default=0)
    nights_foreign = models.PositiveIntegerField(_("guest-nights, foreign"), default=0)
    # Attractions and villages.
    visitors_domestic = models.PositiveIntegerField(_("visitors, domestic"), default=0)
    visitors_foreign = models.PositiveIntegerField(_("visitors, foreign"), default=0)
    ticket_revenue = models.DecimalField(
        _("ticket revenue (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    filed_on = models.DateField(_("filed on"))  # the local day of the first filing
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_behalf = models.BooleanField(_("filed by the tourism office"), default=False)
    version = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    tenant = Tenant(
        region="region",
        location="place__location",
        unit_path="place__unit__path",
        module="tourism",
    )

    class Meta:
        ordering: ClassVar = ["-period", "place__name"]
        indexes: ClassVar = [
            models.Index(fields=["period", "kind"]),
            models.Index(fields=["region", "period"]),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["place", "period"], name="tourism_one_report_a_month"),
            models.CheckConstraint(
                condition=Q(rooms_sold__lte=F("rooms") * F("days")),
                name="tourism_report_sold_within_available",
            ),
            models.CheckConstraint(
                condition=Q(nights_domestic__gte=F("guests_domestic"))
                & Q(nights_foreign__gte=F("guests_foreign")),
                name="tourism_report_nights_cover_guests",
            ),
            models.CheckConstraint(condition=Q(days__lte=31), name="tourism_report_days_range"),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.period:%Y-%m}"

    @property
    def visitors(self) -> int:
        return self.visitors_domestic + self.visitors_foreign

    @property
    def guests(self) -> int:
        return self.guests_domestic + self.guests_foreign


class ReportRevision(models.Model):
    """The figures a report held before a correction, who corrected it and why."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveSmallIntegerField()
    figures = models.JSONField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_behalf = models.BooleanField(default=False)
    reason = models.CharField(max_length=255, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    tenant = Tenant(
        region="report__region",
        location="report__place__location",
        unit_path="report__place__unit__path",
        module="tourism",
    )

    class Meta:
        ordering: ClassVar = ["-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["report", "version"], name="tourism_one_revision_a_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.version}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class Reminder(models.Model):
    """A reminder sent to an operator for one month (the scheduler sends each kind once)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="reminders")
    period = models.DateField()
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    tenant = Tenant(
        region="place__region",
        location="place__location",
        unit_path="place__unit__path",
        module="tourism",
    )

    class Meta:
        ordering: ClassVar = ["-sent_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["place", "period", "kind"], name="tourism_one_reminder_a_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.period:%Y-%m} {self.kind}"
