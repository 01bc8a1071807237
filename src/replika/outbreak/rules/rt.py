"""Time-varying reproduction number after Cori et al. (2013), the method of EpiEstim.

For day t (0-based) the estimate pools the window of days t − window + 1 … t. With the
serial-interval distribution w (w₀ = 0) the total infectiousness is
Λₜ = Σ_{s≥1} I_{t−s}·w_s, and a Gamma(shape a, scale b) prior on R gives the posterior
Gamma(a + ΣI, 1 / (1/b + ΣΛ)) over the window, whose mean is shape × scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Real

import numpy as np
import numpy.typing as npt

from ._checks import non_negative_int, positive_real
from .gamma import gamma_quantile

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RtPosterior:
    """Posterior Gamma parameters per day; NaN where the day has no estimate (t < window)."""

    shape: FloatArray
    scale: FloatArray
    cases: FloatArray  # ΣI over each window, so callers can hide estimates built on few cases


def _as_vector(values: Sequence[float] | FloatArray, name: str) -> FloatArray:
    """A one-dimensional float array of finite, non-negative numbers."""
    if isinstance(values, str | bytes):
        raise ValueError(f"{name} must be a sequence of numbers, not a string")
    try:
        vector = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must hold numbers only") from error
    if vector.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got {vector.ndim} dimensions")
    if not np.isfinite(vector).all():
        raise ValueError(f"{name} must hold finite numbers only")
    if (vector < 0).any():
        first = int(np.argmax(vector < 0))
        raise ValueError(f"{name}[{first}] must not be negative, got {vector[first]}")
    return vector


def _serial_interval(serial_interval: Sequence[float] | FloatArray) -> FloatArray:
    """The serial-interval weights, checked: w₀ = 0, some mass after day 0, total ≤ 1."""
    weights = _as_vector(serial_interval, "serial_interval")
    if weights.size < 2:
        raise ValueError("serial_interval must give w_0 and at least w_1")
    if weights[0] != 0:
        # Cori's method counts no same-day infector: a value here means the list is shifted.
        raise ValueError(f"serial_interval[0] is w_0 and must be 0, got {weights[0]}")
    total = float(weights.sum())
    if total <= 0:
        raise ValueError("serial_interval must put some weight on a day s ≥ 1")
    if total > 1.0 + 1e-9:
        raise ValueError(
            f"serial_interval is a distribution and must sum to at most 1, got {total}"
        )
    return weights


def rt_posterior(
    incidence: Sequence[float] | FloatArray,
    serial_interval: Sequence[float] | FloatArray,
    *,
    window: int = 7,
    a: float = 1.0,
    b: float = 5.0,
) -> RtPosterior:
    """Posterior Gamma shape and scale of R for every day, as arrays (NaN for t < window)."""
    cases = _as_vector(incidence, "incidence")
    weights = _serial_interval(serial_interval)
    span = non_negative_int(window, "window")
    if span < 1:
        raise ValueError(f"window must be at least 1 day, got {span}")
    prior_shape = positive_real(a, "a")
    prior_scale = positive_real(b, "b")
    n = cases.size
    # Λₜ = Σₛ I_{t−s}·wₛ: the first n terms of the full convolution (w₀ = 0 drops s = 0).
    infectiousness = np.convolve(cases, weights)[:n] if n else cases
    # Window sums from running totals; a leading zero lets day t subtract day t − window.
    case_totals = np.concatenate(([0.0], np.cumsum(cases)))
    lambda_totals = np.concatenate(([0.0], np.cumsum(infectiousness)))
    shape = np.full(n, np.nan)
    scale = np.full(n, np.nan)
    pooled = np.full(n, np.nan)
    if n > span:
        ends = np.arange(span + 1, n + 1)
        window_cases = case_totals[ends] - case_totals[ends - span]
        # Running totals can leave a rounding residue of ±1e-13 where the true sum is 0.
        window_lambda = np.maximum(lambda_totals[ends] - lambda_totals[ends - span], 0.0)
        shape[span:] = prior_shape + window_cases
        scale[span:] = 1.0 / (1.0 / prior_scale + window_lambda)
        pooled[span:] = window_cases
    return RtPosterior(shape=shape, scale=scale, cases=pooled)


def rt_cori(
    incidence: Sequence[float] | FloatArray,
    serial_interval: Sequence[float] | FloatArray,
    *,
    window: int = 7,
    a: float = 1.0,
    b: float = 5.0,
) -> list[float | None]:
    """Posterior mean of R for each day t over days t − window + 1 … t; None for t < window.

    `serial_interval[s]` is w_s (w_0 must be 0; weights beyond the list are 0; the list may
    be truncated, so it sums to at most 1). The mean is (a + ΣI) / (1/b + ΣΛ), unrounded.
    Where ΣΛ over the window is 0 no case in it could have been infected by an earlier one,
    and the definition is followed as written: the scale is the prior's b and the mean is
    (a + ΣI)·b — with no cases either, exactly the prior mean a·b. Dashboards should hide
    such days (see `rt_posterior(...).cases`) rather than show them as transmission.
    """
    posterior = rt_posterior(incidence, serial_interval, window=window, a=a, b=b)
    means = posterior.shape * posterior.scale
    span = len(means) if window > len(means) else window
    return [None] * span + means[span:].tolist()


def rt_cori_interval(
    incidence: Sequence[float] | FloatArray,
    serial_interval: Sequence[float] | FloatArray,
    *,
    window: int = 7,
    a: float = 1.0,
    b: float = 5.0,
    level: float = 0.95,
) -> list[tuple[float, float] | None]:
    """Equal-tailed credible interval of R per day (2.5 % and 97.5 % quantiles at 0.95).

    The quantiles are those of the posterior Gamma of `rt_cori`, unrounded; None for
    t < window.
    """
    if isinstance(level, bool) or not isinstance(level, Real) or not 0 < level < 1:
        raise ValueError(f"level must be strictly between 0 and 1, got {level!r}")
    posterior = rt_posterior(incidence, serial_interval, window=window, a=a, b=b)
    tail = (1.0 - level) / 2.0
    intervals: list[tuple[float, float] | None] = []
    for shape, scale in zip(posterior.shape.tolist(), posterior.scale.tolist(), strict=True):
        if shape != shape:  # NaN: no estimate for this day
            intervals.append(None)
            continue
        intervals.append(
            (gamma_quantile(tail, shape, scale), gamma_quantile(1.0 - tail, shape, scale))
        )
    return intervals
