"""Job evaluation (evaluasi jabatan): factor levels → points → job class (kelas jabatan 1–17).

PermenPANRB 34/2011 (Pedoman Evaluasi Jabatan) scores a structural position on 6 factors,
the fourth in two parts (4A nature, 4B purpose of contacts), so 7 scores; a functional or
executor position on 9 factors. Each factor has levels worth fixed points; the sum of the
points falls in one band of the conversion table, which gives the class.

Sources, as far as they could be checked (the regulation's own tables were not retrievable
in full):
- the level counts per factor: the KemenPANRB/BKN training deck "Materi Teknis Evaluasi
  Jabatan" (scribd 389132514), after Perka BKN 21/2011 anak lampiran 1 and 2;
- the points per level: Perka BKN 21/2011 anak lampiran 1 (structural factor 1: 175, 350 …)
  and 2 (functional factor 1: 50, 200, 350 … 1850) as published on slideshare, and the same
  values in a public Anjab application's master data (github singgihadis/anjab);
- the conversion table: the factor-evaluation point bands these factors come from (the US
  OPM Factor Evaluation System, grade = kelas − 2: 1605–1850 → GS-8 → kelas 10), checked
  against a worked Perka BKN 21/2011 form (Kabupaten Lahat: 175 + 100 + 450 + 75 + 100 +
  505 + 310 = 1,715 → "KELAS JABATAN 10 (1605-1850)").

Every structural total is at least 1,165 and every functional one at least 190 points, so the
bands below 190 (classes 1 and 2) are never reached by an evaluation and are not encoded:
those classes are set by the minister's class tables, not by points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from replika.positions.rules.classes import (
    ADMINISTRATOR,
    FUNGSIONAL,
    JPT,
    PELAKSANA,
    PENGAWAS,
)

STRUCTURAL: Final = "structural"
FUNCTIONAL: Final = "functional"


@dataclass(frozen=True)
class Factor:
    """One evaluation factor: its code (as the forms number it) and the points per level."""

    code: str
    points: tuple[int, ...]

    @property
    def levels(self) -> int:
        """How many levels the factor has (level 1 is the lowest)."""
        return len(self.points)


STRUCTURAL_FACTORS: tuple[Factor, ...] = (
    Factor("1", (175, 350, 550, 775, 900)),  # ruang lingkup dan dampak program
    Factor("2", (100, 250, 350)),  # pengaturan organisasi
    Factor("3", (450, 775, 900)),  # wewenang penyeliaan dan manajerial
    Factor("4a", (25, 50, 75, 100)),  # hubungan personal: sifat hubungan
    Factor("4b", (30, 75, 100, 125)),  # hubungan personal: tujuan hubungan
    Factor("5", (75, 205, 340, 505, 650, 800, 930, 1030)),  # kesulitan pengarahan pekerjaan
    Factor("6", (310, 575, 975, 1120, 1225, 1325)),  # kondisi lain (after special situations)
)

FUNCTIONAL_FACTORS: tuple[Factor, ...] = (
    Factor("1", (50, 200, 350, 550, 750, 950, 1250, 1550, 1850)),  # pengetahuan
    Factor("2", (25, 125, 275, 450, 650)),  # pengawasan penyelia
    Factor("3", (25, 125, 275, 450, 650)),  # pedoman
    Factor("4", (25, 75, 150, 225, 325, 450)),  # kompleksitas
    Factor("5", (25, 75, 150, 225, 325, 450)),  # ruang lingkup dan dampak
    Factor("6", (10, 25, 60, 110)),  # hubungan personal
    Factor("7", (20, 50, 120, 220)),  # tujuan hubungan
    Factor("8", (5, 20, 50)),  # persyaratan fisik
    Factor("9", (5, 20, 50)),  # lingkungan pekerjaan
)

# The lowest total of each class from 3 up; a class runs to the next one's lowest − 5
# (the points move in steps of 5), and class 17 has no upper bound.
CLASS_FLOORS: tuple[tuple[int, int], ...] = (
    (17, 4055),
    (16, 3605),
    (15, 3155),
    (14, 2755),
    (13, 2355),
    (12, 2105),
    (11, 1855),
    (10, 1605),
    (9, 1355),
    (8, 1105),
    (7, 855),
    (6, 655),
    (5, 455),
    (4, 255),
    (3, 190),
)

_METHOD_OF_KIND = {
    JPT: STRUCTURAL,
    ADMINISTRATOR: STRUCTURAL,
    PENGAWAS: STRUCTURAL,
    FUNGSIONAL: FUNCTIONAL,
    PELAKSANA: FUNCTIONAL,
}


class FactorError(ValueError):
    """A factor level that cannot be scored; ``factor`` is its code."""

    def __init__(self, factor: str, message: str) -> None:
        super().__init__(f"factor {factor}: {message}")
        self.factor = factor


@dataclass(frozen=True)
class Evaluation:
    """What an evaluation comes to: points per factor, their total and the class."""

    method: str
    points: dict[str, int]
    total: int
    job_class: int | None


def method_for(kind: str) -> str:
    """Structural (7 scores) for JPT, administrator and supervisor; functional (9) else."""
    if kind not in _METHOD_OF_KIND:
        raise ValueError(f"unknown kind {kind!r}")
    return _METHOD_OF_KIND[kind]


def factors_for(kind: str) -> tuple[Factor, ...]:
    """The factors a position of ``kind`` is evaluated on, in the forms' order."""
    return STRUCTURAL_FACTORS if method_for(kind) == STRUCTURAL else FUNCTIONAL_FACTORS


def class_for_points(total: int) -> int | None:
    """The job class of a point total, or None below the lowest band (190)."""
    for job_class, floor in CLASS_FLOORS:
        if total >= floor:
            return job_class
    return None


def class_band(job_class: int) -> tuple[int, int | None]:
    """The lowest and highest total (None: no upper bound) of a class from 3 to 17."""
    floors = dict(CLASS_FLOORS)
    if job_class not in floors:
        raise ValueError(f"class {job_class!r} has no point band")
    upper = floors.get(job_class + 1)
    return floors[job_class], None if upper is None else upper - 5


def _level(factor: Factor, value: object) -> int:
    """``value`` as a level of ``factor``, or ValueError naming the factor."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FactorError(factor.code, "the level must be a whole number")
    if not 1 <= value <= factor.levels:
        raise FactorError(factor.code, f"the level must be 1 to {factor.levels}")
    return value


def evaluate(*, kind: str, levels: Mapping[str, int]) -> Evaluation:
    """Points and class of a position of ``kind`` from its level on every factor.

    ``levels`` maps each factor code of the kind's method to a level (1 = lowest); a missing,
    unknown or out-of-range factor is a FactorError (a ValueError) naming it.
    """
    factors = factors_for(kind)
    known = {f.code for f in factors}
    extra = sorted(set(levels) - known)
    if extra:
        raise FactorError(extra[0], "not a factor of this kind of position")
    points: dict[str, int] = {}
    for factor in factors:
        if factor.code not in levels:
            raise FactorError(factor.code, "a level is needed")
        points[factor.code] = factor.points[_level(factor, levels[factor.code]) - 1]
    total = sum(points.values())
    return Evaluation(method_for(kind), points, total, class_for_points(total))
