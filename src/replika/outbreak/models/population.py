"""Kecamatan populations per year, entered by the region: the region data stop at kab/kota."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import User, Wilayah
from replika.outbreak.models.base import REGIONAL


class KecamatanPopulation(models.Model):
    """How many people live in a kecamatan in a year (BPS figures as the Dinas holds them).

    The kecamatan map divides a period's cases by it to colour by incidence per 100,000;
    without it the map can only compare counts, which favour the big kecamatan.
    """

    region = models.ForeignKey(Wilayah, on_delete=models.CASCADE, related_name="+")
    kecamatan = models.ForeignKey(Wilayah, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    tenant = REGIONAL

    class Meta:
        ordering: ClassVar = ["kecamatan__code", "year"]
        verbose_name = _("kecamatan population")
        verbose_name_plural = _("kecamatan populations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kecamatan", "year"], name="outbreak_kecamatan_population_once"
            ),
            models.CheckConstraint(
                condition=models.Q(population__gt=0), name="outbreak_kecamatan_population_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kecamatan_id} {self.year}: {self.population}"
