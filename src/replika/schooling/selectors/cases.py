"""Reads of cases, their timeline, the queues, places with room, support and warnings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from replika.core.access import get_for_user, grants, has_any, scoped
from replika.core.activation import live_region_ids
from replika.core.models import Job, Unit, Wilayah
from replika.core.privacy import mask_nik
from replika.schooling import unit_kinds
from replika.schooling.models import (
    Attendance,
    Case,
    CaseEvent,
    EarlyWarning,
    PlaceCapacity,
    Route,
    Status,
    SupportGiven,
    WarningStatus,
)
from replika.schooling.permissions import (
    CORRECT_CASE,
    REPORT_CASE,
    VIEW_PERSONAL,
    VIEW_REGISTER,
)
from replika.schooling.rules import corrections, identity, placement

# The queues of the workflow: which cases wait for which step.
QUEUES: dict[str, Q] = {
    "verify": Q(status=Status.REPORTED, residu=False),
    "residu": Q(status=Status.REPORTED, residu=True),
    "assess": Q(status=Status.VERIFIED),
    "place": Q(status=Status.ASSESSED),
    "follow": Q(status__in=[Status.PLACED, Status.ATTENDING]),
    "at_risk": Q(status=Status.ATTENDING, at_risk=True),
    "done": Q(status__in=[Status.COMPLETED, Status.CLOSED]),
}


def shows_personal(user: Any) -> bool:
    """Whether the user sees full NIKs, family cards and phones (else masked)."""
    return has_any(user, VIEW_PERSONAL)


def masked(user_sees: bool, value: str) -> str:
    """A NIK, family card or phone as this user may see it."""
    return value if user_sees else mask_nik(value)


def cases_for(
    user: Any,
    *,
    perm: str = VIEW_REGISTER,
    wilayah: str = "",
    status: str = "",
    queue: str = "",
    query: str = "",
    place_id: int | None = None,
) -> QuerySet[Case]:
    """The cases the user may see, filtered by area code, status, queue, place or name/NIK."""
    qs = scoped(Case.objects.all(), user, perm)
    if wilayah:
        qs = qs.filter(Q(location__code=wilayah) | Q(location__code__startswith=wilayah + "."))
    if status:
        qs = qs.filter(status=status)
    if queue in QUEUES:
        qs = qs.filter(QUEUES[queue])
    if place_id:
        qs = qs.filter(place_id=place_id)
    query = query.strip()
    if query.isdigit():
        # Searching by NIK would confirm a NIK to someone who may not see them.
        qs = qs.filter(Q(nik=query) | Q(no_kk=query)) if shows_personal(user) else qs.none()
    elif query:
        qs = qs.filter(name_key__contains=identity.name_key(query))
    return qs.select_related("location", "place").order_by("-reported_on", "-pk")


def queue_counts(user: Any) -> dict[str, int]:
    """How many cases wait in each queue the user may see."""
    qs = scoped(Case.objects.all(), user, VIEW_REGISTER)
    return qs.aggregate(**{name: Count("pk", filter=q) for name, q in QUEUES.items()})


def case_for(user: Any, pk: Any, perm: str = VIEW_REGISTER) -> Case:
    """One case the user may act on with ``perm`` (404 otherwise)."""
    return get_for_user(
        Case.objects.select_related("location", "location__parent", "place", "region"),
        user,
        pk,
        perm,
    )


def _reachable(user: Any, case_id: int, perm: str) -> bool:
    """Whether the user holds ``perm`` over this case (through the one door)."""
    return scoped(Case.objects.filter(pk=case_id), user, perm).exists()


def correction_right(user: Any, case: Case) -> str:
    """How the user may correct a case: ``office`` (Disdik), ``reporter`` (who reported it,
    while it is still reported), or "" (not at all). The form shows the full NIK, family
    card and phone, so both need the personal-data permission over the case too."""
    if not _reachable(user, case.pk, VIEW_PERSONAL):
        return ""
    if _reachable(user, case.pk, CORRECT_CASE):
        return "office"
    reporter = (
        case.created_by_id is not None
        and case.created_by_id == getattr(user, "pk", None)
        and _reachable(user, case.pk, REPORT_CASE)
    )
    if corrections.may_correct(office=False, reporter=reporter, status=case.status):
        return "reporter"
    return ""


def case_to_correct(user: Any, pk: Any) -> tuple[Case, str]:
    """A case the user may correct now and how (``office`` or ``reporter``); 404 otherwise,
    the same answer as for a case that does not exist."""
    case = case_for(user, pk)
    right = correction_right(user, case)
    if not right:
        raise Http404
    return case, right


def correction_places(user: Any, case: Case, right: str) -> QuerySet[Wilayah]:
    """The nagari/kelurahan a case may be moved to: its own kab/kota, within the user's area."""
    perm = CORRECT_CASE if right == "office" else REPORT_CASE
    return locations_for(user, perm).filter(parent__parent_id=case.region_id)


def timeline(case: Case) -> QuerySet[CaseEvent]:
    """The dated, attributed steps of a case (read with the case, already allowed)."""
    return case.events.select_related("actor").order_by("on", "pk")


def attendance_of(case: Case) -> QuerySet[Attendance]:
    """A case's months of attendance, the latest first."""
    return case.attendance.select_related("place").order_by("-month")


