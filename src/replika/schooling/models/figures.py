"""Figures a region enters or imports (population, enrolment) and the dashboard summaries."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import User, Wilayah
from replika.core.tenancy import Tenant
from replika.schooling.models.base import MODULE

# The BPS bands the figures are entered for.
BANDS = (("SD", "7-12"), ("SMP", "13-15"), ("SM", "16-18"))


class EnrolmentFigure(models.Model):
    """Population and enrolment of one age band in one place and year (for APK, APM, APS)."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    wilayah = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=4, choices=[(c, c) for c, _b in BANDS])
    population = models.PositiveIntegerField(_("population of the age band"))
    pupils_at_level = models.PositiveIntegerField(_("pupils at the level (any age)"))
    pupils_at_level_of_age = models.PositiveIntegerField(_("pupils at the level of the band age"))
    of_age_in_school = models.PositiveIntegerField(_("band age in school at any level"))
    left = models.PositiveIntegerField(_("band age no longer in school"), default=0)
    ever_enrolled = models.PositiveIntegerField(_("band age ever or now in school"), default=0)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    tenant = Tenant(region="region", location="wilayah", module=MODULE)

    class Meta:
        ordering: ClassVar = ["-year", "wilayah__code", "level"]
        verbose_name = _("enrolment figure")
        verbose_name_plural = _("enrolment figures")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["wilayah", "year", "level"], name="schooling_figure_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(pupils_at_level_of_age__lte=models.F("pupils_at_level"))
                & models.Q(pupils_at_level_of_age__lte=models.F("of_age_in_school"))
                & models.Q(left__lte=models.F("ever_enrolled")),
                name="schooling_figure_parts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wilayah} {self.year} {self.level}"


class SchoolingSummary(models.Model):
    """Counts of cases reported in a year, for one place and one breakdown key.

    ``dimension`` is "all" (one row: the place's totals), "reason", "age" (years on the
    report date), "level" (the level to return to) or "ats" (out-of-school type).
    """

    region = models.ForeignKey(Wilayah, on_delete=models.CASCADE, related_name="+")
    wilayah = models.ForeignKey(Wilayah, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField()
    dimension = models.CharField(max_length=8)
    key = models.CharField(max_length=30)
    found = models.PositiveIntegerField(default=0)
    verified = models.PositiveIntegerField(default=0)
    placed = models.PositiveIntegerField(default=0)
    attending = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    redropped = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    residu = models.PositiveIntegerField(default=0)
    waiting = models.PositiveIntegerField(default=0)
    median_days = models.FloatField(null=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    tenant = Tenant(region="region", location="wilayah", module=MODULE)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["wilayah", "year", "dimension", "key"], name="schooling_summary_unique"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["region", "year", "dimension", "level"])]

    def __str__(self) -> str:
        return f"{self.wilayah_id} {self.year} {self.dimension}={self.key}"


class DirtyRegion(models.Model):
    """A kab/kota whose summaries need a refresh (a write changed its cases)."""

    region = models.OneToOneField(Wilayah, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.region_id)
