"""Live KPIs of Poltabes for the replication matrix, read from the summary tables.

Each function takes a kab/kota (or the province) and any day of a year and returns a number
for the cases reported that year, or None when there is nothing to count.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet, Sum

from replika.core.models import Wilayah
from replika.schooling.models import SchoolingSummary


def _rows(region: Wilayah, period: dt.date) -> QuerySet[SchoolingSummary]:
    rows = SchoolingSummary.objects.filter(year=period.year, dimension="all")
    if region.level == Wilayah.PROVINCE:
        return rows.filter(level=Wilayah.REGION)
    return rows.filter(wilayah=region)


def children_returned(region: Wilayah, period: dt.date) -> float | None:
    """Children found that year who are placed, attending or completed."""
    total = _rows(region, period).aggregate(n=Sum("placed"), found=Sum("found"))
    return None if not total["found"] else float(total["n"] or 0)


def placed_share(region: Wilayah, period: dt.date) -> float | None:
    """Share of the children found that year who were placed, in percent."""
    total = _rows(region, period).aggregate(n=Sum("placed"), found=Sum("found"))
    found = total["found"] or 0
    return None if not found else round(100.0 * (total["n"] or 0) / found, 1)


def median_days_to_placement(region: Wilayah, period: dt.date) -> float | None:
    """Median days from report to placement (a kab/kota's own; None for the province,
    whose regions' medians cannot be combined into one)."""
    if region.level == Wilayah.PROVINCE:
        return None
    row = _rows(region, period).first()
    return None if row is None else row.median_days
