"""What every nutrition register row shares: where it belongs, who made it, when."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, User, Wilayah
from replika.core.tenancy import Tenant

# Nutrition rows belong to a kab/kota, a nagari/kelurahan and a posyandu (or puskesmas);
# they are reachable only where Ayo Ceting is live.
NUTRITION_TENANT = Tenant(
    region="region", location="location", unit_path="unit__path", module="nutrition"
)


class Placed(models.Model):
    """Abstract base: region, location and unit, plus who created and changed the row."""

    region = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    location = models.ForeignKey(
        Wilayah,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("nagari/kelurahan"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("posyandu")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    tenant = NUTRITION_TENANT

    class Meta:
        abstract = True


def through(parent: str) -> Tenant:
    """The tenant declaration of a row that belongs to a placed parent row."""
    return Tenant(
        region=f"{parent}__region",
        location=f"{parent}__location",
        unit_path=f"{parent}__unit__path",
        module="nutrition",
    )