def support_of(case: Case) -> tuple[QuerySet[SupportGiven], Decimal]:
    """A case's support items and their total cost."""
    rows = case.support.order_by("-given_on", "-pk")
    total = rows.aggregate(total=Sum("cost"))["total"] or Decimal(0)
    return rows, total


def places_for(user: Any, perm: str, *, region: Wilayah | None = None) -> QuerySet[Unit]:
    """The learning places the user may act on with ``perm``."""
    qs = scoped(Unit.objects.filter(kind__in=unit_kinds.PLACE_KINDS, active=True), user, perm)
    if region is not None:
        qs = qs.filter(region=region)
    return qs.select_related("location", "parent").order_by("name")


def place_for(user: Any, pk: Any, perm: str) -> Unit:
    """One learning place the user may act on (404 otherwise)."""
    qs = Unit.objects.filter(kind__in=unit_kinds.PLACE_KINDS).select_related("location")
    return get_for_user(qs, user, pk, perm)


@dataclass(frozen=True)
class Seats:
    """A place's seats at a level: capacity, taken, free."""

    level: str
    capacity: int
    taken: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


def seats_of(places: list[Unit]) -> dict[int, list[Seats]]:
    """place id -> its seats per level (placed or attending children count as taken)."""
    ids = [p.pk for p in places]
    taken: dict[tuple[int, str], int] = {
        (row["place_id"], row["target_level"]): row["n"]
        for row in Case.objects.filter(
            place_id__in=ids, status__in=[Status.PLACED, Status.ATTENDING]
        )
        .values("place_id", "target_level")
        .annotate(n=Count("pk"))
    }
    found: dict[int, list[Seats]] = {pk: [] for pk in ids}
    for unit_id, level, capacity in PlaceCapacity.objects.filter(unit_id__in=ids).values_list(
        "unit_id", "level", "capacity"
    ):
        found[unit_id].append(Seats(level, capacity, taken.get((unit_id, level), 0)))
    return found


ROUTE_KINDS: dict[str, tuple[str, ...]] = {
    Route.FILIAL: (unit_kinds.FILIAL,),
    Route.REGULAR: (unit_kinds.SEKOLAH,),
    Route.KESETARAAN: unit_kinds.EQUIVALENCY_KINDS,
}


def suggestions(user: Any, case: Case, perm: str, limit: int = 5) -> list[tuple[Unit, int]]:
    """The nearest places of the case's region with room at its level: (place, free seats)."""
    if not case.route or not case.target_level:
        return []
    places = list(
        places_for(user, perm, region=case.region).filter(kind__in=ROUTE_KINDS[case.route])
    )
    seats = seats_of(places)
    by_id = {p.pk: p for p in places}
    candidates = [
        placement.Candidate(
            place_id=p.pk,
            area_code=p.location.code if p.location else p.region.code,
            free=next((s.free for s in seats[p.pk] if s.level == case.target_level), 0),
        )
        for p in places
    ]
    return [
        (by_id[c.place_id], c.free)
        for c in placement.nearest(case.location.code, candidates, limit)
    ]


def support_totals(user: Any, perm: str = VIEW_REGISTER) -> dict[str, Any]:
    """Support given in the user's area: totals per item, per place and overall."""
    rows = scoped(SupportGiven.objects.all(), user, perm)
    by_item = list(
        rows.values("item_label")
        .annotate(quantity=Sum("quantity"), cost=Sum("cost"))
        .order_by("item_label")
    )
    by_place = list(
        rows.values("place__name")
        .annotate(children=Count("case", distinct=True), cost=Sum("cost"))
        .order_by("-cost")[:20]
    )
    total = rows.aggregate(cost=Sum("cost"), children=Count("case", distinct=True))
    return {"by_item": by_item, "by_place": by_place, "total": total}


def warnings_for(
    user: Any, perm: str = VIEW_REGISTER, *, status: str = WarningStatus.OPEN
) -> QuerySet[EarlyWarning]:
    """Early warnings the user may see, the highest risk first."""
    qs = scoped(EarlyWarning.objects.all(), user, perm).select_related("school", "case")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-score", "-reported_on", "pk")


def warning_for(user: Any, pk: Any, perm: str) -> EarlyWarning:
    """One early warning the user may act on (404 otherwise)."""
    return get_for_user(
        EarlyWarning.objects.select_related("school", "school__location"), user, pk, perm
    )


def locations_for(user: Any, perm: str) -> QuerySet[Wilayah]:
    """Nagari/kelurahan/desa the user may report children in (where the module is live)."""
    qs = Wilayah.objects.filter(
        level=Wilayah.VILLAGE, parent__parent_id__in=live_region_ids("schooling")
    )
    condition = Q(pk__in=[])
    for grant in grants(user, perm):
        if grant.unit_path is not None:
            continue
        if grant.level == Wilayah.PROVINCE:
            return qs.select_related("parent__parent").order_by("code")
        condition |= Q(code=grant.wilayah_code) | Q(code__startswith=grant.wilayah_code + ".")
    return qs.filter(condition).select_related("parent__parent").order_by("code")


def recent_jobs(user: Any, kind: str) -> QuerySet[Job]:
    """The user's own latest jobs of one kind."""
    return Job.objects.filter(owner=user, kind=kind).order_by("-created_at")[:10]
