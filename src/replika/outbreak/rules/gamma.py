"""The Gamma distribution's CDF and quantile in pure Python (no scipy on the servers).

The regularised lower incomplete gamma P(a, x) comes from its power series below x = a + 1
and from the continued fraction of the upper function Q = 1 − P above it, each summed to
machine precision. The quantile starts at the Wilson–Hilferty approximation (or, where that
is poor, at the small-x limit P ≈ xᵃ / Γ(a + 1)) and is refined by Newton steps held inside
a bracket that bisection falls back on, so it always converges.
"""

from __future__ import annotations

import math
from numbers import Real
from statistics import NormalDist

from ._checks import positive_real

_EPS = 1e-16
_MAX_TERMS = 100_000
_TINY = 1e-300


def _log_kernel(a: float, x: float) -> float:
    """log of xᵃ e⁻ˣ / Γ(a), the common factor of both expansions."""
    return a * math.log(x) - x - math.lgamma(a)


def _lower_series(a: float, x: float) -> float:
    """P(a, x) by the series xᵃ e⁻ˣ Σₙ xⁿ / Γ(a + n + 1); converges fast for x < a + 1."""
    term = 1.0 / a
    total = term
    denominator = a
    for _ in range(_MAX_TERMS):
        denominator += 1.0
        term *= x / denominator
        total += term
        if term < total * _EPS:
            return total * math.exp(_log_kernel(a, x))
    raise ArithmeticError(f"gamma series did not converge for a={a}, x={x}")


def _upper_fraction(a: float, x: float) -> float:
    """Q(a, x) by its continued fraction (modified Lentz); converges fast for x > a + 1."""
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for n in range(1, _MAX_TERMS):
        an = -n * (n - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            return h * math.exp(_log_kernel(a, x))
    raise ArithmeticError(f"gamma continued fraction did not converge for a={a}, x={x}")


def gamma_cdf(x: float, shape: float, scale: float = 1.0) -> float:
    """P(X ≤ x) for X ~ Gamma(shape, scale): the regularised lower incomplete gamma."""
    a = positive_real(shape, "shape")
    theta = positive_real(scale, "scale")
    if isinstance(x, bool) or not isinstance(x, Real) or math.isnan(x):
        raise ValueError(f"x must be a number, got {x!r}")
    z = x / theta
    if z <= 0:
        return 0.0
    if math.isinf(z):
        return 1.0
    if z < a + 1.0:
        return min(1.0, _lower_series(a, z))
    return max(0.0, 1.0 - _upper_fraction(a, z))


def _gamma_pdf(z: float, a: float) -> float:
    """Density of Gamma(a, 1) at z > 0."""
    return math.exp((a - 1.0) * math.log(z) - z - math.lgamma(a))


def _start(p: float, a: float) -> float:
    """A first guess of the Gamma(a, 1) quantile: Wilson–Hilferty or the small-x limit."""
    small = math.exp((math.log(p) + math.lgamma(a + 1.0)) / a)
    h = 1.0 / (9.0 * a)
    t = 1.0 - h + NormalDist().inv_cdf(p) * math.sqrt(h)
    if t <= 0:
        return small
    wilson = a * t**3
    # Keep the guess whose CDF lands nearer p; the small-x limit wins for small a and p.
    wilson_miss = abs(gamma_cdf(wilson, a) - p)
    small_miss = abs(gamma_cdf(small, a) - p) if small > 0 else math.inf
    return small if small_miss < wilson_miss else wilson


def gamma_quantile(p: float, shape: float, scale: float = 1.0) -> float:
    """The x with P(X ≤ x) = p for X ~ Gamma(shape, scale), to about 1e-12 relative."""
    if isinstance(p, bool) or not isinstance(p, Real) or not 0.0 < p < 1.0:
        raise ValueError(f"p must be a probability strictly between 0 and 1, got {p!r}")
    a = positive_real(shape, "shape")
    theta = positive_real(scale, "scale")
    low, high = 0.0, math.inf
    z = _start(p, a)
    for _ in range(500):
        miss = gamma_cdf(z, a) - p
        if miss == 0.0:
            break
        if miss < 0:
            low = z
        else:
            high = z
        density = _gamma_pdf(z, a)
        step = miss / density if density > 0 else math.inf
        candidate = z - step
        if not (low < candidate < high) or not math.isfinite(candidate):
            # Newton left the bracket: bisect it (or widen it while it is open upwards).
            candidate = 2.0 * z if math.isinf(high) else 0.5 * (low + high)
        if abs(candidate - z) <= 1e-13 * z:
            z = candidate
            break
        z = candidate
    else:
        raise ArithmeticError(f"gamma quantile did not converge for p={p}, shape={a}")
    return z * theta
