"""Monthly summary tables that dashboards read (never GROUP BY over raw rows per view)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from replika.core.models import Unit, Wilayah


class NutritionSummary(models.Model):
    """SKDN and prevalence counts of one place for one month.

    ``scope`` names the place: a Kemendagri code for the province, a kab/kota, a kecamatan
    or a nagari/kelurahan, or ``u<id>`` for a posyandu or puskesmas. Counts, not rates, are
    stored so that any level is the sum of the level below.
    """

    scope = models.CharField(max_length=24)
    scope_level = models.PositiveSmallIntegerField()  # 1..4 regions, 5 puskesmas, 6 posyandu
    region = models.ForeignKey(
        Wilayah, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    wilayah = models.ForeignKey(
        Wilayah, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period = models.DateField()
    s_toddlers = models.PositiveIntegerField(default=0)  # S: children under five registered
    k_with_book = models.PositiveIntegerField(default=0)  # K: with a KIA/KMS book
    d_weighed = models.PositiveIntegerField(default=0)  # D: weighed this month
    n_up = models.PositiveIntegerField(default=0)  # N: gained at least the KBM
    t_not_up = models.PositiveIntegerField(default=0)  # T
    two_t = models.PositiveIntegerField(default=0)  # T twice in a row
    len_valid = models.PositiveIntegerField(default=0)
    stunted = models.PositiveIntegerField(default=0)  # zlen < -2
    severely_stunted = models.PositiveIntegerField(default=0)  # zlen < -3
    wei_valid = models.PositiveIntegerField(default=0)
    underweight = models.PositiveIntegerField(default=0)  # zwei < -2
    wfl_valid = models.PositiveIntegerField(default=0)
    wasted = models.PositiveIntegerField(default=0)  # zwfl < -2
    severely_wasted = models.PositiveIntegerField(default=0)  # zwfl < -3
    overweight = models.PositiveIntegerField(default=0)  # zwfl > +2
    in_care = models.PositiveIntegerField(default=0)  # open referrals and Rumah Gizi
    refreshed_at = models.DateTimeField(auto_now=True)

    # Dashboards may read these rows from a read replica (replika.core.replica).
    replica_reads: ClassVar[bool] = True

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["scope", "period"], name="nutrition_summary_key")
        ]
        indexes: ClassVar = [
            models.Index(fields=["scope_level", "period"]),
            models.Index(fields=["region", "scope_level", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.period:%Y-%m}"


class DirtySummary(models.Model):
    """A (posyandu, month) whose measurements changed since its summary was computed."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "period"], name="nutrition_dirty_key")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period:%Y-%m}"
