"""Live KPIs of SIP Banget for the replication matrix: compliance, TPK and visits.

Each function takes a kab/kota (or the province) and any day of a month and returns a
number for that month, or None when nothing is known.
"""

from __future__ import annotations

import datetime as dt

from replika.core.models import Wilayah
from replika.tourism.selectors import statistics as stats


def _figures(region: Wilayah, period: dt.date) -> dict | None:
    try:
        return stats.statistics(region, period.replace(day=1))
    except ValueError:
        return None


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
