"""Contact tracing dates: the window in which contacts count, follow-up days, isolation end."""

from __future__ import annotations

import datetime as dt

from ._checks import as_date, non_negative_int

# KMK HK.01.07/MENKES/4641/2021: isolation ends 10 days after the specimen (no symptoms),
# or 10 days after onset but never before 3 days without symptoms (symptomatic).
ISOLATION_DAYS = 10
SYMPTOM_FREE_DAYS = 3
# No disease is followed for years; a larger figure is a typing slip, not a rule.
_MAX_DAYS = 366


def contact_window(
    *,
    onset: dt.date | None = None,
    specimen: dt.date | None = None,
    before: int = 2,
    after: int = 14,
) -> tuple[dt.date, dt.date]:
    """First and last day (both included) on which meeting the case makes someone a contact.

    The window runs from `before` days before symptom onset to `after` days after it; a case
    without symptoms (no onset) counts from the date its specimen was taken. When both dates
    are known the onset wins, as the symptomatic rule says.
    """
    days_before = non_negative_int(before, "before")
    days_after = non_negative_int(after, "after")
    if onset is not None:
        anchor = as_date(onset, "onset")
    elif specimen is not None:
        anchor = as_date(specimen, "specimen")
    else:
        raise ValueError("onset or specimen is required: the window is counted from one of them")
    try:
        return anchor - dt.timedelta(days=days_before), anchor + dt.timedelta(days=days_after)
    except OverflowError as error:
        raise ValueError("before/after reach beyond the calendar") from error


def follow_up_days(
    last_exposure: dt.date, *, days: int = 14, until: dt.date | None = None
) -> list[dt.date]:
    """The days a contact is followed: from the day after last exposure, `days` days long.

    `until` is the end date an officer set by hand (it may shorten or lengthen the period);
    it must not fall before the first follow-up day. `days` = 0 means no follow-up.
    """
    first = follow_up_end(last_exposure, days=1)
    count = _checked_days(days)
    if until is not None:
        end = as_date(until, "until")
        if end < first:
            raise ValueError(f"until ({end}) must not be before the first follow-up day ({first})")
        count = (end - first).days + 1
        if count > _MAX_DAYS:
            raise ValueError(f"until must be at most {_MAX_DAYS} days after {first}, got {end}")
    return [first + dt.timedelta(days=offset) for offset in range(count)]


def follow_up_end(last_exposure: dt.date, *, days: int = 14) -> dt.date:
    """The last follow-up day: `days` days after the last exposure (the exposure day itself
    when `days` is 0, i.e. nothing to follow)."""
    exposed = as_date(last_exposure, "last_exposure")
    return exposed + dt.timedelta(days=_checked_days(days))


def _checked_days(days: object) -> int:
    """A follow-up length in days, 0 … _MAX_DAYS."""
    count = non_negative_int(days, "days")
    if count > _MAX_DAYS:
        raise ValueError(f"days must be at most {_MAX_DAYS}, got {count}")
    return count


def isolation_end(
    *,
    onset: dt.date | None = None,
    specimen: dt.date | None = None,
    symptoms_end: dt.date | None = None,
    days: int = ISOLATION_DAYS,
    symptom_free: int = SYMPTOM_FREE_DAYS,
) -> dt.date | None:
    """The day isolation ends (selesai isolasi), or None while it cannot be known yet.

    Without symptoms (no onset): specimen + `days`. With symptoms:
    max(onset + `days`, symptoms_end) + `symptom_free`; while the symptoms last
    (symptoms_end is None) the end depends on when they stop, so the answer is None.
    """
    isolation = non_negative_int(days, "days")
    free = non_negative_int(symptom_free, "symptom_free")
    if onset is None:
        if symptoms_end is not None:
            raise ValueError("symptoms_end needs onset: symptoms cannot end without starting")
        if specimen is None:
            raise ValueError("onset or specimen is required to count the isolation")
        return as_date(specimen, "specimen") + dt.timedelta(days=isolation)
    start = as_date(onset, "onset")
    if symptoms_end is None:
        return None
    well = as_date(symptoms_end, "symptoms_end")
    if well < start:
        raise ValueError(f"symptoms_end ({well}) must not be before onset ({start})")
    return max(start + dt.timedelta(days=isolation), well) + dt.timedelta(days=free)
