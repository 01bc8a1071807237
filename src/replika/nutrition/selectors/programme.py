"""Counts a region's settings change is checked against (no person, no name)."""

from __future__ import annotations

from replika.core.models import Wilayah
from replika.nutrition.models import RumahGiziEnrolment, RumahGiziStatus


def active_rumah_gizi_count(region: Wilayah) -> int:
    """How many children of the region are still in the Rumah Gizi programme."""
    return RumahGiziEnrolment.objects.filter(region=region, status=RumahGiziStatus.ACTIVE).count()
