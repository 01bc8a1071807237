"""Places a dashboard may show, and the public notes (hotline, announcement) of a region."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from replika.core.access import grants, regions_for
from replika.core.activation import live_region_ids
from replika.core.models import Wilayah
from replika.outbreak.permissions import VIEW_DASHBOARD
from replika.outbreak.settings_schema import settings_for


def _with_kecamatan(condition: Q, regions: QuerySet[Wilayah], wanted: str) -> Q:
    """Add the kecamatan of one region: the region asked about (or the only one)."""
    codes = list(regions.values_list("code", flat=True))
    asked = ".".join(wanted.split(".")[:2]) if wanted.count(".") >= 1 else ""
    chosen = asked if asked in codes else (codes[0] if len(codes) == 1 else "")
    if chosen:
        condition |= Q(level=Wilayah.DISTRICT, code__startswith=chosen + ".")
    return condition


def dashboard_places(user: Any, wanted: str = "") -> QuerySet[Wilayah]:
    """The province (for province roles), the user's live kab/kota, and the kecamatan of
    the kab/kota asked about (a short list: the filter stays light on a phone)."""
    regions = regions_for(user, VIEW_DASHBOARD).filter(id__in=live_region_ids("outbreak"))
    condition = _with_kecamatan(Q(pk__in=regions.values("pk")), regions, wanted)
    if any(g.level == Wilayah.PROVINCE for g in grants(user, VIEW_DASHBOARD)):
        condition |= Q(level=Wilayah.PROVINCE)
    return Wilayah.objects.filter(condition).order_by("code")


def public_places(wanted: str = "") -> QuerySet[Wilayah]:
    """The province, the kab/kota where Pikobar is live, and the kecamatan of the one asked
    about."""
    regions = Wilayah.objects.filter(level=Wilayah.REGION, id__in=live_region_ids("outbreak"))
    condition = Q(level=Wilayah.PROVINCE) | Q(pk__in=regions.values("pk"))
    return Wilayah.objects.filter(_with_kecamatan(condition, regions, wanted)).order_by("code")


def public_notes(place: Wilayah | None) -> dict[str, str]:
    """The hotline and announcement the region chose (the origin's when province-wide)."""
    region = None
    if place is not None and place.level >= Wilayah.REGION:
        code = ".".join(place.code.split(".")[:2])
        region = Wilayah.objects.filter(code=code).first()
    settings = settings_for(region)
    return {
        "name": settings.display_name,
        "hotline": settings.hotline,
        "announcement": settings.announcement,
    }
