"""Follow-up rules: monthly attendance, the re-dropout risk flag, days to placement."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from decimal import Decimal

from replika.schooling.rules._checks import check_count, check_date, check_not_above, percent

# The schooling domain note names no figure; 75 % is the attendance most Indonesian schools
# require for promotion and exams. A region setting; this is the default.
DEFAULT_ATTENDANCE_THRESHOLD = 75.0


def attendance_percent(*, days_present: int, school_days: int) -> float | None:
    """Days present as a percent of school days, half-up to 2 decimals; None without school days."""
    days_present = check_count("days_present", days_present)
    school_days = check_count("school_days", school_days)
    check_not_above("days_present", days_present, "school_days", school_days)
    return percent(days_present, school_days)


def check_threshold(threshold: object) -> Decimal:
    """A percentage between 0 and 100 as an exact Decimal, or ``ValueError``."""
    if isinstance(threshold, bool) or not isinstance(threshold, int | float | Decimal):
        raise ValueError(f"threshold must be a number of percent, got {threshold!r}")
    # str() keeps 75.5 as 75.5 instead of its binary expansion.
    exact = Decimal(str(threshold))
    if not exact.is_finite() or not Decimal(0) <= exact <= Decimal(100):
        raise ValueError(f"threshold must be between 0 and 100 percent, got {threshold!r}")
    return exact


def is_at_risk(
    *,
    days_present: int,
    school_days: int,
    threshold: float = DEFAULT_ATTENDANCE_THRESHOLD,
    stopped_coming: bool = False,
) -> bool:
    """Whether a placed child's month puts them at risk of dropping out again.

    At risk when the school reports that the child stopped coming, when the child came on
    none of the month's school days, or when attendance is strictly below ``threshold``
    percent (exactly at the threshold is not at risk). The comparison uses the exact
    fraction, not the rounded percent. A month without school days (a holiday) says nothing.
    """
    days_present = check_count("days_present", days_present)
    school_days = check_count("school_days", school_days)
    check_not_above("days_present", days_present, "school_days", school_days)
    limit = check_threshold(threshold)
    if stopped_coming:
        return True
    if school_days == 0:
        return False
    if days_present == 0:
        return True
    # days/school_days × 100 < limit, cross-multiplied to stay exact.
    return Decimal(days_present) * 100 < limit * school_days


def days_to_placement(*, reported_on: dt.date, placed_on: dt.date) -> int:
    """Whole days from the report of a case to its placement (0 when placed the same day)."""
    reported_on = check_date("reported_on", reported_on)
    placed_on = check_date("placed_on", placed_on)
    if placed_on < reported_on:
        raise ValueError(f"placed_on ({placed_on}) is before reported_on ({reported_on})")
    return (placed_on - reported_on).days


def median_days_to_placement(
    cases: Iterable[tuple[dt.date, dt.date | None]],
) -> float | None:
    """The median days from report to placement over ``(reported_on, placed_on)`` pairs.

    Cases not placed yet (``placed_on`` None) are left out; None when no case was placed.
    With an even number of placed cases the median is the mean of the middle two, so it
    may end in .5.
    """
    days = [
        days_to_placement(reported_on=reported_on, placed_on=placed_on)
        for reported_on, placed_on in cases
        if placed_on is not None
    ]
    if not days:
        return None
    return float(statistics.median(days))
