"""Report periods, due dates and each operator's filing status for a month."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from enum import StrEnum


class FilingStatus(StrEnum):
    """Where an obliged operator stands for one month's report."""

    ON_TIME = "on_time"  # filed up to and including the due date
    LATE = "late"  # filed after the due date
    MISSING = "missing"  # not filed, and the due date has passed
    PENDING = "pending"  # not filed yet, but the due date has not passed


def _plain_date(value: object, name: str) -> dt.date:
    """``value`` if it is a calendar date; a datetime is refused so no time zone is guessed."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueError(f"{name} must be a date (the local calendar day), got {value!r}")
    return value


def period_of(day: dt.date) -> dt.date:
    """The report period (the first day of the month) that ``day`` falls in."""
    return _plain_date(day, "day").replace(day=1)


def days_in_month(period: dt.date) -> int:
    """How many days the month of ``period`` has (28 to 31)."""
    period = _plain_date(period, "period")
    return calendar.monthrange(period.year, period.month)[1]


def next_period(period: dt.date) -> dt.date:
    """The first day of the month after ``period``."""
    start = period_of(period)
    if start.month == 12:
        return start.replace(year=start.year + 1, month=1)
    return start.replace(month=start.month + 1)


def same_period_last_year(period: dt.date) -> dt.date:
    """The first day of the same month one year earlier (for year-on-year figures)."""
    start = period_of(period)
    return start.replace(year=start.year - 1)


def report_due_date(period: dt.date, due_day: int) -> dt.date:
    """The day a report for the month of ``period`` is due: ``due_day`` of the next month.

    A due day past the end of that month falls on its last day (31 → 28 February), so a
    region's setting is valid all year. ``ValueError`` when ``due_day`` is not 1 to 31.
    """
    if isinstance(due_day, bool) or not isinstance(due_day, int) or not 1 <= due_day <= 31:
        raise ValueError(f"due_day must be a whole number from 1 to 31, got {due_day!r}")
    month = next_period(period)
    return month.replace(day=min(due_day, days_in_month(month)))


def filing_status(*, filed_on: dt.date | None, due_on: dt.date, today: dt.date) -> FilingStatus:
    """An operator's status for a month from its filing date, the due date and today.

    Filing on the due date itself is on time; an unfiled report is pending up to and
    including the due date and missing from the day after. ``ValueError`` when the filing
    date lies after today.
    """
    due_on = _plain_date(due_on, "due_on")
    today = _plain_date(today, "today")
    if filed_on is None:
        return FilingStatus.PENDING if today <= due_on else FilingStatus.MISSING
    filed_on = _plain_date(filed_on, "filed_on")
    if filed_on > today:
        raise ValueError(f"filed_on ({filed_on}) lies after today ({today})")
    return FilingStatus.ON_TIME if filed_on <= due_on else FilingStatus.LATE


def compliance_counts(statuses: Sequence[str]) -> tuple[int, int]:
    """``(filed, obliged)`` over the statuses of the obliged operators, for ``compliance``.

    A late report still counts as filed (the figures exist); pending and missing ones do not.
    """
    filed = sum(1 for status in statuses if status in (FilingStatus.ON_TIME, FilingStatus.LATE))
    return filed, len(statuses)
