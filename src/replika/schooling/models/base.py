"""What every schooling row shares: where it belongs and the tenant declarations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.tenancy import Tenant

MODULE = "schooling"


def through(parent: str, unit: str | None = None) -> Tenant:
    """The tenant declaration of a row that belongs to a parent row (a case, a place)."""
    return Tenant(
        region=f"{parent}__region",
        location=f"{parent}__location",
        unit_path=unit or f"{parent}__place__path",
        module=MODULE,
    )


class Sex(models.IntegerChoices):
    MALE = 1, _("Boy")
    FEMALE = 2, _("Girl")


class Level(models.TextChoices):
    SD = "SD", _("SD (primary)")
    SMP = "SMP", _("SMP (lower secondary)")
    SMA = "SMA", _("SMA/SMK (upper secondary)")
    PAKET_A = "PAKET_A", _("Paket A (SD equivalency)")
    PAKET_B = "PAKET_B", _("Paket B (SMP equivalency)")
    PAKET_C = "PAKET_C", _("Paket C (SMA equivalency)")


class SchoolLevel(models.TextChoices):
    SD = "SD", _("SD (primary)")
    SMP = "SMP", _("SMP (lower secondary)")
    SMA = "SMA", _("SMA/SMK (upper secondary)")
