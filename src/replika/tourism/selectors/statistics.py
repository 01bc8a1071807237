"""BPS-correct statistics over the monthly reports: always ratios of sums, per region level.

One aggregate query per figure set: the reports of a month (and the same month a year
earlier) summed over the scope, then the pure rules turn the sums into rates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BigIntegerField, Count, F, Q, QuerySet, Sum

from replika.core.models import Wilayah
from replika.tourism import rules
from replika.tourism.models import MonthlyReport, ReportKind
from replika.tourism.selectors.compliance import (
    compliance_by_district,
    compliance_counts,
    live_regions,
)

_BIG = BigIntegerField()
SUMS = {
    "room_nights_available": Sum(F("rooms") * F("days"), output_field=_BIG),
    "bed_nights_available": Sum(F("beds") * F("days"), output_field=_BIG),
    "rooms_sold": Sum("rooms_sold", output_field=_BIG),
    "guests_domestic": Sum("guests_domestic", output_field=_BIG),
    "guests_foreign": Sum("guests_foreign", output_field=_BIG),
    "nights_domestic": Sum("nights_domestic", output_field=_BIG),
    "nights_foreign": Sum("nights_foreign", output_field=_BIG),
    "visitors_domestic": Sum("visitors_domestic", output_field=_BIG),
    "visitors_foreign": Sum("visitors_foreign", output_field=_BIG),
    "accommodations": Count("id", filter=Q(kind=ReportKind.ACCOMMODATION)),
    "attractions": Count("id", filter=Q(kind=ReportKind.ATTRACTION)),
}
TOTAL_FIELDS = (
    "room_nights_available",
    "bed_nights_available",
    "rooms_sold",
    "guests_domestic",
    "guests_foreign",
    "nights_domestic",
    "nights_foreign",
)


def parse_period(text: str | None) -> dt.date | None:
    """``YYYY-MM`` as the first day of that month; None when it is not one."""
    if not text or len(text) != 7 or text[4] != "-":
        return None
    try:
        return dt.date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        return None


def last_closed_period(today: dt.date) -> dt.date:
    """The latest month that has ended (the one operators are reporting now)."""
    return rules.period_of(today.replace(day=1) - dt.timedelta(days=1))


def scope(wilayah: Wilayah) -> tuple[list[Wilayah], Wilayah | None]:
    """The live kab/kota a place covers and, for a kecamatan, the kecamatan itself.

    ``ValueError`` for a desa/nagari: statistics go no lower than the kecamatan.
    """
    if wilayah.level > Wilayah.DISTRICT:
        raise ValueError("statistics go no lower than the kecamatan")
    live = live_regions()
    if wilayah.level == Wilayah.PROVINCE:
        return live, None
    region_code = wilayah.region_code()
    regions = [r for r in live if r.code == region_code]
    return regions, (wilayah if wilayah.level == Wilayah.DISTRICT else None)


def _reports(regions: list[Wilayah], district: Wilayah | None) -> QuerySet[MonthlyReport]:
    qs = MonthlyReport.objects.filter(region_id__in=[r.pk for r in regions])
    return qs.filter(district=district) if district is not None else qs


def _empty() -> dict[str, int]:
    return {key: 0 for key in SUMS}


def sums_by_period(
    regions: list[Wilayah], district: Wilayah | None, periods: list[dt.date]
) -> dict[dt.date, dict[str, int]]:
    """The sums of each period (periods without reports give zeros), in one query."""
    found = {period: _empty() for period in periods}
    rows = (
        _reports(regions, district)
        .filter(period__in=periods)
        .values("period")
        .order_by()
        .annotate(**SUMS)
    )
    for row in rows:
        values: dict[str, Any] = dict(row)
        found[values["period"]] = {key: int(values[key] or 0) for key in SUMS}
    return found


def figures(sums: dict[str, int]) -> dict[str, Any]:
    """Rates and counts of one period's sums."""
    totals = rules.AccommodationTotals(**{key: sums[key] for key in TOTAL_FIELDS})
    result: dict[str, Any] = dict(rules.statistics_from_totals(totals))
    result.update(
        guests_domestic=sums["guests_domestic"],
        guests_foreign=sums["guests_foreign"],
        guests=totals.guests,
        visits_domestic=sums["visitors_domestic"],
        visits_foreign=sums["visitors_foreign"],
        visits=sums["visitors_domestic"] + sums["visitors_foreign"],
        accommodations_reporting=sums["accommodations"],
        attractions_reporting=sums["attractions"],
    )
    return result


def compliance_of(regions: list[Wilayah], district: Wilayah | None, period: dt.date) -> dict:
    """Filed and obliged entries of the scope for a month, and the percentage."""
    filed, obliged = compliance_counts(regions, period, district)
    return {
        "filed": filed,
        "obliged": obliged,
        "percent": rules.compliance(filed=filed, obliged=obliged),
    }


def assemble(
    wilayah: Wilayah,
    period: dt.date,
    sums_now: dict[str, int],
    sums_then: dict[str, int],
    compliance: dict[str, Any],
) -> dict[str, Any]:
    """Every figure of a place's month from its sums, the year before's, and compliance."""
    now, then = figures(sums_now), figures(sums_then)
    changes = {
        f"{key}_change_points": rules.change_in_points(now[key], then[key])
        for key in ("tpk", "tptt")
    }
    changes.update(
        {
            f"{key}_change_percent": rules.change_in_percent(now[key], then[key])
            for key in ("visits", "guests")
        }
    )
    return {
        "wilayah": wilayah,
        "period": period,
        **now,
        **changes,
        "last_year": then,
        "compliance": compliance,
    }


