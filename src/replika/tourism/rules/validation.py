"""Checks of one monthly report, answered per field so forms and the API can show them.

The functions never raise on bad input: they return ``(field, code)`` problems. The codes
are stable identifiers; the app turns each into a translated message.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal
from numbers import Integral
from typing import NamedTuple

from replika.tourism.rules._numbers import read_count
from replika.tourism.rules.deadlines import days_in_month, period_of
from replika.tourism.rules.statistics import ACCOMMODATION_FIELDS

# Problem codes.
REQUIRED = "required"  # these first three are the reasons ``read_count`` gives
NOT_WHOLE = "not_whole_number"
NOT_NUMBER = "not_number"
NEGATIVE = "negative"
TOO_MANY_DAYS = "more_days_than_month"
SOLD_ABOVE_AVAILABLE = "sold_above_available"  # room-nights sold > rooms × days
NIGHTS_BELOW_GUESTS = "nights_below_guests"  # every arriving guest stays at least a night
BEDS_BELOW_ROOMS = "beds_below_rooms"  # every room for sale has at least one bed
NIGHTS_WITHOUT_ROOMS = "nights_without_rooms_sold"  # guests slept in no occupied room
REVENUE_WITHOUT_VISITORS = "revenue_without_visitors"
FUTURE_PERIOD = "period_in_future"
PERIOD_NOT_OVER = "period_not_over"  # a month's totals are known only once it has ended

ATTRACTION_COUNT_FIELDS: tuple[str, ...] = ("visitors_domestic", "visitors_foreign")


class Problem(NamedTuple):
    """One thing wrong with a report: the field to show it on and a stable code."""

    field: str
    code: str


def _counts(
    report: Mapping[str, object], names: tuple[str, ...], problems: list[Problem]
) -> dict[str, int]:
    """The valid counts among ``names``; a problem is appended for each invalid one."""
    good: dict[str, int] = {}
    for name in names:
        code, number = read_count(report.get(name))
        if code:
            problems.append(Problem(name, code))
        else:
            good[name] = number
    return good


def _period_problems(period: dt.date | None, today: dt.date | None) -> list[Problem]:
    """A report may only be filed for a month that has ended."""
    if period is None or today is None:
        return []
    start, current = period_of(period), period_of(today)
    if start > current:
        return [Problem("period", FUTURE_PERIOD)]
    if start == current:
        return [Problem("period", PERIOD_NOT_OVER)]
    return []


def accommodation_report_problems(
    report: Mapping[str, object],
    *,
    period: dt.date | None = None,
    today: dt.date | None = None,
) -> list[Problem]:
    """What is wrong with one monthly accommodation report (an empty list when nothing).

    Each count must be a whole number ≥ 0; ``days`` may not exceed the days of ``period``'s
    month (31 when no period is given); room-nights sold ≤ rooms × days; beds ≥ rooms;
    guest-nights ≥ guests, domestic and foreign apart; guest-nights need a room sold and
    arriving guests need guest-nights. Cross-field checks run only on fields that are
    themselves valid. With ``period`` and ``today``, the month must have ended.
    """
    problems = _period_problems(period, today)
    n = _counts(report, ACCOMMODATION_FIELDS, problems)
    month_days = days_in_month(period) if period is not None else 31
    if "days" in n and n["days"] > month_days:
        problems.append(Problem("days", TOO_MANY_DAYS))
        del n["days"]
    if {"rooms", "beds"} <= n.keys() and n["beds"] < n["rooms"]:
        problems.append(Problem("beds", BEDS_BELOW_ROOMS))
    if {"rooms", "days", "rooms_sold"} <= n.keys() and n["rooms_sold"] > n["rooms"] * n["days"]:
        problems.append(Problem("rooms_sold", SOLD_ABOVE_AVAILABLE))
    for origin in ("domestic", "foreign"):
        guests, nights = n.get(f"guests_{origin}"), n.get(f"nights_{origin}")
        if guests is not None and nights is not None and nights < guests:
            problems.append(Problem(f"nights_{origin}", NIGHTS_BELOW_GUESTS))
    guest_nights = (n.get("nights_domestic"), n.get("nights_foreign"))
    if n.get("rooms_sold") == 0 and any(guest_nights):
        problems.append(Problem("rooms_sold", NIGHTS_WITHOUT_ROOMS))
    return problems


def attraction_report_problems(
    report: Mapping[str, object],
    *,
    period: dt.date | None = None,
    today: dt.date | None = None,
) -> list[Problem]:
    """What is wrong with one monthly attraction report (an empty list when nothing).

    ``visitors_domestic`` and ``visitors_foreign`` are whole numbers ≥ 0; the optional
    ``ticket_revenue`` (rupiah) is a finite number ≥ 0 and needs at least one visitor.
    With ``period`` and ``today``, the month must have ended.
    """
    problems = _period_problems(period, today)
    n = _counts(report, ATTRACTION_COUNT_FIELDS, problems)
    revenue = report.get("ticket_revenue")
    if revenue is None or revenue == "":
        return problems
    code = _amount_problem(revenue)
    if code:
        problems.append(Problem("ticket_revenue", code))
    elif len(n) == 2 and sum(n.values()) == 0 and Decimal(str(revenue)) > 0:
        problems.append(Problem("ticket_revenue", REVENUE_WITHOUT_VISITORS))
    return problems


def _amount_problem(value: object) -> str:
    """The code of what is wrong with ``value`` as an amount of money, or '' when nothing."""
    if isinstance(value, bool) or not isinstance(value, Integral | float | Decimal):
        return NOT_NUMBER
    if isinstance(value, Decimal) and not value.is_finite():
        return NOT_NUMBER
    if isinstance(value, float) and not math.isfinite(value):
        return NOT_NUMBER
    return NEGATIVE if value < 0 else ""
