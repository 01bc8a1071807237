"""The ABK of many positions at once (a whole province), vectorised with numpy.

It gives the same numbers as ``workload`` position by position. To round half-up exactly,
the minutes are carried as whole micro-minutes (int64), so volumes and norms must be exact
to six decimals of a minute between them (real ones have at most two), and the effective
minutes must be a whole number (75,000 or 72,000).
"""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import numpy.typing as npt

from replika.positions.rules.workload import DEFAULT_EFFECTIVE_MINUTES

_MICRO = 1_000_000


class WorkloadColumns(TypedDict):
    """One entry per position; ``ej`` is NaN and ``pj`` is "" where a post has no holders."""

    total_minutes: npt.NDArray[np.float64]
    need: npt.NDArray[np.float64]
    need_people: npt.NDArray[np.int64]
    gap: npt.NDArray[np.int64]
    ej: npt.NDArray[np.float64]
    pj: npt.NDArray[np.str_]


def _checked_minutes(values: npt.ArrayLike, *, name: str) -> npt.NDArray[np.float64]:
    """``values`` as finite non-negative floats, or ValueError naming ``name``."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a flat list of numbers")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite numbers")
    if np.any(array < 0):
        raise ValueError(f"{name} must not be negative")
    return array


def _checked_counts(values: npt.ArrayLike, *, name: str) -> npt.NDArray[np.int64]:
    """``values`` as non-negative whole numbers, or ValueError naming ``name``."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a flat list of whole numbers")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must be whole numbers")
    counts = array.astype(np.int64)
    if np.any(counts < 0):
        raise ValueError(f"{name} must not be negative")
    return counts


def _half_up_div(
    numerator: npt.NDArray[np.int64], denominator: npt.NDArray[np.int64] | int
) -> npt.NDArray[np.int64]:
    """numerator / denominator rounded half-up to a whole number (both non-negative)."""
    return (2 * numerator + denominator) // (2 * denominator)


def workload_many(
    *,
    volumes: npt.ArrayLike,
    norms: npt.ArrayLike,
    task_position: npt.ArrayLike,
    holders: npt.ArrayLike,
    effective_minutes: int = DEFAULT_EFFECTIVE_MINUTES,
) -> WorkloadColumns:
    """The ABK of every position from flat task columns; ``task_position`` indexes ``holders``.

    Same rules as ``workload``: need and EJ rounded half-up to 4 decimals, whole people
    half-up with at least 1 for any workload, PJ from the EJ rounded half-up to 2 decimals.
    """
    if isinstance(effective_minutes, bool) or not isinstance(effective_minutes, int | np.integer):
        raise ValueError(f"effective_minutes must be a whole number, got {effective_minutes!r}")
    if effective_minutes <= 0:
        raise ValueError(f"effective_minutes must be above zero, got {effective_minutes!r}")
    eff = int(effective_minutes)
    volume = _checked_minutes(volumes, name="volumes")
    norm = _checked_minutes(norms, name="norms")
    where = _checked_counts(task_position, name="task_position")
    people = _checked_counts(holders, name="holders")
    if not volume.size == norm.size == where.size:
        raise ValueError("volumes, norms and task_position must have the same length")
    if where.size and where.max() >= people.size:
        raise ValueError("task_position must index a position in holders")
    micro = np.rint(volume * norm * _MICRO).astype(np.int64)
    total = np.zeros(people.size, dtype=np.int64)
    np.add.at(total, where, micro)
    # In micro-minutes, 4 decimals of eff minutes are units of eff × 100.
    need = _half_up_div(total, eff * 100)
    need_people = _half_up_div(total, eff * _MICRO)
    need_people = np.where(total > 0, np.maximum(need_people, 1), 0)
    staffed = people > 0
    capacity = np.where(staffed, people, 1) * eff
    ej = _half_up_div(total, capacity * 100)
    ej2 = _half_up_div(total, capacity * 10_000)
    grade = np.select(
        [ej2 > 100, ej2 >= 90, ej2 >= 70, ej2 >= 50], ["A", "B", "C", "D"], default="E"
    )
    return {
        "total_minutes": total / _MICRO,
        "need": need / 10_000,
        "need_people": need_people.astype(np.int64),
        "gap": people - need_people,
        "ej": np.where(staffed, ej / 10_000, np.nan),
        "pj": np.where(staffed, grade, "").astype(np.str_),
    }
