"""Epidemiological weeks: MMWR (Sunday start) and ISO 8601 (Monday start)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.outbreak.rules import epi_week, epi_week_month, epi_week_start, weeks_in_year

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


def test_worked_example_last_sunday_of_2024_is_mmwr_2025_week_1_and_iso_2024_week_52():
    assert epi_week(dt.date(2024, 12, 29)) == (2025, 1)
    assert epi_week(dt.date(2024, 12, 29), "mmwr") == (2025, 1)
    assert epi_week(dt.date(2024, 12, 29), system="iso") == (2024, 52)


def test_mmwr_week_runs_sunday_to_saturday():
    # 2025-01-04 is a Saturday, still in the week that began on Sunday 2024-12-29;
    # Sunday 2025-01-05 begins week 2.
    assert epi_week(dt.date(2025, 1, 4)) == (2025, 1)
    assert epi_week(dt.date(2025, 1, 5)) == (2025, 2)
    # The Saturday before 2024-12-29 closes MMWR 2024: 2024's week 1 began Sunday
    # 2023-12-31 (4 Jan 2024 was a Thursday), and (2024-12-28 − 2023-12-31) = 363 days
    # = 51 weeks + 6 days, so week 52.
    assert epi_week(dt.date(2024, 12, 28)) == (2024, 52)


def test_first_days_of_january_belong_to_last_year_when_week_has_fewer_than_4_new_days():
    # 2022-01-01 is a Saturday: its Sunday-start week (from 2021-12-26) has 1 day in 2022.
    assert epi_week(dt.date(2022, 1, 1)) == (2021, 52)
    # ISO: its Monday-start week (from 2021-12-27) has 2 days in 2022, so also 2021.
    assert epi_week(dt.date(2022, 1, 1), "iso") == (2021, 52)
    # Sunday 2022-01-02 opens MMWR 2022 week 1 (that week holds 2022-01-04), ISO still 2021.
    assert epi_week(dt.date(2022, 1, 2)) == (2022, 1)
    assert epi_week(dt.date(2022, 1, 2), "iso") == (2021, 52)


def test_2020_has_53_mmwr_weeks_and_2021_01_02_is_week_53():
    # 4 Jan 2020 was a Saturday → week 1 from Sunday 2019-12-29; 4 Jan 2021 a Monday →
    # 2021's week 1 from Sunday 2021-01-03; 371 days apart = 53 weeks.
    assert weeks_in_year(2020) == 53
    assert epi_week(dt.date(2021, 1, 2)) == (2020, 53)
    assert epi_week(dt.date(2019, 12, 29)) == (2020, 1)


def test_weeks_in_year_is_52_in_an_ordinary_year():
    # 2015: week 1 from Sunday 2015-01-04, 2016's from Sunday 2016-01-03: 364 days.
    assert weeks_in_year(2015) == 52
    assert weeks_in_year(2014) == 53  # from Sunday 2013-12-29: 371 days
    assert weeks_in_year(2020, "iso") == 53
    assert weeks_in_year(2021, "iso") == 52


def test_epi_week_start_gives_sunday_for_mmwr_and_monday_for_iso():
    assert epi_week_start(2025, 1) == dt.date(2024, 12, 29)
    assert epi_week_start(2025, 1, "iso") == dt.date(2024, 12, 30)
    assert epi_week_start(2020, 53) == dt.date(2020, 12, 27)


def test_a_datetime_counts_by_its_own_calendar_date():
    moment = dt.datetime(2024, 12, 29, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert epi_week(moment) == (2025, 1)


@pytest.mark.parametrize("system", ["cdc", "MMWR ", "", None])
def test_unknown_week_system_is_refused(system):
    with pytest.raises(ValueError, match="system"):
        epi_week(dt.date(2024, 1, 1), system)


@pytest.mark.parametrize("value", ["2024-12-29", 20241229, None])
def test_a_non_date_is_refused_naming_d(value):
    with pytest.raises(ValueError, match=r"^d must be a date"):
        epi_week(value)


@pytest.mark.parametrize(
    ("year", "week"), [(2024, 0), (2024, 53), (2020, 54), (0, 1), (2024, True)]
)
def test_epi_week_start_refuses_weeks_the_year_does_not_have(year, week):
    with pytest.raises(ValueError, match=r"year|week"):
        epi_week_start(year, week)


@given(dates, st.sampled_from(["mmwr", "iso"]))
def test_every_date_lies_in_the_seven_days_of_its_week(day, system):
    year, week = epi_week(day, system)
    assert 1 <= week <= weeks_in_year(year, system)
    start = epi_week_start(year, week, system)
    assert start <= day < start + dt.timedelta(days=7)
    assert start.weekday() == (6 if system == "mmwr" else 0)


@given(dates, st.sampled_from(["mmwr", "iso"]))
def test_the_epi_year_is_the_year_of_the_weeks_fourth_day(day, system):
    # ≥ 4 days in the new year ⇔ the week's 4th day (Wednesday / Thursday) is in it.
    year, week = epi_week(day, system)
    assert (epi_week_start(year, week, system) + dt.timedelta(days=3)).year == year


@given(dates)
def test_iso_weeks_agree_with_the_iso_calendar(day):
    iso = day.isocalendar()
    assert epi_week(day, "iso") == (iso.year, iso.week)


@given(dates)
def test_the_mmwr_week_changes_only_on_sunday(day):
    following = day + dt.timedelta(days=1)
    changed = epi_week(following) != epi_week(day)
    assert changed == (following.weekday() == 6)


def test_a_week_counts_in_the_month_holding_four_of_its_days():
    # MMWR 2025-W14 runs Sun 30 Mar … Sat 5 Apr: five days in April.
    assert epi_week_start(2025, 14) == dt.date(2025, 3, 30)
    assert epi_week_month(2025, 14) == (2025, 4)
    # 2025-W13 runs 23 … 29 Mar: March.
    assert epi_week_month(2025, 13) == (2025, 3)
    # Week 1 of 2025 starts 29 Dec 2024 but counts in January 2025, as its year says.
    assert epi_week_month(2025, 1) == (2025, 1)
    # ISO 2024-W01 starts Mon 1 Jan 2024; 2020-W53 (28 Dec 2020 … 3 Jan 2021) is December.
    assert epi_week_month(2020, 53, "iso") == (2020, 12)


def test_every_week_of_an_epi_year_counts_in_a_month_of_that_calendar_year():
    for system in ("mmwr", "iso"):
        for year in range(2015, 2031):
            months = [
                epi_week_month(year, w, system) for w in range(1, weeks_in_year(year, system) + 1)
            ]
            assert {y for y, _m in months} == {year}
            assert sorted({m for _y, m in months}) == list(range(1, 13))
