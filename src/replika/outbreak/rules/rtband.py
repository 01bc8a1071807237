"""Rt with its credible band for a dashboard: one posterior, every day, fast at any size.

`rt_cori_interval` refines every quantile to machine precision, which costs a few
milliseconds per day once a window holds thousands of cases (a province at the peak of a
wave). A dashboard needs two decimals: above `exact_below` cases the Wilson–Hilferty
approximation of the Gamma quantile, whose relative error there is below 1e-5, is used
instead; below it the exact quantile is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Real
from statistics import NormalDist

from .gamma import gamma_quantile
from .rt import FloatArray, rt_posterior

EXACT_BELOW = 400.0


def _wilson_hilferty(p: float, shape: float, scale: float) -> float:
    """The p-quantile of Gamma(shape, scale) by the Wilson–Hilferty cube-root normal."""
    z = NormalDist().inv_cdf(p)
    c = 1.0 / (9.0 * shape)
    return shape * scale * (1.0 - c + z * c**0.5) ** 3


def rt_band(
    incidence: Sequence[float] | FloatArray,
    serial_interval: Sequence[float] | FloatArray,
    *,
    window: int = 7,
    a: float = 1.0,
    b: float = 5.0,
    level: float = 0.95,
    exact_below: float = EXACT_BELOW,
) -> list[tuple[float, float, float] | None]:
    """(posterior mean, lower, upper) of R per day t, None for t < window (as `rt_cori`)."""
    if isinstance(level, bool) or not isinstance(level, Real) or not 0 < level < 1:
        raise ValueError(f"level must be strictly between 0 and 1, got {level!r}")
    posterior = rt_posterior(incidence, serial_interval, window=window, a=a, b=b)
    tail = (1.0 - level) / 2.0
    band: list[tuple[float, float, float] | None] = []
    shapes = posterior.shape.tolist()
    scales = posterior.scale.tolist()
    for shape, scale in zip(shapes, scales, strict=True):
        if shape != shape:  # NaN: no estimate for this day
            band.append(None)
            continue
        quantile = gamma_quantile if shape < exact_below else _wilson_hilferty
        band.append(
            (shape * scale, quantile(tail, shape, scale), quantile(1.0 - tail, shape, scale))
        )
    return band
