"""Rt after Cori et al. (2013): posterior mean and credible interval."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replika.outbreak.rules import gamma_cdf, rt_cori, rt_cori_interval, rt_posterior


def naive_rt(incidence, weights, window, a, b):
    """The definition written out loop by loop, as a reference."""
    result = []
    for t in range(len(incidence)):
        if t < window:
            result.append(None)
            continue
        total_i = 0.0
        total_lambda = 0.0
        for day in range(t - window + 1, t + 1):
            total_i += incidence[day]
            for s in range(1, len(weights)):
                if day - s >= 0:
                    total_lambda += incidence[day - s] * weights[s]
        result.append((a + total_i) / (1 / b + total_lambda))
    return result


def test_worked_example_seventy_cases_on_fifty_six_infectiousness():
    # 10 cases a day, w_1 = 0.8: Λ_t = 0.8 × 10 = 8 on every day from t = 1, so at t = 7
    # (days 1..7) ΣI = 70, ΣΛ = 56 and the mean is (1 + 70) / (1/5 + 56) = 71 / 56.2.
    result = rt_cori([10] * 8, [0, 0.8])
    assert result[:7] == [None] * 7
    assert result[7] == pytest.approx(71 / 56.2)
    assert result[7] == pytest.approx(1.263, abs=5e-4)


def test_hand_computed_two_day_window():
    # w = (0, 0.5, 0.5), I = 4, 2, 6, 0.
    # Λ_1 = 0.5·4 = 2; Λ_2 = 0.5·2 + 0.5·4 = 3; Λ_3 = 0.5·6 + 0.5·2 = 4.
    # t = 2 (days 1..2): ΣI = 8, ΣΛ = 5 → 9 / 5.2;  t = 3 (days 2..3): ΣI = 6, ΣΛ = 7 → 7 / 7.2.
    result = rt_cori([4, 2, 6, 0], [0, 0.5, 0.5], window=2)
    assert result[0] is None and result[1] is None
    assert result[2] == pytest.approx(9 / 5.2)
    assert result[3] == pytest.approx(7 / 7.2)


def test_prior_parameters_enter_shape_and_scale():
    # a = 2, b = 1, window 1, w_1 = 1, I = 3, 6: t = 1: (2 + 6) / (1/1 + 3) = 2.
    assert rt_cori([3, 6], [0, 1], window=1, a=2, b=1) == [None, pytest.approx(2.0)]


def test_first_estimate_is_on_day_window_not_before():
    result = rt_cori([5] * 10, [0, 0.3, 0.7], window=7)
    assert [value is None for value in result] == [True] * 7 + [False] * 3


def test_series_no_longer_than_the_window_has_no_estimate():
    assert rt_cori([1, 2, 3], [0, 1], window=7) == [None, None, None]
    assert rt_cori([1] * 7, [0, 1], window=7) == [None] * 7
    assert rt_cori([], [0, 1]) == []


def test_no_infectiousness_and_no_cases_returns_the_prior_mean():
    # ΣΛ = 0 and ΣI = 0: posterior = prior Gamma(1, 5), mean a·b = 5.
    assert rt_cori([0] * 10, [0, 0.5, 0.5]) == [None] * 7 + [5.0] * 3
    assert rt_cori([0] * 3, [0, 1], window=1, a=2, b=3) == [None, 6.0, 6.0]


def test_cases_with_no_infectiousness_before_them_follow_the_formula():
    # Days 1..7 carry no Λ (all earlier days are 0) while day 7 has 5 imported cases:
    # scale stays b = 5, shape 1 + 5 → mean 30, as the definition gives.
    result = rt_cori([0] * 7 + [5], [0, 1])
    assert result[7] == pytest.approx(30.0)
    assert rt_posterior([0] * 7 + [5], [0, 1]).cases[7] == 5


def test_weights_beyond_the_list_are_zero_and_a_long_list_is_fine():
    # w_1 = 1 and the rest 0 gives the same as the short list.
    long = [0, 1] + [0] * 40
    assert rt_cori([3, 4, 5, 6, 7], long, window=2) == rt_cori([3, 4, 5, 6, 7], [0, 1], window=2)


def test_doubling_every_day_with_one_day_generation_gives_r_near_two():
    incidence = [1000 * 2**t for t in range(15)]
    result = rt_cori(incidence, [0, 1])
    assert result[-1] == pytest.approx(2.0, rel=1e-4)


def test_steady_incidence_with_full_serial_interval_gives_r_near_one():
    weights = [0, 0.1, 0.3, 0.3, 0.2, 0.1]
    result = rt_cori([500] * 60, weights)
    # (1 + 3500) / (0.2 + 3500) once every Λ sees five full days back.
    assert result[-1] == pytest.approx(3501 / 3500.2)


def test_numpy_arrays_are_accepted_and_give_the_same_result():
    incidence = np.array([4, 2, 6, 0])
    weights = np.array([0.0, 0.5, 0.5])
    assert rt_cori(incidence, weights, window=2) == rt_cori([4, 2, 6, 0], [0, 0.5, 0.5], window=2)


@pytest.mark.parametrize(
    ("incidence", "weights", "kwargs", "name"),
    [
        ([1, -1, 2], [0, 1], {}, r"incidence\[1\]"),
        ([1, float("nan")], [0, 1], {}, "incidence"),
        ([[1, 2], [3, 4]], [0, 1], {}, "incidence"),
        ("123", [0, 1], {}, "incidence"),
        ([1, 2], [0.2, 0.8], {}, r"serial_interval\[0\]"),
        ([1, 2], [0, 0, 0], {}, "serial_interval"),
        ([1, 2], [0], {}, "serial_interval"),
        ([1, 2], [0, 0.7, 0.7], {}, "serial_interval"),
        ([1, 2], [0, -0.1, 1], {}, r"serial_interval\[1\]"),
        ([1, 2], [0, 1], {"window": 0}, "window"),
        ([1, 2], [0, 1], {"window": 2.5}, "window"),
        ([1, 2], [0, 1], {"a": 0}, "^a "),
        ([1, 2], [0, 1], {"b": -5}, "^b "),
        ([1, 2], [0, 1], {"b": float("inf")}, "^b "),
    ],
)
def test_bad_arguments_are_refused_naming_the_argument(incidence, weights, kwargs, name):
    with pytest.raises(ValueError, match=name):
        rt_cori(incidence, weights, **kwargs)


incidences = st.lists(st.integers(min_value=0, max_value=5000), min_size=0, max_size=60)
serial_intervals = (
    st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=12)
    .filter(lambda ws: sum(ws) > 0)
    .map(lambda ws: [0.0] + [w / sum(ws) for w in ws])
)


@given(incidences, serial_intervals, st.integers(min_value=1, max_value=14))
def test_vectorised_result_equals_the_definition_loop(incidence, weights, window):
    fast = rt_cori(incidence, weights, window=window)
    slow = naive_rt(incidence, weights, window, 1.0, 5.0)
    assert len(fast) == len(incidence)
    for got, expected in zip(fast, slow, strict=True):
        if expected is None:
            assert got is None
        else:
            assert got == pytest.approx(expected, rel=1e-9)


@given(incidences, serial_intervals)
def test_estimates_are_positive_and_at_most_the_case_bound(incidence, weights):
    posterior = rt_posterior(incidence, weights)
    for value, shape in zip(rt_cori(incidence, weights), posterior.shape.tolist(), strict=True):
        if value is not None:
            # scale ≤ b, so the mean never exceeds (a + ΣI)·b.
            assert 0 < value <= shape * 5.0 * (1 + 1e-12)


def test_interval_of_the_prior_is_the_exponential_quantiles():
    # All zeros, window 1: posterior = prior Gamma(1, 5), an exponential with mean 5, whose
    # quantiles are −5·ln(1 − p): 0.1266 and 18.444.
    interval = rt_cori_interval([0, 0], [0, 1], window=1)
    assert interval[0] is None
    low, high = interval[1]
    assert low == pytest.approx(-5 * math.log(0.975), rel=1e-10)
    assert high == pytest.approx(-5 * math.log(0.025), rel=1e-10)


def test_interval_of_the_worked_example_brackets_the_mean_at_2_5_and_97_5_percent():
    low, high = rt_cori_interval([10] * 8, [0, 0.8])[7]
    mean = 71 / 56.2
    assert low < mean < high
    scale = 1 / 56.2
    assert gamma_cdf(low, 71, scale) == pytest.approx(0.025, abs=1e-12)
    assert gamma_cdf(high, 71, scale) == pytest.approx(0.975, abs=1e-12)
    # Wilson–Hilferty by hand: 71·(1 − 1/639 ∓ 1.959964·√(1/639))³ = 55.449 and 88.442,
    # divided by 56.2 → 0.98664 and 1.57370 (the approximation is good to ~1e-4 here).
    assert low == pytest.approx(0.98664, rel=1e-3)
    assert high == pytest.approx(1.57370, rel=1e-3)


def test_narrower_level_gives_a_narrower_interval():
    wide = rt_cori_interval([10] * 8, [0, 0.8])[7]
    narrow = rt_cori_interval([10] * 8, [0, 0.8], level=0.5)[7]
    assert wide[0] < narrow[0] < narrow[1] < wide[1]


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1, True])
def test_interval_level_outside_zero_one_is_refused(level):
    with pytest.raises(ValueError, match="level"):
        rt_cori_interval([1, 2], [0, 1], level=level)


@settings(max_examples=30)
@given(incidences, serial_intervals)
def test_interval_always_contains_the_posterior_mean(incidence, weights):
    for mean, interval in zip(
        rt_cori(incidence, weights), rt_cori_interval(incidence, weights), strict=True
    ):
        assert (mean is None) == (interval is None)
        if interval is not None:
            assert interval[0] < mean < interval[1]
