"""Dashboard summaries: counts per place, year and breakdown, rebuilt per dirty kab/kota.

A write marks its kab/kota dirty; the refresh recomputes that region's rows from its cases
(one pass in Python over a few columns) and replaces them, so dashboards read a few
hundred summary rows instead of grouping the raw cases on every view.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from replika.core.models import Wilayah
from replika.schooling import rules
from replika.schooling.models import Case, DirtyRegion, SchoolingSummary, Status

METRICS = (
    "found",
    "verified",
    "placed",
    "attending",
    "completed",
    "redropped",
    "closed",
    "residu",
    "waiting",
)
PLACED_OR_LATER = {Status.PLACED, Status.ATTENDING, Status.COMPLETED}
WAITING = {Status.REPORTED, Status.VERIFIED, Status.ASSESSED}


@dataclass
class _Cell:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    days: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)


def _age_key(birth: dt.date, on: dt.date) -> str:
    """The age on the report date, grouped above 22 (the filial limit) and capped."""
    if birth > on:
        return "0"
    age = rules.age_in_years(birth_date=birth, on=on)
    return str(min(age, 25))


def _add(
    cell: _Cell,
    status: str,
    residu: bool,
    times_at_risk: int,
    reported: dt.date,
    placed: dt.date | None,
) -> None:
    counts = cell.counts
    counts["found"] += 1
    if status != Status.REPORTED and status != Status.CLOSED:
        counts["verified"] += 1
    if status in PLACED_OR_LATER:
        counts["placed"] += 1
        cell.days.append((reported, placed))
    if status == Status.ATTENDING:
        counts["attending"] += 1
    if status == Status.COMPLETED:
        counts["completed"] += 1
    if times_at_risk:
        counts["redropped"] += 1
    if status == Status.CLOSED:
        counts["closed"] += 1
    if residu and status == Status.REPORTED:
        counts["residu"] += 1
    if status in WAITING:
        counts["waiting"] += 1


@transaction.atomic
def region_refresh(region: Wilayah) -> int:
    """Rebuild every summary row of one kab/kota; returns how many rows it now has."""
    places = {w.pk: w for w in Wilayah.objects.filter(code__startswith=region.subtree_prefix)} | {
        region.pk: region
    }
    cells: dict[tuple[int, int, str, str], _Cell] = defaultdict(_Cell)
    columns = (
        "location_id",
        "status",
        "residu",
        "times_at_risk",
        "reported_on",
        "placed_on",
        "reason",
        "birth_date",
        "target_level",
        "last_level",
        "ats_type",
    )
    for row in Case.objects.filter(region=region).values_list(*columns).iterator(chunk_size=5000):
        location_id, status, residu, risk, reported, placed, reason, birth, target, last, ats = row
        year = reported.year
        village = places.get(location_id)
        district_id = village.parent_id if village is not None else None
        keys = [
            ("all", "all"),
            ("reason", reason),
            ("age", _age_key(birth, reported)),
            ("level", target or last or "-"),
            ("ats", ats),
        ]
        for wilayah_id in (region.pk, district_id, location_id):
            if wilayah_id is None:
                continue
            dims = keys if wilayah_id == region.pk else keys[:1]
            for dimension, key in dims:
                _add(
                    cells[(wilayah_id, year, dimension, key)],
                    status,
                    residu,
                    risk,
                    reported,
                    placed,
                )
    SchoolingSummary.objects.filter(region=region).delete()
    rows = [
        SchoolingSummary(
            region=region,
            wilayah_id=wilayah_id,
            level=places[wilayah_id].level if wilayah_id in places else Wilayah.VILLAGE,
            year=year,
            dimension=dimension,
            key=key,
            median_days=rules.median_days_to_placement(cell.days),
            **cell.counts,
        )
        for (wilayah_id, year, dimension, key), cell in cells.items()
    ]
    SchoolingSummary.objects.bulk_create(rows, batch_size=2000)
    DirtyRegion.objects.filter(region=region).delete()
    return len(rows)


def refresh_dirty() -> int:
    """Refresh every kab/kota marked dirty; returns how many were refreshed."""
    regions = Wilayah.objects.filter(pk__in=DirtyRegion.objects.values("region_id"))
    count = 0
    for region in regions:
        region_refresh(region)
        count += 1
    return count


def rebuild_all() -> int:
    """Rebuild the summaries of every kab/kota that has cases (after a bulk load)."""
    regions = Wilayah.objects.filter(pk__in=Case.objects.values("region_id").distinct())
    for region in regions:
        region_refresh(region)
    return regions.count()
