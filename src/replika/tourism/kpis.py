"""Live KPIs of SIP Banget for the replication matrix: compliance, TPK and visits.

Each function takes a kab/kota (or the province) and any day of a month and returns the
published number for that month, or None when the month is not published.
"""

from __future__ import annotations

import datetime as dt

from replika.core import cache
from replika.core.models import Wilayah
from replika.tourism.selectors.releases import published_statistics


def _figures(region: Wilayah, period: dt.date) -> dict | None:
    """The month's published statistics, read once for the three KPIs (until a publication)."""
    month = period.replace(day=1)
    key = f"replika:tourism:kpi:{cache.version('tourism')}:{region.code}:{month:%Y-%m}"

    def compute() -> dict:
        try:
            found = published_statistics(region, month)
        except ValueError:
            return {}
        return found if found["release"]["regions_published"] else {}

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
