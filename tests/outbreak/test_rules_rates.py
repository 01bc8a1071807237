"""Dashboard rates, rounded to 2 decimals half-up."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.outbreak.rules import (
    case_fatality_rate,
    incidence_per_100k,
    moving_mean,
    positivity_rate,
)


def test_incidence_per_100k_by_hand():
    # 7 / 56,000 × 100,000 = 12.5.
    assert incidence_per_100k(7, 56_000) == 12.5
    assert incidence_per_100k(0, 56_000) == 0.0


def test_halves_round_up_not_to_even():
    # 1 / 800,000 × 100,000 = 0.125 → 0.13 (banker's rounding would give 0.12).
    assert incidence_per_100k(1, 800_000) == 0.13
    # 1 / 800 = 0.125 % → 0.13; 3 / 800 = 0.375 % → 0.38.
    assert positivity_rate(1, 800) == 0.13
    assert positivity_rate(3, 800) == 0.38


def test_positivity_and_cfr_by_hand():
    assert positivity_rate(1, 8) == 12.5
    assert positivity_rate(8, 8) == 100.0
    # 1/3 = 33.333… % → 33.33; 2/3 = 66.666… % → 66.67.
    assert case_fatality_rate(1, 3) == 33.33
    assert case_fatality_rate(2, 3) == 66.67


def test_rates_without_a_denominator_are_none():
    assert positivity_rate(0, 0) is None
    assert case_fatality_rate(0, 0) is None


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: positivity_rate(9, 8), "positive"),
        (lambda: case_fatality_rate(4, 3), "deaths"),
        (lambda: incidence_per_100k(-1, 100), "cases"),
        (lambda: incidence_per_100k(1, 0), "population"),
        (lambda: positivity_rate(1.5, 8), "positive"),
        (lambda: moving_mean([1, -1]), r"values\[1\]"),
        (lambda: moving_mean([1, 2], window=0), "window"),
    ],
)
def test_bad_arguments_are_refused_naming_them(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_moving_mean_by_hand():
    # Days 1..7 → mean 4 on the 7th day; none before it.
    assert moving_mean([1, 2, 3, 4, 5, 6, 7]) == [None] * 6 + [4.0]
    # Window 3 over 1, 2, 2, 0: 5/3 = 1.67, 4/3 = 1.33.
    assert moving_mean([1, 2, 2, 0], window=3) == [None, None, 1.67, 1.33]
    # (0 + 0.01) / 2 = 0.005 → 0.01 half-up.
    assert moving_mean([0, 0.01], window=2) == [None, 0.01]


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_positivity_stays_within_0_and_100(positive, extra):
    rate = positivity_rate(positive, positive + extra)
    assert rate is not None
    assert 0 <= rate <= 100


@given(st.lists(st.integers(0, 1000), min_size=7, max_size=40))
def test_moving_mean_of_a_constant_window_is_that_constant(values):
    constant = [values[0]] * len(values)
    assert moving_mean(constant)[6:] == [float(values[0])] * (len(values) - 6)
