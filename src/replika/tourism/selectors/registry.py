"""Reads of the registries, reports and events for signed-in users (through the one door)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from replika.core.access import get_for_user, grants, scoped
from replika.core.models import Wilayah
from replika.tourism.models import (
    Event,
    EventStatus,
    MonthlyReport,
    Place,
    PlacePhoto,
    ReportRevision,
    VillageAssessment,
)
from replika.tourism.permissions import (
    ASSESS_VILLAGE,
    CHANGE_REGISTRY,
    FILE_ON_BEHALF,
    FILE_REPORT,
    MODERATE_EVENT,
    VIEW_REGISTRY,
)


def places(
    user: Any, *, kind: str = "", query: str = "", perm: str = VIEW_REGISTRY
) -> QuerySet[Place]:
    """The entries the user may see, optionally of one kind or matching a name."""
    qs = scoped(Place.objects.select_related("region", "location"), user, perm)
    if kind:
        qs = qs.filter(kind=kind)
    if query.strip():
        qs = qs.filter(Q(name__icontains=query.strip()) | Q(address__icontains=query.strip()))
    return qs.order_by("kind", "name")


def place(user: Any, pk: Any, perm: str = VIEW_REGISTRY) -> Place:
    """One entry the user may act on with ``perm`` (404 otherwise)."""
    return get_for_user(Place.objects.select_related("region", "location", "unit"), user, pk, perm)


def place_to_change(user: Any, pk: Any) -> Place:
    return place(user, pk, CHANGE_REGISTRY)


def place_to_file(user: Any, pk: Any) -> Place:
    """An entry the user may file for: their own (operator) or any of their region (office)."""
    own = scoped(Place.objects.all(), user, FILE_REPORT)
    behalf = scoped(Place.objects.all(), user, FILE_ON_BEHALF)
    qs = Place.objects.select_related("region", "location", "unit").filter(
        Q(pk__in=own.values("pk")) | Q(pk__in=behalf.values("pk"))
    )
    return get_for_user(qs, user, pk, VIEW_REGISTRY)


def filing_places(user: Any) -> QuerySet[Place]:
    """Entries that file monthly reports and that the user may file for."""
    own = scoped(Place.objects.all(), user, FILE_REPORT)
    behalf = scoped(Place.objects.all(), user, FILE_ON_BEHALF)
    return (
        Place.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=behalf.values("pk")))
        .filter(kind__in=("akomodasi", "dtw", "desa_wisata"))
        .select_related("region")
        .order_by("name")
    )


def reports_of(user: Any, place_obj: Place) -> QuerySet[MonthlyReport]:
    """The reports of an entry the user may see, latest month first."""
    return scoped(
        MonthlyReport.objects.filter(place=place_obj).select_related("filed_by"),
        user,
        VIEW_REGISTRY,
    ).order_by("-period")


def report_for(user: Any, place_obj: Place, period: Any) -> MonthlyReport | None:
    return reports_of(user, place_obj).filter(period=period).first()


def revisions_of(user: Any, report: MonthlyReport) -> QuerySet[ReportRevision]:
    return scoped(
        ReportRevision.objects.filter(report=report).select_related("changed_by"),
        user,
        VIEW_REGISTRY,
    )


def photos_of(user: Any, place_obj: Place) -> QuerySet[PlacePhoto]:
    return scoped(PlacePhoto.objects.filter(place=place_obj), user, VIEW_REGISTRY)


def photo(user: Any, pk: Any) -> PlacePhoto:
    return get_for_user(PlacePhoto, user, pk, VIEW_REGISTRY)


def assessments_of(user: Any, place_obj: Place) -> QuerySet[VillageAssessment]:
    return scoped(
        VillageAssessment.objects.filter(place=place_obj).select_related("assessed_by"),
        user,
        VIEW_REGISTRY,
    )


def village_to_assess(user: Any, pk: Any) -> Place:
    return get_for_user(
        Place.objects.filter(kind="desa_wisata").select_related("region", "unit"),
        user,
        pk,
        ASSESS_VILLAGE,
    )


def events(user: Any, *, status: str = "") -> QuerySet[Event]:
    """Events the user may see: their own entries' and, for the office, the region's."""
    qs = scoped(Event.objects.select_related("region", "place"), user, VIEW_REGISTRY)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-starts_on", "pk")


def event_to_moderate(user: Any, pk: Any) -> Event:
    return get_for_user(
        Event.objects.filter(status=EventStatus.SUBMITTED), user, pk, MODERATE_EVENT
    )


def region_choices(user: Any, perm: str) -> QuerySet[Wilayah]:
    """The kab/kota the user may act on with ``perm`` where the module is live."""
    from replika.core.access import regions_for
    from replika.core.activation import live_region_ids

    return regions_for(user, perm).filter(id__in=live_region_ids("tourism")).order_by("code")


def locations_in(regions: QuerySet[Wilayah]) -> QuerySet[Wilayah]:
    """Kecamatan and nagari/kelurahan inside the regions (for a location field)."""
    q = Q(pk__in=[])
    for region in regions:
        q |= Q(code__startswith=region.subtree_prefix)
    return Wilayah.objects.filter(q, level__gte=Wilayah.DISTRICT).order_by("code")


def own_unit_place_ids(user: Any) -> set[int]:
    """Entries whose unit the user holds a role at (an operator's own)."""
    paths = [g.unit_path for g in grants(user, VIEW_REGISTRY) if g.unit_path]
    if not paths:
        return set()
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(unit__path__startswith=p)
    return set(Place.objects.filter(q).values_list("pk", flat=True))


def is_office(user: Any, perm: str = CHANGE_REGISTRY) -> bool:
    """Whether the user holds ``perm`` over a whole region (the office), not one unit."""
    return any(g.unit_path is None for g in grants(user, perm))
