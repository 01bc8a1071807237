"""Gamma CDF and quantile checked against chi-square tables and closed forms."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.outbreak.rules import gamma_cdf, gamma_quantile

# Chi-square critical values (df, p, x) from published tables; Gamma(df/2, scale 2) is χ²(df).
CHI_SQUARE = [
    (1, 0.025, 0.000982069),
    (1, 0.95, 3.841459),
    (1, 0.975, 5.023886),
    (2, 0.025, 0.0506356),
    (2, 0.975, 7.377759),
    (10, 0.025, 3.246973),
    (10, 0.975, 20.483177),
    (30, 0.025, 16.790772),
    (30, 0.975, 46.979242),
    (100, 0.025, 74.221927),
    (100, 0.975, 129.561197),
]


@pytest.mark.parametrize(("df", "p", "expected"), CHI_SQUARE)
def test_quantile_matches_chi_square_tables(df, p, expected):
    assert gamma_quantile(p, df / 2, 2.0) == pytest.approx(expected, rel=2e-6)


@pytest.mark.parametrize(("df", "p", "x"), CHI_SQUARE)
def test_cdf_matches_chi_square_tables(df, p, x):
    assert gamma_cdf(x, df / 2, 2.0) == pytest.approx(p, rel=1e-5)


def test_exponential_quantile_has_closed_form():
    # Gamma(1, θ) is exponential: the median is θ·ln 2.
    assert gamma_quantile(0.5, 1.0, 3.0) == pytest.approx(3 * math.log(2), rel=1e-12)


def test_cdf_at_and_below_zero_is_zero_and_at_infinity_one():
    assert gamma_cdf(0, 2.0) == 0.0
    assert gamma_cdf(-1.0, 2.0) == 0.0
    assert gamma_cdf(math.inf, 2.0) == 1.0


@given(
    st.floats(min_value=1e-6, max_value=1 - 1e-6),
    st.floats(min_value=0.01, max_value=10.0),
)
def test_exponential_quantiles_for_any_p(p, scale):
    assert gamma_quantile(p, 1.0, scale) == pytest.approx(-scale * math.log1p(-p), rel=1e-9)


@given(st.integers(min_value=1, max_value=60), st.floats(min_value=0.01, max_value=150))
def test_integer_shape_cdf_equals_the_poisson_tail(k, x):
    # P(k, x) = 1 − e^{−x} Σ_{j<k} x^j / j!  (the Erlang distribution).
    poisson = sum(math.exp(j * math.log(x) - x - math.lgamma(j + 1)) for j in range(k))
    assert gamma_cdf(x, k) == pytest.approx(1 - poisson, abs=1e-12)


@given(
    st.floats(min_value=1e-6, max_value=1 - 1e-6),
    st.floats(min_value=0.05, max_value=50_000),
)
def test_quantile_inverts_the_cdf(p, shape):
    x = gamma_quantile(p, shape)
    assert gamma_cdf(x, shape) == pytest.approx(p, rel=1e-8, abs=1e-12)


@given(st.floats(min_value=0.01, max_value=0.98), st.floats(min_value=0.05, max_value=5000))
def test_quantile_rises_with_p(p, shape):
    assert gamma_quantile(p, shape) < gamma_quantile(p + 0.01, shape)


@pytest.mark.parametrize(
    ("p", "shape", "scale", "name"),
    [
        (0, 1, 1, "^p "),
        (1, 1, 1, "^p "),
        (float("nan"), 1, 1, "^p "),
        (0.5, 0, 1, "shape"),
        (0.5, -2, 1, "shape"),
        (0.5, 1, 0, "scale"),
        (0.5, float("nan"), 1, "shape"),
    ],
)
def test_bad_quantile_arguments_are_refused(p, shape, scale, name):
    with pytest.raises(ValueError, match=name):
        gamma_quantile(p, shape, scale)


def test_numpy_scalars_are_numbers_too():
    assert gamma_cdf(np.int64(0), 2.0) == 0.0
    assert gamma_quantile(np.float64(0.5), 1.0) == pytest.approx(math.log(2), rel=1e-12)
