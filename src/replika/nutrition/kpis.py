"""Live KPIs of Ayo Ceting for the replication layer, read from the summary tables.

Each function takes a kab/kota (or the province) and any day of a month and returns a
number for that month, or None when the month has no report (or no denominator).
"""

from __future__ import annotations

import datetime as dt

from replika.core import rounding
from replika.core.models import Wilayah
from replika.nutrition.models import NutritionSummary


def _summary(region: Wilayah, period: dt.date) -> NutritionSummary | None:
    """The region's summary row of the month containing ``period``."""
    return NutritionSummary.objects.filter(scope=region.code, period=period.replace(day=1)).first()


def _percent(count: int, total: int) -> float | None:
    return rounding.percent(count, total)


def stunting_prevalence(region: Wilayah, period: dt.date) -> float | None:
    """Stunting prevalence in percent: length/height-for-age z < -2 of valid measurements."""
    row = _summary(region, period)
    return None if row is None else _percent(row.stunted, row.len_valid)


def weighing_participation(region: Wilayah, period: dt.date) -> float | None:
    """D/S in percent: children weighed of the children under five registered."""
    row = _summary(region, period)
    return None if row is None else _percent(row.d_weighed, row.s_toddlers)


def children_in_care(region: Wilayah, period: dt.date) -> float | None:
    """Children with an open referral or in a Rumah Gizi at the month's end."""
    row = _summary(region, period)
    return None if row is None else float(row.in_care)
