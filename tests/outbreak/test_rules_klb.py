"""KLB criteria of Permenkes 1501/2010 Pasal 6."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.outbreak.rules import (
    CFR_UP_HALF,
    DOUBLE_MONTHLY_MEAN,
    DOUBLE_PREVIOUS_PERIOD,
    DOUBLE_PROPORTION,
    DOUBLE_YEARLY_MEAN,
    KLB_CODES,
    NEW_DISEASE,
    RISE_3_PERIODS,
    klb_figures,
    klb_signals,
)


def test_codes_are_the_seven_rules_in_pasal_6_order():
    assert tuple(f"rule_{n}" for n in range(1, 8)) == KLB_CODES


def test_worked_example_weekly_dengue_fires_rule_2_in_week_4_only():
    # 4 → 6 → 9 → 13 rises three times by week 4; 6/4, 9/6 = 1.5 and 13/9 = 1.44 < 2.
    assert klb_signals([4]) == []
    assert klb_signals([4, 6]) == []
    assert klb_signals([4, 6, 9]) == []
    assert klb_signals([4, 6, 9, 13]) == [RISE_3_PERIODS]


def test_worked_example_march_40_against_last_year_mean_15_fires_rule_4():
    last_year = [10, 12, 20, 15, 18, 14, 16, 13, 15, 17, 14, 16]  # sum 180, mean 15
    assert klb_signals([40], previous_year=last_year) == [DOUBLE_MONTHLY_MEAN]
    # Jan 20, Feb 25, Mar 40: two rises only, 40 < 2 × 25, but 40 ≥ 2 × 15.
    assert klb_signals([20, 25, 40], previous_year=[15] * 12) == [DOUBLE_MONTHLY_MEAN]


def test_a_flat_or_falling_series_fires_nothing():
    assert klb_signals([13, 9, 6, 4], previous_year=[15] * 12) == []
    assert klb_signals([0, 0, 0, 0]) == []


def test_a_pause_breaks_three_rises_in_a_row():
    assert klb_signals([1, 2, 2, 3, 4]) == []
    assert klb_signals([1, 2, 2, 3, 4, 5]) == [RISE_3_PERIODS]


def test_doubling_the_previous_period_exactly_fires_rule_3():
    assert klb_signals([5, 10]) == [DOUBLE_PREVIOUS_PERIOD]
    assert klb_signals([5, 9]) == []


def test_from_zero_any_case_is_a_doubling_but_zero_to_zero_is_not():
    assert klb_signals([0, 1]) == [DOUBLE_PREVIOUS_PERIOD]
    assert klb_signals([0, 0]) == []


def test_rule_4_fires_at_exactly_twice_last_years_mean():
    assert klb_signals([30], previous_year=[15] * 12) == [DOUBLE_MONTHLY_MEAN]
    assert klb_signals([29], previous_year=[15] * 12) == []
    assert klb_signals([0], previous_year=[0] * 12) == []


def test_rule_5_compares_a_whole_year_mean_with_last_years():
    # Twelve months averaging 30 (every month 30) against last year's 15: rules 4 and 5.
    assert klb_signals([30] * 12, previous_year=[15] * 12) == [
        DOUBLE_MONTHLY_MEAN,
        DOUBLE_YEARLY_MEAN,
    ]
    # Mean (29·11 + 30) / 12 = 29.08 < 30: the latest month alone still fires rule 4.
    assert klb_signals([29] * 11 + [30], previous_year=[15] * 12) == [DOUBLE_MONTHLY_MEAN]
    # Eleven months are not a year: rule 5 is not judged.
    assert klb_signals([30] * 11, previous_year=[15] * 12) == [DOUBLE_MONTHLY_MEAN]


def test_rule_6_fires_when_the_cfr_rises_by_half_or_more():
    # CFR 2/100 = 2 % → 3/100 = 3 %: +50 % exactly.
    assert klb_signals([100, 100], deaths=[2, 3]) == [CFR_UP_HALF]
    # 4 % → 5 %: +25 %.
    assert klb_signals([100, 100], deaths=[4, 5]) == []
    # 2/50 = 4 % → 9/150 = 6 %: +50 %, and 150 ≥ 2 × 50 also fires rule 3.
    assert klb_signals([50, 150], deaths=[2, 9]) == [DOUBLE_PREVIOUS_PERIOD, CFR_UP_HALF]


def test_rule_6_needs_cases_in_both_periods():
    assert klb_signals([0, 10], deaths=[0, 5]) == [DOUBLE_PREVIOUS_PERIOD]
    assert klb_signals([10, 0], deaths=[1, 0]) == []
    assert klb_signals([10], deaths=[5]) == []


def test_rule_7_fires_when_the_proportional_rate_doubles_on_last_year():
    # 30 / 300 = 10 % against 10 / 200 = 5 % a year earlier: exactly twice.
    assert klb_signals([30], visits=300, same_period_last_year=(10, 200)) == [DOUBLE_PROPORTION]
    # Against 11 / 200 = 5.5 %: 10 % < 11 %.
    assert klb_signals([30], visits=300, same_period_last_year=(11, 200)) == []
    # Without last year's pair, or without patients, it cannot be judged.
    assert klb_signals([30], visits=300) == []
    assert klb_signals([0], visits=0, same_period_last_year=(10, 200)) == []


def test_rule_1_is_the_callers_knowledge_that_the_disease_is_new_here():
    assert klb_signals([1], new_disease=True) == [NEW_DISEASE]


def test_several_rules_come_back_in_rule_order():
    result = klb_signals(
        [1, 2, 3, 8],
        previous_year=[1] * 4,
        deaths=[0, 0, 1, 4],
        visits=80,
        same_period_last_year=(1, 100),
        new_disease=True,
    )
    # 1<2<3<8 rule 2; 8 ≥ 6 rule 3; 8 ≥ 2 × 1 rule 4; mean(1,2,3,8) = 3.5 ≥ 2 rule 5;
    # CFR 1/3 → 4/8 = +50 % rule 6; 10 % ≥ 2 × 1 % rule 7.
    assert result == list(KLB_CODES)


@pytest.mark.parametrize(
    ("args", "kwargs", "name"),
    [
        ([], {}, "counts"),
        ([1, -2], {}, r"counts\[1\]"),
        ([1, float("nan")], {}, r"counts\[1\]"),
        ("123", {}, "counts"),
        ([1], {"previous_year": []}, "previous_year"),
        ([1], {"previous_year": [3, -1]}, r"previous_year\[1\]"),
        ([1, 2], {"deaths": [0]}, "deaths"),
        ([1, 2], {"deaths": [0, 3]}, r"deaths\[1\]"),
        ([5], {"visits": 4}, "visits"),
        ([5], {"visits": -1}, "visits"),
        ([5], {"visits": 10, "same_period_last_year": (5, 4)}, "same_period_last_year"),
        ([5], {"visits": 10, "same_period_last_year": (5,)}, "same_period_last_year"),
        ([5], {"new_disease": "yes"}, "new_disease"),
    ],
)
def test_bad_arguments_are_refused_naming_the_argument(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        klb_signals(args, **kwargs)


series = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30)


@given(series, st.one_of(st.none(), series), st.integers(min_value=1, max_value=50))
def test_rules_2_to_5_do_not_change_when_every_count_is_scaled(counts, last_year, factor):
    scaled_last_year = None if last_year is None else [v * factor for v in last_year]
    assert klb_signals(counts, previous_year=last_year) == klb_signals(
        [v * factor for v in counts], previous_year=scaled_last_year
    )


@given(series, st.one_of(st.none(), series))
def test_codes_are_known_unique_and_in_rule_order(counts, last_year):
    result = klb_signals(counts, previous_year=last_year)
    assert all(code in KLB_CODES for code in result)
    assert result == sorted(set(result), key=KLB_CODES.index)
    if last_year is None:
        assert set(result) <= {RISE_3_PERIODS, DOUBLE_PREVIOUS_PERIOD}


# Rules 4 and 5 on calendar months (the `monthly` keyword) while the series stays weekly.


LAST_YEAR_MONTHS = [10, 12, 20, 15, 18, 14, 16, 13, 15, 17, 14, 16]  # sum 180, mean 15


def test_worked_example_weekly_series_with_march_40_fires_rule_4_on_the_month():
    # Weekly DBD 9, 10, 10, 11 in March (40 in all): no weekly rule fires, but March's 40
    # against last year's monthly mean 15 does; the year so far (20, 25, 40) means 28.33,
    # short of 30 for rule 5.
    figures = klb_figures([9, 10, 10, 11], previous_year=LAST_YEAR_MONTHS, monthly=[20, 25, 40])
    assert figures == {DOUBLE_MONTHLY_MEAN: {"now": 40.0, "mean": 15.0}}


def test_monthly_mode_judges_rule_5_on_the_year_so_far():
    figures = klb_figures([5], previous_year=LAST_YEAR_MONTHS, monthly=[30, 31, 29])
    assert figures[DOUBLE_YEARLY_MEAN] == {"mean": 30.0, "months": 3, "last_mean": 15.0}
    assert DOUBLE_MONTHLY_MEAN not in figures  # 29 < 30


def test_monthly_mode_ignores_a_weekly_count_above_last_years_monthly_mean():
    # Without `monthly` one week of 31 would be compared with the monthly mean; with it,
    # only January's 31 cases are.
    assert klb_signals([31], previous_year=LAST_YEAR_MONTHS) == [DOUBLE_MONTHLY_MEAN]
    assert klb_signals([31], previous_year=LAST_YEAR_MONTHS, monthly=[29]) == []


def test_monthly_mode_with_zeros_and_without_last_year():
    # A quiet last year (mean 0): any case this month is a doubling; none is not.
    assert klb_signals([0], previous_year=[0] * 12, monthly=[1]) == [
        DOUBLE_MONTHLY_MEAN,
        DOUBLE_YEARLY_MEAN,
    ]
    assert klb_signals([0], previous_year=[0] * 12, monthly=[0]) == []
    # No last year at all: rules 4 and 5 cannot be judged.
    assert klb_signals([0], monthly=[500]) == []


def test_monthly_mode_needs_twelve_months_last_year_and_one_to_twelve_this_year():
    with pytest.raises(ValueError, match="12 months"):
        klb_signals([1], previous_year=[1] * 52, monthly=[1])
    with pytest.raises(ValueError, match="monthly"):
        klb_signals([1], previous_year=[1] * 12, monthly=[])
    with pytest.raises(ValueError, match="monthly"):
        klb_signals([1], previous_year=[1] * 12, monthly=[1] * 13)
    with pytest.raises(ValueError, match=r"monthly\[0\]"):
        klb_signals([1], previous_year=[1] * 12, monthly=[-1])


def test_fewer_than_four_periods_never_rise_three_times():
    assert klb_signals([1, 2, 3]) == []
    assert klb_signals([1, 2, 3, 4]) == [RISE_3_PERIODS]


def test_figures_give_the_numbers_each_rule_compared():
    figures = klb_figures(
        [1, 2, 3, 8],
        previous_year=[1] * 4,
        deaths=[0, 0, 1, 4],
        visits=80,
        same_period_last_year=(1, 100),
        new_disease=True,
    )
    assert figures == {
        NEW_DISEASE: {"now": 8.0},
        RISE_3_PERIODS: {"series": [1.0, 2.0, 3.0, 8.0]},
        DOUBLE_PREVIOUS_PERIOD: {"now": 8.0, "before": 3.0},
        DOUBLE_MONTHLY_MEAN: {"now": 8.0, "mean": 1.0},
        DOUBLE_YEARLY_MEAN: {"mean": 3.5, "months": 4, "last_mean": 1.0},
        CFR_UP_HALF: {"cfr": 50.0, "before": 33.33},
        DOUBLE_PROPORTION: {"rate": 10.0, "before": 1.0},
    }


@given(series, st.one_of(st.none(), series))
def test_figures_fire_exactly_the_signals(counts, last_year):
    assert list(klb_figures(counts, previous_year=last_year)) == klb_signals(
        counts, previous_year=last_year
    )
