"""Follow-up: attendance percent, the re-dropout risk flag, days from report to placement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.schooling.rules import (
    DEFAULT_ATTENDANCE_THRESHOLD,
    attendance_percent,
    days_to_placement,
    is_at_risk,
    median_days_to_placement,
)

D = dt.date


def test_attendance_percent_rounds_half_up():
    # 15/20 = 75 %; 17/22 = 77.2727… → 77.27; 2/3 = 66.666… → 66.67; 1/8 = 12.5.
    assert attendance_percent(days_present=15, school_days=20) == 75.0
    assert attendance_percent(days_present=17, school_days=22) == 77.27
    assert attendance_percent(days_present=2, school_days=3) == 66.67
    assert attendance_percent(days_present=1, school_days=8) == 12.5


def test_attendance_percent_is_none_in_a_month_without_school_days():
    assert attendance_percent(days_present=0, school_days=0) is None


def test_more_days_present_than_school_days_is_refused():
    with pytest.raises(ValueError, match="days_present"):
        attendance_percent(days_present=21, school_days=20)
    with pytest.raises(ValueError, match="days_present"):
        is_at_risk(days_present=21, school_days=20)


@pytest.mark.parametrize(
    ("present", "days", "name"), [(-1, 20, "days_present"), (3, -1, "school_days")]
)
def test_negative_days_are_refused_by_name(present, days, name):
    with pytest.raises(ValueError, match=name):
        is_at_risk(days_present=present, school_days=days)


def test_default_threshold_is_75_percent():
    assert DEFAULT_ATTENDANCE_THRESHOLD == 75.0


@pytest.mark.parametrize(
    ("present", "days", "at_risk"),
    [
        (20, 20, False),  # full attendance
        (15, 20, False),  # exactly 75 %: not below the threshold
        (14, 20, True),  # 70 %
        (18, 24, False),  # 75 % again, other month length
        (17, 24, True),  # 70.83 %
        (16, 21, False),  # 76.19 %
        (15, 21, True),  # 71.43 %
        (0, 20, True),  # came on no day: stopped coming
    ],
)
def test_attendance_below_the_default_threshold_is_at_risk(present, days, at_risk):
    assert is_at_risk(days_present=present, school_days=days) is at_risk


def test_the_threshold_is_compared_exactly_not_after_rounding():
    # 2,999/4,000 = 74.975 % exactly (shown rounded as 74.98). Against 74.975 it is at the
    # threshold, not below it; against 74.976 it is below.
    assert is_at_risk(days_present=2999, school_days=4000, threshold=74.975) is False
    assert is_at_risk(days_present=2999, school_days=4000, threshold=74.976) is True
    # 2/3 = 66.666…%: below 66.67 (what is shown) and so at risk against that threshold.
    assert is_at_risk(days_present=2, school_days=3, threshold=66.67) is True
    assert is_at_risk(days_present=2, school_days=3, threshold=66.66) is False


def test_a_region_threshold_replaces_the_default():
    # 17/20 = 85 %: fine at 75, at risk where the region asks for 90.
    assert is_at_risk(days_present=17, school_days=20) is False
    assert is_at_risk(days_present=17, school_days=20, threshold=90) is True
    assert is_at_risk(days_present=17, school_days=20, threshold=Decimal("85")) is False


def test_a_child_who_stopped_coming_is_at_risk_whatever_the_count():
    assert is_at_risk(days_present=20, school_days=20, stopped_coming=True) is True
    assert is_at_risk(days_present=0, school_days=0, stopped_coming=True) is True


def test_a_month_without_school_days_raises_no_flag():
    assert is_at_risk(days_present=0, school_days=0) is False


def test_threshold_zero_flags_only_children_who_stopped_coming():
    assert is_at_risk(days_present=1, school_days=20, threshold=0) is False
    assert is_at_risk(days_present=0, school_days=20, threshold=0) is True


def test_threshold_100_flags_any_missed_day():
    assert is_at_risk(days_present=19, school_days=20, threshold=100) is True
    assert is_at_risk(days_present=20, school_days=20, threshold=100) is False


@pytest.mark.parametrize("bad", [-0.1, 100.5, float("nan"), float("inf"), None, "75", True])
def test_a_threshold_outside_0_to_100_is_refused(bad):
    with pytest.raises(ValueError, match="threshold"):
        is_at_risk(days_present=10, school_days=20, threshold=bad)


@given(st.integers(min_value=1, max_value=31), st.data())
def test_risk_agrees_with_the_exact_percentage(days, data):
    present = data.draw(st.integers(min_value=0, max_value=days))
    threshold = data.draw(st.integers(min_value=0, max_value=100))
    exact_below = present * 100 < threshold * days
    assert is_at_risk(days_present=present, school_days=days, threshold=threshold) is (
        exact_below or present == 0
    )


@given(st.integers(min_value=1, max_value=31), st.data())
def test_coming_more_often_never_adds_risk(days, data):
    present = data.draw(st.integers(min_value=0, max_value=days - 1))
    if not is_at_risk(days_present=present, school_days=days):
        assert not is_at_risk(days_present=present + 1, school_days=days)


def test_days_to_placement_counts_calendar_days():
    # 2025-01-30 → 2025-03-02: 1 day left in January + 28 in February + 2 = 31.
    assert days_to_placement(reported_on=D(2025, 1, 30), placed_on=D(2025, 3, 2)) == 31
    # Across a leap February: 2024-02-28 → 2024-03-01 = 2 days.
    assert days_to_placement(reported_on=D(2024, 2, 28), placed_on=D(2024, 3, 1)) == 2
    assert days_to_placement(reported_on=D(2025, 6, 1), placed_on=D(2025, 6, 1)) == 0


def test_placement_before_the_report_is_refused():
    with pytest.raises(ValueError, match="placed_on"):
        days_to_placement(reported_on=D(2025, 6, 2), placed_on=D(2025, 6, 1))
    with pytest.raises(ValueError, match="placed_on"):
        median_days_to_placement([(D(2025, 6, 2), D(2025, 6, 1))])


def test_median_of_an_odd_number_of_cases_is_the_middle_one():
    # 10, 3 and 45 days → sorted 3, 10, 45 → 10.
    cases = [
        (D(2025, 1, 1), D(2025, 1, 11)),
        (D(2025, 2, 1), D(2025, 2, 4)),
        (D(2025, 3, 1), D(2025, 4, 15)),  # 30 in March + 15 = 45
    ]
    assert median_days_to_placement(cases) == 10.0


def test_median_of_an_even_number_of_cases_is_the_mean_of_the_middle_two():
    # 3, 10, 14 and 45 days → (10 + 14) / 2 = 12; 3, 10 → 6.5.
    cases = [
        (D(2025, 1, 1), D(2025, 1, 11)),
        (D(2025, 2, 1), D(2025, 2, 4)),
        (D(2025, 3, 1), D(2025, 4, 15)),
        (D(2025, 5, 1), D(2025, 5, 15)),
    ]
    assert median_days_to_placement(cases) == 12.0
    assert median_days_to_placement(cases[:2]) == 6.5


def test_unplaced_cases_are_left_out_of_the_median():
    cases = [
        (D(2025, 1, 1), D(2025, 1, 21)),  # 20 days
        (D(2025, 1, 1), None),
        (D(2025, 1, 1), None),
    ]
    assert median_days_to_placement(cases) == 20.0


def test_median_is_none_without_placed_cases():
    assert median_days_to_placement([]) is None
    assert median_days_to_placement([(D(2025, 1, 1), None)]) is None


def test_median_accepts_any_iterable_once():
    pairs = ((D(2025, 1, 1), D(2025, 1, 1 + n)) for n in (4, 2, 9))
    assert median_days_to_placement(pairs) == 4.0


def test_datetimes_are_refused_in_days_to_placement():
    moment = dt.datetime(2025, 1, 1, 23, 30, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="reported_on"):
        days_to_placement(reported_on=moment, placed_on=D(2025, 1, 5))


@given(
    st.lists(
        st.tuples(st.dates(max_value=D(2100, 1, 1)), st.integers(min_value=0, max_value=3_000)),
        max_size=50,
    )
)
def test_median_is_the_middle_of_the_sorted_day_counts(rows):
    cases = [(reported, reported + dt.timedelta(days=days)) for reported, days in rows]
    result = median_days_to_placement(cases)
    counts = sorted(days for _, days in rows)
    if not counts:
        assert result is None
        return
    middle = len(counts) // 2
    if len(counts) % 2:
        assert result == counts[middle]
    else:
        assert result == (counts[middle - 1] + counts[middle]) / 2
    assert isinstance(result, float)
