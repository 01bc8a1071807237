"""Benchmark the WHO growth engines (2006 standards, 2007 reference) in-process, the CSV
command end to end, and pygrowup2.

Run with `.venv/bin/python bench/bench_growth.py [--rows N] [--sample N] [--repeat N]`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from replika.nutrition.growth import categorize, classify, zscores, zscores_5_19


def pin_to_one_core() -> str:
    """Restrict this process, its threads and the CLI child it starts to a single CPU."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def plausible_rows(n: int, seed: int = 2020) -> dict[str, np.ndarray]:
    """Random children 0-59 months with lengths and weights around the WHO medians."""
    rng = np.random.default_rng(seed)
    age = rng.integers(0, 1827, n)
    median_length = 50 + 60 * (age / 1826) ** 0.6
    length = np.round(median_length * np.exp(rng.normal(0, 0.05, n)), 1)
    bmi = 16.5 * np.exp(rng.normal(0, 0.12, n))
    weight = np.round(np.maximum(1.5, (length / 100) ** 2 * bmi), 2)
    measure = np.where(age < 731, "l", "h")
    swap = rng.random(n)
    measure[swap < 0.05] = ""
    measure[(swap > 0.97) & (age >= 274)] = np.where(
        age[(swap > 0.97) & (age >= 274)] < 731, "h", "l"
    )
    oedema = np.where(rng.random(n) < 0.005, "y", "n")
    return {
        "sex": rng.integers(1, 3, n),
        "age_days": age,
        "weight": weight,
        "lenhei": length,
        "measure": measure,
        "oedema": oedema,
    }


def best_of(repeat: int, func: Callable[[], object]) -> float:
    """Best wall time of repeat runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def time_engine(rows: dict[str, np.ndarray], repeat: int) -> float:
    """zscores() + classify() on all rows, in-process."""

    def run() -> None:
        result = zscores(
            rows["sex"], rows["age_days"], rows["weight"], rows["lenhei"], rows["measure"],
            rows["oedema"],
        )  # fmt: skip
        classify(result)

    run()  # load the tables outside the timing
    return best_of(repeat, run)


def school_age_rows(n: int, seed: int = 2007) -> dict[str, np.ndarray]:
    """Random children and adolescents 61-228 months for the 2007 reference."""
    rng = np.random.default_rng(seed)
    months = rng.uniform(61, 228.99, n)
    height = np.round(110 + 60 * ((months - 61) / 168) * np.exp(rng.normal(0, 0.04, n)), 1)
    weight = np.round((height / 100) ** 2 * 17.5 * np.exp(rng.normal(0, 0.15, n)), 1)
    oedema = np.where(rng.random(n) < 0.002, "y", "n")
    return {
        "sex": rng.integers(1, 3, n),
        "months": months,
        "weight": weight,
        "height": height,
        "oedema": oedema,
    }


def time_reference_2007(rows: dict[str, np.ndarray], repeat: int) -> float:
    """zscores_5_19() + the IMT/U category on all rows, in-process."""

    def run() -> None:
        result = zscores_5_19(
            rows["sex"], rows["months"], rows["weight"], rows["height"], rows["oedema"]
        )
        categorize("zbfa", result["zbfa"])

    run()
    return best_of(repeat, run)


def write_csv(rows: dict[str, np.ndarray], path: Path) -> None:
    """Write the rows as the CLI's input (with an id and a name column to pass through)."""
    sex = np.where(rows["sex"] == 1, "L", "P")
    columns = zip(
        sex,
        rows["age_days"].tolist(),
        rows["weight"].tolist(),
        rows["lenhei"].tolist(),
        rows["measure"],
        rows["oedema"],
        strict=True,
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,nama,sex,age_days,weight,lenhei,measure,oedema\n")
        handle.writelines(
            f"{i},anak {i},{s},{a},{w},{ln},{m},{o}\n"
            for i, (s, a, w, ln, m, o) in enumerate(columns)
        )


def time_cli(rows: dict[str, np.ndarray], repeat: int) -> float:
    """`replika zscore` end to end in a fresh interpreter (start-up, read, compute, write)."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        write_csv(rows, src)
        command = [sys.executable, "-m", "replika.nutrition.growth.cli", str(src), str(dst)]

        def run() -> None:
            subprocess.run(command, check=True)  # noqa: S603 - our own interpreter and module

        seconds = best_of(repeat, run)
        with dst.open("rb") as handle:
            assert sum(1 for _ in handle) == len(rows["sex"]) + 1
    return seconds


def _pygrowup_row(obs: Any, age: int, weight: Decimal, length: Decimal) -> None:
    """The four main z-scores of one child with pygrowup2 (out-of-table values skipped)."""
    from pygrowup.exceptions import PyGrowUpException

    for name, args in (
        ("wfa", (weight,)),
        ("lhfa", (length, age < 731)),
        ("wfl" if age < 731 else "wfh", (weight, length)),
        ("bmifa", (weight / (length / 100) ** 2,)),
    ):
        with contextlib.suppress(PyGrowUpException):
            getattr(obs, name)(*args)


def time_pygrowup(rows: dict[str, np.ndarray], sample: int) -> float | None:
    """pygrowup2 on the first rows: weight-, length-, weight-for-length- and BMI-for-age."""
    try:
        from pygrowup import Observation
    except ImportError:
        return None
    start = time.perf_counter()
    for i in range(sample):
        age = max(1, int(rows["age_days"][i]))  # pygrowup2 rejects age 0
        sex = Observation.MALE if rows["sex"][i] == 1 else Observation.FEMALE
        weight = Decimal(str(rows["weight"][i]))
        length = Decimal(str(rows["lenhei"][i]))
        _pygrowup_row(Observation(sex, age_in_days=age), age, weight, length)
    return time.perf_counter() - start


def main() -> None:
    """Run the three timings and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=5_000, help="rows for pygrowup2")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pinning = pin_to_one_core()
    rows = plausible_rows(args.rows)
    engine = time_engine(rows, args.repeat)
    reference_2007 = time_reference_2007(school_age_rows(args.rows), args.repeat)
    cli = time_cli(rows, max(1, args.repeat // 2))
    reference = time_pygrowup(rows, args.sample)

    print(f"WHO growth engine benchmark — numpy {np.__version__}, {pinning}")
    print(f"{'what':<44}{'rows':>11}{'seconds':>10}{'rows/s':>14}")
    table = [
        ("zscores + classify, in-process (best)", args.rows, engine),
        ("zscores_5_19 + IMT/U, in-process (best)", args.rows, reference_2007),
        ("replika zscore CSV end to end (best)", args.rows, cli),
    ]
    if reference is not None:
        table.append(("pygrowup2, 4 z-scores per row", args.sample, reference))
    for label, n, seconds in table:
        print(f"{label:<44}{n:>11,}{seconds:>10.3f}{n / seconds:>14,.0f}")
    if reference is not None:
        ratio = (args.rows / engine) / (args.sample / reference)
        print(f"engine vs pygrowup2: {ratio:,.0f}x faster")
    else:
        print("pygrowup2 is not installed: no comparison")


if __name__ == "__main__":
    main()
