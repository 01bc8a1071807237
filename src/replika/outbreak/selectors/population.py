"""Kecamatan populations as their officer may read them (through ``core.access``)."""

from __future__ import annotations

from typing import Any

from replika.core.access import scoped
from replika.core.models import Wilayah
from replika.outbreak.models import KecamatanPopulation
from replika.outbreak.permissions import MANAGE_POPULATION


def populations_of(user: Any, region: Wilayah, year: int) -> dict[str, int]:
    """The populations entered for a region's kecamatan in a year, by kecamatan code."""
    rows = scoped(KecamatanPopulation.objects.all(), user, MANAGE_POPULATION).filter(
        region=region, year=year
    )
    return dict(rows.values_list("kecamatan__code", "population"))