def statistics(wilayah: Wilayah, period: dt.date) -> dict[str, Any]:
    """Every figure of a place for a month as reported so far (provisional until published)."""
    regions, district = scope(wilayah)
    before = rules.same_period_last_year(period)
    sums = sums_by_period(regions, district, [period, before])
    return assemble(
        wilayah, period, sums[period], sums[before], compliance_of(regions, district, period)
    )


def snapshot(region: Wilayah, period: dt.date) -> dict[str, Any]:
    """What a publication freezes: the region's sums and compliance, and each kecamatan's."""
    filed, obliged = compliance_counts([region], period)
    districts: dict[str, dict[str, Any]] = {}
    rows = (
        _reports([region], None)
        .filter(period=period, district__isnull=False)
        .values("district__code")
        .order_by()
        .annotate(**SUMS)
    )
    for row in rows:
        values: dict[str, Any] = dict(row)
        districts[values["district__code"]] = {
            "sums": {key: int(values[key] or 0) for key in SUMS},
            "compliance": [0, 0],
        }
    for code, counts in compliance_by_district(region, period).items():
        districts.setdefault(code, {"sums": _empty(), "compliance": [0, 0]})["compliance"] = list(
            counts
        )
    return {
        "region": {
            "sums": sums_by_period([region], None, [period])[period],
            "compliance": [filed, obliged],
        },
        "districts": districts,
    }


def monthly_trend(wilayah: Wilayah, last: dt.date, months: int = 12) -> list[dict[str, Any]]:
    """Each month up to ``last``, oldest first, with its change on the same month a year before.

    One query covers the months and their year-earlier twins: TPK's change in points, visits'
    and guests' in percent, as BPS writes them.
    """
    regions, district = scope(wilayah)
    periods = [last]
    for _ in range(months - 1):
        periods.append(rules.period_of(periods[-1] - dt.timedelta(days=1)))
    earlier = {p: rules.same_period_last_year(p) for p in periods}
    sums = sums_by_period(regions, district, sorted(set(periods) | set(earlier.values())))
    rows = []
    for period in sorted(periods):
        now, then = figures(sums[period]), figures(sums[earlier[period]])
        rows.append(
            {
                "period": period,
                **now,
                "tpk_change_points": rules.change_in_points(now["tpk"], then["tpk"]),
                "visits_change_percent": rules.change_in_percent(now["visits"], then["visits"]),
                "guests_change_percent": rules.change_in_percent(now["guests"], then["guests"]),
            }
        )
    return rows


def visits_by_district(wilayah: Wilayah, period: dt.date) -> list[dict[str, Any]]:
    """Visits and guests per kecamatan of the scope for a month, largest first."""
    regions, district = scope(wilayah)
    rows = (
        _reports(regions, district)
        .filter(period=period)
        .values("district__code", "district__name")
        .order_by()
        .annotate(
            visits_domestic=Sum("visitors_domestic"),
            visits_foreign=Sum("visitors_foreign"),
            guests_domestic=Sum("guests_domestic"),
            guests_foreign=Sum("guests_foreign"),
            reporting=Count("id"),
        )
    )
    result = [
        {
            "code": row["district__code"] or "",
            "name": row["district__name"] or "",
            "visits_domestic": row["visits_domestic"] or 0,
            "visits_foreign": row["visits_foreign"] or 0,
            "visits": (row["visits_domestic"] or 0) + (row["visits_foreign"] or 0),
            "guests": (row["guests_domestic"] or 0) + (row["guests_foreign"] or 0),
            "reporting": row["reporting"],
        }
        for row in rows
    ]
    before = _district_visits(regions, district, rules.same_period_last_year(period))
    for row in result:
        row["visits_change_percent"] = rules.change_in_percent(
            row["visits"], before.get(row["code"])
        )
    return sorted(result, key=lambda r: (-r["visits"], r["name"]))


def _district_visits(
    regions: list[Wilayah], district: Wilayah | None, period: dt.date
) -> dict[str, int]:
    """Visits per kecamatan code in a month (for the year-on-year change)."""
    rows = (
        _reports(regions, district)
        .filter(period=period)
        .values("district__code")
        .order_by()
        .annotate(dom=Sum("visitors_domestic"), fgn=Sum("visitors_foreign"))
    )
    return {row["district__code"] or "": (row["dom"] or 0) + (row["fgn"] or 0) for row in rows}


def visits_by_attraction(wilayah: Wilayah, period: dt.date, limit: int = 20) -> list[dict]:
    """The attractions with most visits in the scope for a month (signed-in pages only)."""
    regions, district = scope(wilayah)
    rows = (
        _reports(regions, district)
        .filter(period=period, kind=ReportKind.ATTRACTION)
        .annotate(total=F("visitors_domestic") + F("visitors_foreign"))
        .select_related("place", "district")
        .order_by("-total", "place__name")[:limit]
    )
    return [
        {
            "place": row.place,
            "district": row.district.name if row.district else "",
            "visits_domestic": row.visitors_domestic,
            "visits_foreign": row.visitors_foreign,
            "visits": row.visitors_domestic + row.visitors_foreign,
        }
        for row in rows
    ]
