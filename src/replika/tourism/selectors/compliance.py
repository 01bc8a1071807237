"""Who owes a monthly report, who filed, late or not: the compliance board and its trend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from replika.core.access import scoped
from replika.core.activation import live_region_ids
from replika.core.models import Wilayah
from replika.tourism import rules
from replika.tourism.models import MonthlyReport, Place
from replika.tourism.permissions import VIEW_COMPLIANCE
from replika.tourism.settings_schema import settings_for

SETTINGS_SECONDS = 60  # how long a region's settings are reused for province-wide figures


def obliged_filter(region: Wilayah, period: dt.date) -> dict[str, Any]:
    """The filter of a region's entries obliged to report for a month (its settings say who)."""
    config = settings_for(region)
    return {
        "region_id": region.pk,
        "kind__in": config.obliged_kinds,
        "exempt": False,
        "operating_since__lt": rules.next_period(period),
    }


def obliged_places(region: Wilayah, period: dt.date) -> QuerySet[Place]:
    """A region's entries obliged to report for the month of ``period``."""
    return Place.objects.filter(**obliged_filter(region, period))


def filed_place_ids(places: QuerySet[Place], period: dt.date) -> set[int]:
    """Ids of the entries among ``places`` that filed the month."""
    return set(
        MonthlyReport.objects.filter(place__in=places, period=period).values_list(
            "place_id", flat=True
        )
    )


def obliged_kinds_of(regions: list[Wilayah]) -> dict[int, list[str]]:
    """Which kinds each region obliges, its settings read once a minute at most.

    Province-wide figures would otherwise read nineteen settings documents on every call;
    a changed setting shows in the figures within ``SETTINGS_SECONDS``.
    """
    keys = {f"replika:tourism:obliged:{region.pk}": region for region in regions}
    found = cache.get_many(list(keys))
    kinds: dict[int, list[str]] = {}
    fresh: dict[str, list[str]] = {}
    for key, region in keys.items():
        if key in found:
            kinds[region.pk] = found[key]
        else:
            kinds[region.pk] = fresh[key] = list(settings_for(region).obliged_kinds)
    if fresh:
        cache.set_many(fresh, timeout=SETTINGS_SECONDS)
    return kinds


def compliance_counts(
    regions: list[Wilayah], period: dt.date, district: Wilayah | None = None
) -> tuple[int, int]:
    """``(filed, obliged)`` over regions for a month, each region by its own settings.

    One query: the obliged entries of every region, each marked whether it filed.
    """
    condition = Q(pk__in=[])
    for region_id, kinds in obliged_kinds_of(regions).items():
        condition |= Q(region_id=region_id, kind__in=kinds)
    places = Place.objects.filter(
        condition, exempt=False, operating_since__lt=rules.next_period(period)
    )
    if district is not None:
        places = places.filter(district=district)
    filed = MonthlyReport.objects.filter(place=OuterRef("pk"), period=period)
    totals = places.annotate(has_filed=Exists(filed)).aggregate(
        obliged=Count("id"), filed=Count("id", filter=Q(has_filed=True))
    )
    return totals["filed"], totals["obliged"]


def compliance_by_district(region: Wilayah, period: dt.date) -> dict[str, tuple[int, int]]:
    """``{kecamatan code: (filed, obliged)}`` of a region's month, in one query."""
    filed = MonthlyReport.objects.filter(place=OuterRef("pk"), period=period)
    rows = (
        obliged_places(region, period)
        .filter(district__isnull=False)
        .annotate(has_filed=Exists(filed))
        .values("district__code")
        .order_by()
        .annotate(obliged=Count("id"), filed=Count("id", filter=Q(has_filed=True)))
    )
    return {row["district__code"]: (row["filed"], row["obliged"]) for row in rows}


@dataclass
class BoardRow:
    place: Place
    report: MonthlyReport | None
    status: str
    due_on: dt.date


@dataclass
class Board:
    period: dt.date
    rows: list[BoardRow]
    counts: dict[str, int]
    filed: int
    obliged: int
    percent: float | None
    by_kind: list[tuple[str, int, int, float | None]]


def board(
    user: Any, period: dt.date, *, region: Wilayah | None = None, today: dt.date | None = None
) -> Board:
    """The filed / late / missing board of the month over the entries the user may follow."""
    today = today or timezone.localdate()
    places = scoped(Place.objects.select_related("region", "unit"), user, VIEW_COMPLIANCE)
    if region is not None:
        places = places.filter(region=region)
    reports = {
        r.place_id: r
        for r in scoped(MonthlyReport.objects.filter(period=period), user, VIEW_COMPLIANCE)
    }
    rows: list[BoardRow] = []
    region_ids = set(places.values_list("region_id", flat=True))
    for region_obj in Wilayah.objects.filter(id__in=region_ids).order_by("code"):
        config = settings_for(region_obj)
        due_on = rules.report_due_date(period, config.report_due_day)
        for place in places.filter(**obliged_filter(region_obj, period)).order_by("kind", "name"):
            report = reports.get(place.pk)
            status = rules.filing_status(
                filed_on=report.filed_on if report else None,
                due_on=due_on,
                today=max(today, report.filed_on) if report else today,
            )
            rows.append(BoardRow(place=place, report=report, status=status.value, due_on=due_on))
    counts = {status.value: 0 for status in rules.FilingStatus}
    for row in rows:
        counts[row.status] += 1
    filed, obliged = rules.compliance_counts([row.status for row in rows])
    kinds: dict[str, list[str]] = {}
    for row in rows:
        kinds.setdefault(row.place.kind, []).append(row.status)
    by_kind = []
    for kind, statuses in sorted(kinds.items()):
        k_filed, k_obliged = rules.compliance_counts(statuses)
        by_kind.append(
            (kind, k_filed, k_obliged, rules.compliance(filed=k_filed, obliged=k_obliged))
        )
    return Board(
        period=period,
        rows=rows,
        counts=counts,
        filed=filed,
        obliged=obliged,
        percent=rules.compliance(filed=filed, obliged=obliged),
        by_kind=by_kind,
    )


def trend(regions: list[Wilayah], last: dt.date, months: int = 12) -> list[dict[str, Any]]:
    """Compliance of each of the ``months`` months up to ``last``, oldest first."""
    periods = [last]
    for _ in range(months - 1):
        periods.append(rules.period_of(periods[-1] - dt.timedelta(days=1)))
    rows = []
    for period in reversed(periods):
        filed, obliged = compliance_counts(regions, period)
        rows.append(
            {
                "period": period,
                "filed": filed,
                "obliged": obliged,
                "percent": rules.compliance(filed=filed, obliged=obliged),
            }
        )
    return rows


def live_regions() -> list[Wilayah]:
    """The kab/kota where the module is live."""
    return list(Wilayah.objects.filter(id__in=live_region_ids("tourism")).order_by("code"))
