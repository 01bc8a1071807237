"""Live KPIs of SIP Banget for the replication matrix: compliance, TPK and visits.

Each function takes a kab/kota (or the province) and any day of a month and returns a
number for that month, or None when nothing is known.
"""

from __future__ import annotations

import datetime as dt

from replika.core import cache
from replika.core.models import Wilayah
from replika.tourism.selectors import statistics as stats


def _figures(region: Wilayah, period: dt.date) -> dict | None:
    """The month's statistics, computed once for the three KPIs (until a report changes)."""
    month = period.replace(day=1)
    key = f"replika:tourism:kpi:{cache.version('tourism')}:{region.code}:{month:%Y-%m}"

    def compute() -> dict:
        try:
            return stats.statistics(region, month)
        except ValueError:
            return {}

    return cache.remember(key, compute) or None


def report_compliance(region: Wilayah, period: dt.date) -> float | None:
    """Obliged operators that filed the month's report, in percent."""
    found = _figures(region, period)
    return None if found is None else found["compliance"]["percent"]


def occupancy_rate(region: Wilayah, period: dt.date) -> float | None:
    """TPK: room-nights sold of room-nights available, in percent."""
    found = _figures(region, period)
    return None if found is None else found["tpk"]


def visits(region: Wilayah, period: dt.date) -> float | None:
    """Visits to attractions and villages in the month (domestic and foreign)."""
    found = _figures(region, period)
    if found is None or not found["attractions_reporting"]:
        return None
    return float(found["visits"])
