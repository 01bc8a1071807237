"""Live KPIs of Pikobar for the replication matrix: each takes a kab/kota (or the province)
and a day of a month and returns that month's figure, or None without a denominator."""

from __future__ import annotations

import datetime as dt

from replika.core.models import Wilayah
from replika.outbreak.selectors import kpis as figures


def contacts_followed_share(region: Wilayah, period: dt.date) -> float | None:
    """Share of contacts followed up to the end of their period (%)."""
    return figures.contacts_followed_to_end(region, period)


def median_verification_days(region: Wilayah, period: dt.date) -> float | None:
    """Median days from a case's report to its verification."""
    return figures.median_days_to_verification(region, period)


def skdr_completeness(region: Wilayah, period: dt.date) -> float | None:
    """SKDR completeness: weekly reports received of those expected (%)."""
    return figures.skdr_completeness(region, period)
