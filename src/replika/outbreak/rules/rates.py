"""Dashboard rates: incidence per 100,000, test positivity, case fatality, moving means.

Every rate is rounded to 2 decimals half-up on Decimal (2.345 → 2.35, never banker's
rounding, never truncation) and returned as a float.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from ._checks import count_values, non_negative_int

_CENT = Decimal("0.01")


def round_half_up(value: Decimal) -> float:
    """A Decimal rounded to 2 decimals, halves away from zero, as a float."""
    return float(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def _share(numerator: int, denominator: int, per: int) -> Decimal:
    """numerator / denominator × per, exact up to Decimal's 28 digits."""
    return Decimal(numerator) * per / Decimal(denominator)


def incidence_per_100k(cases: int, population: int) -> float:
    """New cases per 100,000 inhabitants, 2 decimals half-up."""
    count = non_negative_int(cases, "cases")
    people = non_negative_int(population, "population")
    if people == 0:
        raise ValueError("population must be greater than 0")
    return round_half_up(_share(count, people, 100_000))


def positivity_rate(positive: int, tested: int) -> float | None:
    """Positive tests as a percentage of tests, 2 decimals half-up; None with no tests."""
    hits = non_negative_int(positive, "positive")
    total = non_negative_int(tested, "tested")
    if hits > total:
        raise ValueError(f"positive ({hits}) cannot exceed tested ({total})")
    return round_half_up(_share(hits, total, 100)) if total else None


def case_fatality_rate(deaths: int, cases: int) -> float | None:
    """Deaths as a percentage of cases (CFR), 2 decimals half-up; None with no cases."""
    died = non_negative_int(deaths, "deaths")
    total = non_negative_int(cases, "cases")
    if died > total:
        raise ValueError(f"deaths ({died}) cannot exceed cases ({total})")
    return round_half_up(_share(died, total, 100)) if total else None


def moving_mean(values: Sequence[float], *, window: int = 7) -> list[float | None]:
    """Trailing mean over days t − window + 1 … t, 2 decimals half-up; None before a full
    window."""
    days = non_negative_int(window, "window")
    if days < 1:
        raise ValueError(f"window must be at least 1 day, got {days}")
    series = [Decimal(str(value)) for value in count_values(values, "values")]
    means: list[float | None] = []
    running = Decimal(0)
    for index, value in enumerate(series):
        running += value
        if index >= days:
            running -= series[index - days]
        means.append(round_half_up(running / days) if index >= days - 1 else None)
    return means
