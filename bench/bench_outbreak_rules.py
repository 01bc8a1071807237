"""Benchmark Rt (Cori) over two years of daily cases for the 19 kab/kota of Sumatera Barat.

Run with `.venv/bin/python bench/bench_outbreak_rules.py [--days N] [--repeat N]`.
The target is under 50 ms for all regions together.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from replika.outbreak.rules import rt_cori, rt_cori_interval

REGIONS = 19
TARGET_MS = 50.0


def serial_interval(mean: float = 4.7, sd: float = 2.9, days: int = 21) -> list[float]:
    """A COVID-19-like serial interval: a Gamma density at days 1..days, normalised, w₀ = 0."""
    shape = (mean / sd) ** 2
    scale = sd**2 / mean
    density = [
        math.exp(
            (shape - 1) * math.log(s) - s / scale - math.lgamma(shape) - shape * math.log(scale)
        )
        for s in range(1, days + 1)
    ]
    total = sum(density)
    return [0.0] + [value / total for value in density]


def synthetic_incidence(days: int, seed: int = 2021) -> list[np.ndarray]:
    """Daily cases per region: two epidemic waves of random size and timing, Poisson noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    series = []
    for _ in range(REGIONS):
        level = np.full(days, rng.uniform(0.5, 3.0))
        for _wave in range(2):
            peak = rng.uniform(0, days)
            width = rng.uniform(15, 60)
            level += rng.uniform(20, 400) * np.exp(-0.5 * ((t - peak) / width) ** 2)
        series.append(rng.poisson(level))
    return series


def main() -> None:
    """Time rt_cori over every region, best of several repeats, and print it by the target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    weights = serial_interval()
    regions = synthetic_incidence(args.days)
    as_lists = [region.tolist() for region in regions]
    for label, inputs in (("numpy arrays", regions), ("Python lists", as_lists)):
        best = math.inf
        for _ in range(args.repeat):
            start = time.perf_counter()
            for incidence in inputs:
                rt_cori(incidence, weights)
            best = min(best, time.perf_counter() - start)
        verdict = "OK" if best * 1000 < TARGET_MS else "TOO SLOW"
        print(
            f"rt_cori, {REGIONS} regions × {args.days} days ({label}): "
            f"{best * 1000:.2f} ms (target < {TARGET_MS:.0f} ms) {verdict}"
        )
    start = time.perf_counter()
    rt_cori_interval(regions[0], weights)
    print(
        f"rt_cori_interval, 1 region × {args.days} days (not in the target): "
        f"{(time.perf_counter() - start) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
