"""Report due dates and each operator's filing status for a month (no database)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.tourism.rules import (
    FilingStatus,
    compliance,
    compliance_counts,
    days_in_month,
    filing_status,
    next_period,
    period_of,
    report_due_date,
    same_period_last_year,
)

D = dt.date


# --- due dates -------------------------------------------------------------------------------


def test_june_report_is_due_on_the_due_day_of_july():
    assert report_due_date(D(2025, 6, 1), 10) == D(2025, 7, 10)


def test_any_day_of_the_month_names_the_same_period():
    assert report_due_date(D(2025, 6, 17), 10) == report_due_date(D(2025, 6, 1), 10)


def test_december_report_is_due_in_january_of_the_next_year():
    assert report_due_date(D(2025, 12, 1), 5) == D(2026, 1, 5)


def test_due_day_past_february_is_clamped_to_its_last_day():
    # January's report is due in February: 28 days in 2025, 29 in the leap year 2024.
    assert report_due_date(D(2025, 1, 1), 31) == D(2025, 2, 28)
    assert report_due_date(D(2024, 1, 1), 30) == D(2024, 2, 29)
    assert report_due_date(D(2024, 1, 1), 29) == D(2024, 2, 29)


def test_due_day_31_is_clamped_in_thirty_day_months_only():
    assert report_due_date(D(2025, 3, 1), 31) == D(2025, 4, 30)  # April has 30
    assert report_due_date(D(2025, 4, 1), 31) == D(2025, 5, 31)  # May has 31


@pytest.mark.parametrize("due_day", [0, 32, -5, True, 10.0, None])
def test_impossible_due_day_is_refused(due_day):
    with pytest.raises(ValueError, match="due_day"):
        report_due_date(D(2025, 6, 1), due_day)


@given(st.dates(D(1900, 1, 1), D(2200, 12, 31)), st.integers(1, 31))
def test_due_date_always_falls_in_the_following_month(period, due_day):
    due = report_due_date(period, due_day)
    assert period_of(due) == next_period(period)
    assert due.day == min(due_day, days_in_month(due))


# --- months ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "days"),
    [(D(2025, 2, 1), 28), (D(2024, 2, 10), 29), (D(2100, 2, 1), 28), (D(2000, 2, 1), 29)],
)
def test_february_length_follows_the_gregorian_leap_rule(period, days):
    assert days_in_month(period) == days


def test_same_period_last_year_of_a_leap_day_is_the_first_of_february():
    assert same_period_last_year(D(2024, 2, 29)) == D(2023, 2, 1)


def test_period_refuses_a_datetime():
    with pytest.raises(ValueError, match="day"):
        period_of(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC))


# --- filing status ---------------------------------------------------------------------------

DUE = D(2025, 7, 10)


def test_filing_on_the_due_date_is_on_time():
    assert filing_status(filed_on=DUE, due_on=DUE, today=D(2025, 8, 1)) == FilingStatus.ON_TIME


def test_filing_before_the_due_date_is_on_time():
    assert filing_status(filed_on=D(2025, 7, 1), due_on=DUE, today=D(2025, 7, 2)) == "on_time"


def test_filing_the_day_after_the_due_date_is_late():
    assert filing_status(filed_on=D(2025, 7, 11), due_on=DUE, today=D(2025, 7, 11)) == "late"


def test_unfiled_report_is_pending_up_to_and_including_the_due_date():
    assert filing_status(filed_on=None, due_on=DUE, today=D(2025, 7, 1)) == "pending"
    assert filing_status(filed_on=None, due_on=DUE, today=DUE) == FilingStatus.PENDING


def test_unfiled_report_is_missing_the_day_after_the_due_date():
    assert filing_status(filed_on=None, due_on=DUE, today=D(2025, 7, 11)) == "missing"


def test_filing_date_after_today_is_refused():
    with pytest.raises(ValueError, match="filed_on"):
        filing_status(filed_on=D(2025, 7, 12), due_on=DUE, today=D(2025, 7, 11))


def test_filing_status_refuses_timestamps_to_avoid_guessing_the_time_zone():
    stamp = dt.datetime(2025, 7, 10, 23, 30, tzinfo=dt.UTC)  # already 11 July in Jakarta
    with pytest.raises(ValueError, match="filed_on"):
        filing_status(filed_on=stamp, due_on=DUE, today=D(2025, 7, 12))


def test_filing_status_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        filing_status(DUE, DUE, DUE)  # type: ignore[misc]


@given(
    st.one_of(st.none(), st.dates(D(2025, 6, 1), D(2025, 9, 30))),
    st.dates(D(2025, 6, 1), D(2025, 9, 30)),
)
def test_a_filed_report_is_never_missing_and_an_unfiled_one_is_never_on_time(filed_on, today):
    if filed_on is not None and filed_on > today:
        return
    status = filing_status(filed_on=filed_on, due_on=DUE, today=today)
    if filed_on is None:
        assert status in (FilingStatus.PENDING, FilingStatus.MISSING)
    else:
        assert status in (FilingStatus.ON_TIME, FilingStatus.LATE)


# --- compliance from statuses ----------------------------------------------------------------


def test_late_reports_count_as_filed_pending_and_missing_do_not():
    statuses = [FilingStatus.ON_TIME] * 60 + [FilingStatus.LATE] * 30
    statuses += [FilingStatus.MISSING] * 40 + [FilingStatus.PENDING] * 5
    # filed 60 + 30 = 90 of 135 obliged ⇒ 66.67 % (the domain note's example)
    filed, obliged = compliance_counts(statuses)
    assert (filed, obliged) == (90, 135)
    assert compliance(filed=filed, obliged=obliged) == 66.67


def test_no_obliged_operators_give_no_counts():
    assert compliance_counts([]) == (0, 0)
