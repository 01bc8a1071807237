"""What the public portal reads: published entries, approved events, products — live regions.

No personal data lives here: an entry's contact is the business's own, published by it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from replika.core.activation import live_region_ids
from replika.core.models import Wilayah
from replika.tourism.models import Event, EventStatus, Place, PlacePhoto, Product


def _live(qs: QuerySet[Any], path: str = "region_id") -> QuerySet[Any]:
    return qs.filter(**{f"{path}__in": live_region_ids("tourism")})


def _within(qs: QuerySet[Any], wilayah: Wilayah | None, prefix: str = "") -> QuerySet[Any]:
    """Rows lying in a place of any level (province, kab/kota, kecamatan, nagari)."""
    if wilayah is None or wilayah.level == Wilayah.PROVINCE:
        return qs
    if wilayah.level == Wilayah.REGION:
        return qs.filter(**{f"{prefix}region": wilayah})
    return qs.filter(
        Q(**{f"{prefix}location": wilayah})
        | Q(**{f"{prefix}location__code__startswith": wilayah.subtree_prefix})
    )


def places(
    *,
    wilayah: Wilayah | None = None,
    kind: str = "",
    query: str = "",
    category: str = "",
    theme: str = "",
) -> QuerySet[Place]:
    """Published entries of live regions, filtered as the portal's search asks."""
    qs = _within(_live(Place.objects.filter(published=True)), wilayah)
    if kind:
        qs = qs.filter(kind=kind)
    if category:
        qs = qs.filter(category=category)
    if query.strip():
        text = query.strip()
        qs = qs.filter(
            Q(name__icontains=text) | Q(description__icontains=text) | Q(category__icontains=text)
        )
    qs = qs.select_related("region", "location").order_by("name", "pk")
    if theme:
        # Themes are a short JSON list; filter in Python-free SQL on both engines by text.
        qs = qs.filter(themes__icontains=theme)
    return qs


def place(pk: Any) -> Place:
    """One published entry of a live region (404 otherwise)."""
    found = places().filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


def photos(place_obj: Place) -> QuerySet[PlacePhoto]:
    return PlacePhoto.objects.filter(place=place_obj)


def photo(pk: Any) -> PlacePhoto:
    """A photo of a published entry of a live region."""
    found = (
        _live(PlacePhoto.objects.filter(place__published=True), "place__region_id")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    return found


def products(
    *, wilayah: Wilayah | None = None, query: str = "", subsector: str = ""
) -> QuerySet[Product]:
    qs = _within(
        _live(Product.objects.filter(published=True, place__published=True), "place__region_id"),
        wilayah,
        "place__",
    ).select_related("place")
    if subsector:
        qs = qs.filter(place__subsector=subsector)
    if query.strip():
        qs = qs.filter(Q(name__icontains=query.strip()) | Q(place__name__icontains=query.strip()))
    return qs.order_by("place__name", "name")


def events(
    *, start: dt.date | None = None, end: dt.date | None = None, wilayah: Wilayah | None = None
) -> QuerySet[Event]:
    """Approved events of live regions overlapping [start, end]."""
    qs = _within(_live(Event.objects.filter(status=EventStatus.APPROVED)), wilayah)
    if start is not None:
        qs = qs.filter(ends_on__gte=start)
    if end is not None:
        qs = qs.filter(starts_on__lte=end)
    return qs.select_related("region", "place").order_by("starts_on", "pk")


def event(pk: Any) -> Event:
    found = events().filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


def map_features(wilayah: Wilayah | None = None) -> dict[str, Any]:
    """Attractions and villages with a point, as GeoJSON for the portal's map."""
    qs = places(wilayah=wilayah).filter(
        kind__in=("dtw", "desa_wisata"), latitude__isnull=False, longitude__isnull=False
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(p.longitude or 0), float(p.latitude or 0)],
                },
                "properties": {
                    "id": p.pk,
                    "name": p.name,
                    "kind": p.kind,
                    "category": p.category,
                    "region": p.region.name,
                },
            }
            for p in qs
        ],
    }


def region_codes() -> list[str]:
    """Codes of the kab/kota where the portal has content."""
    return list(
        Wilayah.objects.filter(id__in=live_region_ids("tourism")).values_list("code", flat=True)
    )


# Fewer reporting accommodations than this and a rate could single one business out.
MIN_ACCOMMODATIONS = 3
RATE_KEYS = ("tpk", "tptt", "rlmt", "rlmt_domestic", "rlmt_foreign", "gpr")
COUNT_KEYS = (
    "visits",
    "visits_domestic",
    "visits_foreign",
    "guests",
    "guests_domestic",
    "guests_foreign",
)


def public_statistics(wilayah: Wilayah, period: dt.date) -> dict[str, Any]:
    """The published statistics of a place as the public may see them (small cells withheld).

    Published regions count with their frozen figures, the others provisionally (see
    ``releases.published_statistics``); ``ValueError`` below the kecamatan
    (``core.disclosure``'s deepest level).
    """
    from replika.core.disclosure import public_count, public_level_allowed
    from replika.tourism.selectors.releases import published_statistics

    if not public_level_allowed(wilayah.level):
        raise ValueError("public statistics go no lower than the kecamatan")
    found = published_statistics(wilayah, period)
    release = found["release"]
    suppressed: list[str] = []
    result: dict[str, Any] = {
        "wilayah": wilayah.code,
        "name": wilayah.name,
        "period": period.strftime("%Y-%m"),
        "accommodations_reporting": found["accommodations_reporting"],
        "attractions_reporting": found["attractions_reporting"],
        "compliance": found["compliance"],
        "status": release["status"],
        "published_on": release["published_on"],
        "regions_published": release["regions_published"],
        "regions_live": release["regions"],
        "revision_notes": release["notes"],
    }
    unpublished = release["status"] == "unpublished"
    few = found["accommodations_reporting"] < MIN_ACCOMMODATIONS
    for key in RATE_KEYS:
        result[key] = None if few else found[key]
        if few and found[key] is not None:
            suppressed.append(key)
    for key in COUNT_KEYS:
        shown = public_count(found[key])
        result[key] = None if unpublished else shown.value
        if shown.suppressed and not unpublished:
            suppressed.append(key)
    result["tpk_change_points"] = None if few else found["tpk_change_points"]
    result["tptt_change_points"] = None if few else found["tptt_change_points"]
    for key in ("visits_change_percent", "guests_change_percent"):
        base = key.split("_")[0]
        result[key] = None if result[base] is None else found[key]
    result["suppressed"] = suppressed
    return result
