"""SKDR weekly aggregate reports and the alerts they raise."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, User, Wilayah
from replika.core.tenancy import Tenant
from replika.outbreak.models.base import REGIONAL
from replika.outbreak.models.catalogue import Disease


class WeeklyReport(models.Model):
    """A facility's count of one disease in one epidemiological week (SKDR W2)."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    disease = models.ForeignKey(Disease, on_delete=models.PROTECT, related_name="weekly")
    year = models.PositiveSmallIntegerField(_("year"))
    week = models.PositiveSmallIntegerField(_("week"))
    cases = models.PositiveIntegerField(_("cases"))
    deaths = models.PositiveIntegerField(_("deaths"), default=0)
    visits = models.PositiveIntegerField(_("all new patients"), null=True, blank=True)
    reported_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now=True)

    tenant = Tenant(region="region", unit_path="unit__path", module="outbreak")

    class Meta:
        ordering: ClassVar = ["-year", "-week", "unit"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["unit", "disease", "year", "week"], name="outbreak_weekly_once"
            ),
            models.CheckConstraint(
                condition=models.Q(week__gte=1) & models.Q(week__lte=53),
                name="outbreak_weekly_week_range",
            ),
            models.CheckConstraint(
                condition=models.Q(deaths__lte=models.F("cases")),
                name="outbreak_weekly_deaths_within_cases",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d} {self.disease_id}"


class AlertKind(models.TextChoices):
    THRESHOLD = "threshold", _("SKDR threshold")
    KLB = "klb", _("KLB criteria (Permenkes 1501/2010)")


class Alert(models.Model):
    """A week's signal: a facility over the SKDR threshold, or a region meeting KLB criteria."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    disease = models.ForeignKey(Disease, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    year = models.PositiveSmallIntegerField()
    week = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()
    codes = models.JSONField(default=list)  # KLB rule codes that fired (rule_1 … rule_7)
    # The numbers each fired rule compared ({"rule_3": {"now": 4, "before": 2}, …}), so the
    # alerts page can show why, and where they came from (SKDR reports or the case list).
    figures = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=8, blank=True, default="")
    raised_at = models.DateTimeField(auto_now=True)

    tenant = REGIONAL

    class Meta:
        ordering: ClassVar = ["-year", "-week", "kind"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["unit", "disease", "kind", "year", "week"],
                condition=models.Q(unit__isnull=False),
                name="outbreak_alert_unit_once",
            ),
            models.UniqueConstraint(
                fields=["region", "disease", "kind", "year", "week"],
                condition=models.Q(unit__isnull=True),
                name="outbreak_alert_region_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}-W{self.week:02d}"

    @property
    def fired(self) -> list[tuple[str, dict[str, object]]]:
        """Each rule code that fired with the numbers it compared ({} for older alerts)."""
        return [(code, (self.figures or {}).get(code, {})) for code in self.codes]
