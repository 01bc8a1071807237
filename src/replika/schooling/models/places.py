"""Learning places: a school, SKB, PKBM or filial class (a core unit) and its seats per level."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit
from replika.core.tenancy import Tenant
from replika.schooling.models.base import MODULE, Level

PLACE_TENANT = Tenant(
    region="unit__region", location="unit__location", unit_path="unit__path", module=MODULE
)


class PlaceProfile(models.Model):
    """What Poltabes knows of a learning place beyond the unit: its NPSN."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="schooling_profile")
    npsn = models.CharField(_("NPSN"), max_length=8, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    tenant = PLACE_TENANT

    class Meta:
        verbose_name = _("learning place")
        verbose_name_plural = _("learning places")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["npsn"], condition=~models.Q(npsn=""), name="schooling_place_npsn_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.unit)


class PlaceCapacity(models.Model):
    """Seats a place offers at one level (one row per place and level)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="schooling_capacities")
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    capacity = models.PositiveIntegerField(_("seats"))

    tenant = PLACE_TENANT

    class Meta:
        ordering: ClassVar = ["unit_id", "level"]
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "level"], name="schooling_capacity_unique"),
            models.CheckConstraint(
                condition=models.Q(level__in=Level.values), name="schooling_capacity_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.level}: {self.capacity}"
