"""Daily counts per kab/kota, kecamatan and disease: what dashboards and open data read."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from replika.core.models import Wilayah
from replika.core.tenancy import Tenant


class DailyCount(models.Model):
    """One day's figures of a disease in a kecamatan (district set) or a whole kab/kota."""

    region = models.ForeignKey(Wilayah, on_delete=models.CASCADE, related_name="+")
    # None: the kab/kota's total row (kept so province pages sum 19 rows a day, not 179).
    district = models.ForeignKey(
        Wilayah, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    disease_code = models.CharField(max_length=20)
    day = models.DateField()
    new_cases = models.PositiveIntegerField(default=0)
    recovered = models.PositiveIntegerField(default=0)
    deaths = models.PositiveIntegerField(default=0)
    tests = models.PositiveIntegerField(default=0)
    positives = models.PositiveIntegerField(default=0)

    tenant = Tenant(region="region", module="outbreak")

    class Meta:
        ordering: ClassVar = ["day"]
        indexes: ClassVar = [models.Index(fields=["disease_code", "district", "day"])]
        constraints: ClassVar = [
            # One kecamatan row and one kab/kota total row per disease and day (two partial
            # constraints: both engines treat NULLs in a unique constraint as distinct).
            models.UniqueConstraint(
                fields=["district", "disease_code", "day"],
                condition=models.Q(district__isnull=False),
                name="outbreak_daily_district_once",
            ),
            models.UniqueConstraint(
                fields=["region", "disease_code", "day"],
                condition=models.Q(district__isnull=True),
                name="outbreak_daily_region_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.disease_code} {self.day}"
