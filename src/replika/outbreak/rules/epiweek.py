"""Epidemiological weeks: MMWR (Sunday start, the SKDR week) and ISO 8601 (Monday start)."""

from __future__ import annotations

import datetime as dt

from ._checks import as_date

SYSTEMS = ("mmwr", "iso")
# Week 1 can start in the previous December and a date can belong to the next year's week 1,
# so the calendar's first and last years are out of reach.
_FIRST = dt.MINYEAR + 1
_LAST = dt.MAXYEAR - 1


def _check_system(system: object) -> str:
    """The week system, refused unless it is one of SYSTEMS."""
    if system not in SYSTEMS:
        raise ValueError(f"system must be one of {', '.join(SYSTEMS)}, got {system!r}")
    return str(system)


def _check_year(year: object, name: str) -> int:
    """A year whose neighbours the calendar can still hold (2 … 9998)."""
    if isinstance(year, bool) or not isinstance(year, int) or not _FIRST <= year <= _LAST:
        raise ValueError(f"{name} must be a whole year from {_FIRST} to {_LAST}, got {year!r}")
    return year


def _week1_start(year: int, system: str) -> dt.date:
    """First day of week 1: the week (of this system) that holds 4 January.

    A week has at least 4 of its 7 days in the new year exactly when it holds 4 January,
    whichever weekday it starts on.
    """
    jan4 = dt.date(year, 1, 4)
    # weekday(): Monday 0 … Sunday 6; days back to the week's first day.
    back = jan4.weekday() if system == "iso" else (jan4.weekday() + 1) % 7
    return jan4 - dt.timedelta(days=back)


def epi_week(d: dt.date, system: str = "mmwr") -> tuple[int, int]:
    """The (epidemiological year, week number) a date falls in.

    "mmwr": weeks run Sunday–Saturday and week 1 is the first week with at least four days
    in the new year, so the last days of December can be week 1 of the next year and the
    first days of January the last week (52 or 53) of the year before. "iso": ISO 8601,
    weeks run Monday–Sunday with the same week-1 rule. A datetime counts by its own date.
    """
    day = as_date(d, "d")
    chosen = _check_system(system)
    year = _check_year(day.year, "d")
    if day >= _week1_start(year + 1, chosen):
        year += 1
    elif day < _week1_start(year, chosen):
        year -= 1
    return year, (day - _week1_start(year, chosen)).days // 7 + 1


def epi_week_start(year: int, week: int, system: str = "mmwr") -> dt.date:
    """First day (Sunday for MMWR, Monday for ISO) of a given epidemiological week."""
    chosen = _check_system(system)
    _check_year(year, "year")
    weeks = weeks_in_year(year, chosen)
    if isinstance(week, bool) or not isinstance(week, int) or not 1 <= week <= weeks:
        raise ValueError(f"week must be between 1 and {weeks} for {year}, got {week!r}")
    return _week1_start(year, chosen) + dt.timedelta(weeks=week - 1)


def weeks_in_year(year: int, system: str = "mmwr") -> int:
    """How many epidemiological weeks a year has under a system (52 or 53)."""
    chosen = _check_system(system)
    _check_year(year, "year")
    return (_week1_start(year + 1, chosen) - _week1_start(year, chosen)).days // 7


def epi_week_month(year: int, week: int, system: str = "mmwr") -> tuple[int, int]:
    """The calendar (year, month) a whole epidemiological week is counted in.

    SKDR reports a week as one number, so a week that straddles two months cannot be split
    by day. It goes whole to the month of its fourth day: the month that holds at least four
    of its seven days (the same rule that gives a week its year, so the weeks of epi year Y
    fall exactly in the twelve months of calendar year Y).
    """
    fourth = epi_week_start(year, week, system) + dt.timedelta(days=3)
    return fourth.year, fourth.month
