"""Permenkes 2/2020 nutritional status categories from WHO z-scores.

Boundaries (on the reported, 2-decimal z-score):

* BB/U weight-for-age: sangat_kurang < -3 <= kurang < -2 <= normal <= +1 < risiko_lebih.
* PB/U, TB/U length/height-for-age: sangat_pendek < -3 <= pendek < -2 <= normal <= +3 < tinggi.
* BB/PB, BB/TB weight-for-length/height and IMT/U BMI-for-age: gizi_buruk < -3 <=
  gizi_kurang < -2 <= gizi_baik <= +1 < risiko_gizi_lebih <= +2 < gizi_lebih <= +3 < obesitas.

* IMT/U of children and adolescents 5-18 years (WHO 2007 reference, ``zbfa``): gizi_buruk
  < -3 <= gizi_kurang < -2 <= gizi_baik <= +1 < gizi_lebih <= +2 < obesitas.

A NaN z-score gets the empty string.  Flagged (implausible) z-scores are still classified;
callers exclude them from prevalence using the flags.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

LENGTH_FOR_AGE = ("sangat_pendek", "pendek", "normal", "tinggi")
WEIGHT_FOR_AGE = ("sangat_kurang", "kurang", "normal", "risiko_lebih")
WEIGHT_FOR_LENGTH = (
    "gizi_buruk",
    "gizi_kurang",
    "gizi_baik",
    "risiko_gizi_lebih",
    "gizi_lebih",
    "obesitas",
)
BMI_FOR_AGE = WEIGHT_FOR_LENGTH
BMI_FOR_AGE_5_18 = ("gizi_buruk", "gizi_kurang", "gizi_baik", "gizi_lebih", "obesitas")

# Each boundary is (value, closed): the next category starts at value itself when closed
# (z >= value), just above it otherwise (z > value).
_LOW_BOUNDS = ((-3.0, True), (-2.0, True))
_BOUNDS: Mapping[str, tuple[tuple[float, bool], ...]] = {
    "zlen": (*_LOW_BOUNDS, (3.0, False)),
    "zwei": (*_LOW_BOUNDS, (1.0, False)),
    "zwfl": (*_LOW_BOUNDS, (1.0, False), (2.0, False), (3.0, False)),
    "zbmi": (*_LOW_BOUNDS, (1.0, False), (2.0, False), (3.0, False)),
    "zbfa": (*_LOW_BOUNDS, (1.0, False), (2.0, False)),
}
CODES: Mapping[str, tuple[str, ...]] = {
    "zlen": LENGTH_FOR_AGE,
    "zwei": WEIGHT_FOR_AGE,
    "zwfl": WEIGHT_FOR_LENGTH,
    "zbmi": BMI_FOR_AGE,
    "zbfa": BMI_FOR_AGE_5_18,
}
# Lookup arrays with the empty string in the last slot, for NaN.
_LABELS = {key: np.array([*codes, ""]) for key, codes in CODES.items()}


def category_index(indicator: str, z: Any) -> np.ndarray:
    """Position of each z-score in CODES[indicator]; len(CODES[indicator]) where z is NaN."""
    values = np.asarray(z, dtype=np.float64)
    index = np.zeros(values.shape, dtype=np.int8)
    for bound, closed in _BOUNDS[indicator]:
        index += values >= bound if closed else values > bound
    index[np.isnan(values)] = len(CODES[indicator])
    return index


def categorize(indicator: str, z: Any) -> np.ndarray:
    """Category codes (strings) of one indicator: 'zlen', 'zwei', 'zwfl', 'zbmi' or 'zbfa'."""
    return _LABELS[indicator][category_index(indicator, z)]


def classify_length_for_age(zlen: Any) -> np.ndarray:
    """PB/U-TB/U: sangat_pendek, pendek, normal or tinggi."""
    return categorize("zlen", zlen)


def classify_weight_for_age(zwei: Any) -> np.ndarray:
    """BB/U: sangat_kurang, kurang, normal or risiko_lebih."""
    return categorize("zwei", zwei)


def classify_weight_for_length(zwfl: Any) -> np.ndarray:
    """BB/PB-BB/TB: gizi_buruk, gizi_kurang, gizi_baik, risiko_gizi_lebih, gizi_lebih, obesitas."""
    return categorize("zwfl", zwfl)


def classify_bmi_for_age(zbmi: Any) -> np.ndarray:
    """IMT/U: the same six categories as weight-for-length/height."""
    return categorize("zbmi", zbmi)


def classify_bmi_for_age_5_18(zbfa: Any) -> np.ndarray:
    """IMT/U 5-18 years: gizi_buruk, gizi_kurang, gizi_baik, gizi_lebih or obesitas."""
    return categorize("zbfa", zbfa)


def classify(z: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Categories for the z-scores present in z (e.g. the zscores() result) as cat_<key>."""
    return {f"cat_{key}": categorize(key, z[key]) for key in CODES if key in z}
