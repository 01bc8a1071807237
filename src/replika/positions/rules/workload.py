"""Workload analysis (ABK): need, gap, job efficiency (EJ) and its grade (PJ), per unit too.

The formulas (domain note, Permendagri 12/2008 forms D/E):

- total minutes = Σ (volume per year × time norm in minutes) over the tasks;
- need (people) = total minutes / effective working minutes per person and year;
- gap = holders (bezetting) − need in whole people (negative: a shortfall);
- EJ = total minutes / (holders × effective working minutes);
- PJ grades the EJ: A above 1.00, B 0.90–1.00, C 0.70–0.89, D 0.50–0.69, E below 0.50.

The bands are written with two decimals and leave no room between 0.89 and 0.90, so the EJ
is rounded half-up to two decimals before it is graded (0.895 → 0.90 → B; 1.004 → 1.00 → B).
All arithmetic is exact (Decimal) and every rounding is half-up, never banker's rounding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TypedDict, TypeGuard

from replika.positions.rules.numbers import (
    Number,
    count,
    half_up,
    half_up_float,
    non_negative,
    plain,
    positive,
    whole_people,
)

# 1,250 working hours a year × 60 (PermenPANRB 1/2020 guides); regions may set 72,000.
DEFAULT_EFFECTIVE_MINUTES = 75_000

NEED_PLACES = 4
EJ_PLACES = 4
# The grade bands are stated to two decimals.
GRADE_PLACES = 2

_A_ABOVE = Decimal("1.00")
_B_FROM = Decimal("0.90")
_C_FROM = Decimal("0.70")
_D_FROM = Decimal("0.50")

GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E")


class WorkloadResult(TypedDict):
    """What the ABK of one position comes to."""

    total_minutes: int | float
    need: float
    need_people: int
    gap: int
    ej: float | None
    pj: str | None


class UnitTotals(TypedDict):
    """What the ABK of a unit (or an OPD, or a region) comes to."""

    positions: int
    total_minutes: int | float
    need: float
    need_people: int
    need_people_pooled: int
    holders: int
    gap: int
    eu: float | None
    pu: str | None


def _is_pair(value: object) -> TypeGuard[Sequence[object]]:
    """Whether ``value`` is a pair of values (a tuple or list of two, not text)."""
    # The exact-type test is the fast path; the ABC test admits other sequences.
    if type(value) is tuple or type(value) is list:
        return len(value) == 2
    return isinstance(value, Sequence) and not isinstance(value, str | bytes) and len(value) == 2


def total_minutes(tasks: Iterable[Sequence[object]]) -> Decimal:
    """Σ volume per year × time norm over ``tasks``, exactly; ValueError on a bad task."""
    if not isinstance(tasks, Iterable) or isinstance(tasks, str | bytes):
        raise ValueError(f"tasks must be a list of (volume_per_year, norm_minutes), got {tasks!r}")
    total = Decimal(0)
    for i, task in enumerate(tasks):
        if not _is_pair(task):
            raise ValueError(f"tasks[{i}] must be a pair (volume_per_year, norm_minutes)")
        volume = non_negative(task[0], name=f"tasks[{i}] volume_per_year")
        norm = non_negative(task[1], name=f"tasks[{i}] norm_minutes")
        total += volume * norm
    return total


def efficiency_grade(ej: Number | None) -> str | None:
    """The grade (A–E) of a job or unit efficiency, rounded half-up to 2 decimals first."""
    if ej is None:
        return None
    value = half_up(non_negative(ej, name="ej"), GRADE_PLACES)
    if value > _A_ABOVE:
        return "A"
    if value >= _B_FROM:
        return "B"
    if value >= _C_FROM:
        return "C"
    if value >= _D_FROM:
        return "D"
    return "E"


def _efficiency(total: Decimal, holders: int, minutes: Decimal) -> Decimal | None:
    """Exact efficiency of ``holders`` people doing ``total`` minutes (None without people)."""
    if holders == 0:
        return None
    return total / (holders * minutes)


def workload(
    *,
    tasks: Sequence[Sequence[Number]],
    holders: int,
    effective_minutes: Number = DEFAULT_EFFECTIVE_MINUTES,
) -> WorkloadResult:
    """The ABK of one position from its tasks ``(volume_per_year, norm_minutes)``.

    ``need`` and ``ej`` are rounded half-up to 4 decimals and returned as floats;
    ``need_people`` rounds the exact need half-up to whole people, and is at least 1 when
    there is any workload; ``ej`` and ``pj`` are None when the position has no holders.
    """
    minutes = positive(effective_minutes, name="effective_minutes")
    people = count(holders, name="holders")
    total = total_minutes(tasks)
    need = total / minutes
    need_people = whole_people(need)
    ej = _efficiency(total, people, minutes)
    return {
        "total_minutes": plain(total),
        "need": half_up_float(need, NEED_PLACES),
        "need_people": need_people,
        "gap": people - need_people,
        "ej": None if ej is None else half_up_float(ej, EJ_PLACES),
        "pj": None if ej is None else efficiency_grade(ej),
    }


def unit_totals(
    *,
    positions: Sequence[Sequence[Number]],
    effective_minutes: Number = DEFAULT_EFFECTIVE_MINUTES,
) -> UnitTotals:
    """The ABK totals of a unit from its positions ``(total_minutes, holders)``.

    ``need_people`` adds the whole people of each position (the formation is planned per
    position); ``need_people_pooled`` rounds the unit's summed need instead, for regions that
    plan per unit. ``eu`` = Σ total / (Σ holders × effective minutes), 4 decimals half-up,
    graded as ``pu`` by the same bands as a position; both None when the unit has no holders.
    """
    minutes = positive(effective_minutes, name="effective_minutes")
    if not isinstance(positions, Sequence) or isinstance(positions, str | bytes):
        raise ValueError(f"positions must be a list of (total_minutes, holders), got {positions!r}")
    total = Decimal(0)
    holders = 0
    need_people = 0
    for i, position in enumerate(positions):
        if not _is_pair(position):
            raise ValueError(f"positions[{i}] must be a pair (total_minutes, holders)")
        minutes_here = non_negative(position[0], name=f"positions[{i}] total_minutes")
        total += minutes_here
        holders += count(position[1], name=f"positions[{i}] holders")
        need_people += whole_people(minutes_here / minutes)
    need = total / minutes
    eu = _efficiency(total, holders, minutes)
    return {
        "positions": len(positions),
        "total_minutes": plain(total),
        "need": half_up_float(need, NEED_PLACES),
        "need_people": need_people,
        "need_people_pooled": whole_people(need),
        "holders": holders,
        "gap": holders - need_people,
        "eu": None if eu is None else half_up_float(eu, EJ_PLACES),
        "pu": None if eu is None else efficiency_grade(eu),
    }
