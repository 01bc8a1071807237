"""Placement rules: the level a child returns to, which place fits, which place is nearest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from replika.schooling.rules.age import FILIAL, KESETARAAN

# School levels (SMA covers SMA, SMK and MA) and the equivalency packages that match them.
SD, SMP, SMA = "SD", "SMP", "SMA"
PAKET_A, PAKET_B, PAKET_C = "PAKET_A", "PAKET_B", "PAKET_C"
SCHOOL_LEVELS = (SD, SMP, SMA)
PACKAGE_OF = {SD: PAKET_A, SMP: PAKET_B, SMA: PAKET_C}
LEVELS = (*SCHOOL_LEVELS, *PACKAGE_OF.values())
NEXT_LEVEL = {SD: SMP, SMP: SMA}
# Grades of each school level, as the last grade a child attended.
GRADES = {SD: (1, 6), SMP: (7, 9), SMA: (10, 12)}

# Out-of-school types (Kemendikbud ATS): never enrolled, dropped out, finished a level and
# did not continue (lulus tidak melanjutkan).
NEVER, DROPOUT, LTM = "never", "do", "ltm"
ATS_TYPES = (NEVER, DROPOUT, LTM)

# A filial or regular place takes a school level; an SKB/PKBM place takes a package.
Route = Literal["filial", "kesetaraan", "regular"]
ROUTES: tuple[Route, ...] = ("filial", "regular", "kesetaraan")

GRADE_OUT_OF_LEVEL = "grade_out_of_level"
LTM_NEEDS_LEVEL = "ltm_needs_level"
LTM_AFTER_SMA = "ltm_after_sma"
WRONG_LEVEL = "wrong_level"
NO_ROOM = "no_room"
ROUTE_NOT_ALLOWED = "route_not_allowed"


def grade_problem(level: str, grade: int | None) -> str:
    """Why a last grade does not belong to its level ("" when it does or is not given)."""
    if grade is None or not level:
        return ""
    low, high = GRADES[level]
    return "" if low <= grade <= high else GRADE_OUT_OF_LEVEL


def school_level_to_return(*, ats_type: str, last_level: str) -> str:
    """The school level a child goes back to: the same after a dropout, the next after
    finishing a level, SD for a child never enrolled. ``ValueError`` on what cannot be."""
    if ats_type not in ATS_TYPES:
        raise ValueError(f"ats_type must be one of {', '.join(ATS_TYPES)}, got {ats_type!r}")
    if ats_type == NEVER or (ats_type == DROPOUT and not last_level):
        return SD
    if last_level not in SCHOOL_LEVELS:
        raise ValueError(f"last_level must be one of {', '.join(SCHOOL_LEVELS)}")
    if ats_type == DROPOUT:
        return last_level
    if last_level == SMA:
        raise ValueError(LTM_AFTER_SMA)
    return NEXT_LEVEL[last_level]


def level_for(route: str, school_level: str) -> str:
    """The place level of a route: the school level itself, or its package for kesetaraan."""
    if school_level not in SCHOOL_LEVELS:
        raise ValueError(f"school_level must be one of {', '.join(SCHOOL_LEVELS)}")
    return PACKAGE_OF[school_level] if route == KESETARAAN else school_level


def routes_allowed(pathway: str) -> tuple[Route, ...]:
    """Up to the maximum age a filial class or a regular school; above it a package."""
    if pathway == FILIAL:
        return ("filial", "regular")
    if pathway == KESETARAAN:
        return ("kesetaraan",)
    raise ValueError(f"pathway must be filial or kesetaraan, got {pathway!r}")


def placement_problem(*, level: str, place_levels: dict[str, tuple[int, int]]) -> str:
    """Why a place cannot take one more child at ``level``: it does not teach the level,
    or every seat of it is taken. ``place_levels`` maps level -> (capacity, seats taken)."""
    if level not in place_levels:
        return WRONG_LEVEL
    capacity, taken = place_levels[level]
    return NO_ROOM if taken >= capacity else ""


@dataclass(frozen=True)
class Candidate:
    """A place that could take a child: its id, area code and free seats at the level."""

    place_id: int
    area_code: str
    free: int


def _shared_depth(a: str, b: str) -> int:
    """How many leading parts two dotted region codes share (nagari 4, kecamatan 3, …)."""
    depth = 0
    for left, right in zip(a.split("."), b.split("."), strict=False):
        if left != right:
            break
        depth += 1
    return depth


def nearest(child_area: str, candidates: Iterable[Candidate], limit: int = 5) -> list[Candidate]:
    """Places with room, the nearest first: same nagari, then kecamatan, then kab/kota;
    among equals the one with more free seats, then the lowest id (a stable order)."""
    with_room = [c for c in candidates if c.free > 0]
    with_room.sort(key=lambda c: (-_shared_depth(child_area, c.area_code), -c.free, c.place_id))
    return with_room[:limit]
