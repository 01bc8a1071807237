"""The tourism-village self-assessment: five ADWI axes scored 0–100 give one of four classes."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

# The axes of Anugerah Desa Wisata Indonesia 2024, in the order the form asks them.
AXES: tuple[str, ...] = ("daya_tarik", "amenitas", "digital", "kelembagaan", "resiliensi")


class VillageClass(StrEnum):
    """Kemenparekraf's four stages of a tourism village, lowest first."""

    RINTISAN = "rintisan"
    BERKEMBANG = "berkembang"
    MAJU = "maju"
    MANDIRI = "mandiri"


# (class, least mean score, least score on every axis): the first class met, highest first.
_THRESHOLDS: tuple[tuple[VillageClass, int, int], ...] = (
    (VillageClass.MANDIRI, 80, 65),
    (VillageClass.MAJU, 60, 45),
    (VillageClass.BERKEMBANG, 40, 20),
)


def village_class(scores: Mapping[str, int]) -> VillageClass:
    """The class a set of axis scores earns; ``ValueError`` on a missing or bad score.

    A class needs both its mean score and a floor on every axis, so one strong axis cannot
    carry a village whose institutions or facilities are missing.
    """
    values = []
    for axis in AXES:
        score = scores.get(axis)
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
            raise ValueError(f"{axis} must be a whole number from 0 to 100, got {score!r}")
        values.append(score)
    mean = sum(values) / len(values)
    for klass, least_mean, floor in _THRESHOLDS:
        if mean >= least_mean and min(values) >= floor:
            return klass
    return VillageClass.RINTISAN
