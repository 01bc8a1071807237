"""WHO Growth Reference 2007 (5–19 years) z-scores, vectorised like the 2006 standards.

The rules are those of WHO's AnthroPlus software:

* age in months, possibly fractional; a z-score exists from 61 months (where the 2006
  standards stop) to below 229 months (19 years) for height-for-age and BMI-for-age, and to
  below 121 months (10 years) for weight-for-age;
* L, M and S are interpolated linearly between the whole months around the age;
* height-for-age uses the plain LMS formula; weight-for-age and BMI-for-age use the same
  restricted formula beyond ±3 SD as the 2006 standards;
* oedema removes the weight-based z-scores;
* z-scores are rounded to 2 decimals; flags on the rounded values: |zhfa| > 6;
  zwfa > 5 or < −6; |zbfa| > 5. A flag is NaN where its z-score cannot be computed.

Reproduces every value of WHO's own test survey (tests/nutrition/growth).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

import numpy as np

from replika.nutrition.growth.engine import normalize_oedema, normalize_sex
from replika.nutrition.growth.lms import as_float, lms_z, lms_z_restricted, positive, round2

#: Ages (months) with a z-score from the 2007 reference: MIN_MONTHS <= age < BELOW_MONTHS.
MIN_MONTHS = 61
BELOW_MONTHS = 229
#: Weight-for-age stops at 10 years.
WFA_BELOW_MONTHS = 121

_PACKAGE = __name__.rpartition(".")[0]


@functools.cache
def month_table(name: str) -> np.ndarray:
    """A dense (2 sexes, months 0…last, 3) array of L, M, S; NaN where the table has no row."""
    path = resources.files(_PACKAGE).joinpath("data", name)
    with path.open("r", encoding="ascii") as handle:
        raw = np.loadtxt(handle, delimiter="\t", skiprows=1, usecols=(0, 1, 2, 3, 4), ndmin=2)
    months = raw[:, 1].astype(np.int64)
    if not np.array_equal(raw[:, 1], months) or np.any(raw[:, 2] == 0):
        raise ValueError(f"{name}: ages must be whole months and L never 0")
    dense = np.full((2, int(months.max()) + 2, 3), np.nan)  # +1 NaN row past the end
    dense[raw[:, 0].astype(np.int64) - 1, months] = raw[:, 2:5]
    return dense


def _interpolated(
    table: np.ndarray, sex_row: np.ndarray, age: np.ndarray, ok: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L, M, S at a fractional age: linear between the whole months around it."""
    last = table.shape[1] - 2
    low = np.where(ok, np.clip(np.floor(age), 0, last), 0).astype(np.intp)
    frac = np.where(ok, age - low, 0.0)
    upper = np.minimum(low + 1, last + 1)
    below, above = table[sex_row, low], table[sex_row, upper]
    # An exact whole month needs no upper neighbour (the last month has none).
    values = np.where((frac > 0)[:, None], below + frac[:, None] * (above - below), below)
    values = np.where(ok[:, None], values, np.nan)
    return values[:, 0], values[:, 1], values[:, 2]


def _indicator(
    y: np.ndarray,
    name: str,
    sex_row: np.ndarray,
    age: np.ndarray,
    ok: np.ndarray,
    restricted: bool,
) -> np.ndarray:
    """One indicator's rounded z-scores (NaN outside ``ok``)."""
    lam, mu, sigma = _interpolated(month_table(name), sex_row, age, ok)
    z = lms_z_restricted(y, lam, mu, sigma) if restricted else lms_z(y, lam, mu, sigma)
    return round2(z)


def _flag(z: np.ndarray, implausible: np.ndarray) -> np.ndarray:
    """1.0 where implausible, 0.0 where plausible, NaN where there is no z-score."""
    return np.where(np.isnan(z), np.nan, implausible.astype(np.float64))


def zscores_5_19(
    sex: Any, age_months: Any, weight: Any, height: Any, oedema: Any = False
) -> Mapping[str, np.ndarray]:
    """WHO 2007 z-scores for children and adolescents 61–228 months (arrays or scalars).

    sex 1/2 (or L/P, M/F); age in months (may be fractional); weight kg; height cm; oedema
    "y"/"n" or booleans. Returns arrays ``zhfa``, ``zwfa``, ``zbfa`` (NaN where not
    computable) and their flags ``fhfa``, ``fwfa``, ``fbfa`` (1.0 / 0.0, NaN without z).
    """
    shape = np.broadcast_shapes(*(np.shape(x) for x in (sex, age_months, weight, height, oedema)))

    def flat(values: Any) -> np.ndarray:
        return np.broadcast_to(values, shape).ravel()

    sex_code = flat(normalize_sex(sex))
    age = flat(as_float(age_months))
    kg = flat(positive(as_float(weight)))
    cm = flat(positive(as_float(height)))
    swollen = flat(normalize_oedema(oedema))
    sex_ok = (sex_code == 1) | (sex_code == 2)
    sex_row = np.where(sex_ok, sex_code, 1).astype(np.intp) - 1
    in_range = sex_ok & (age >= MIN_MONTHS) & (age < BELOW_MONTHS)
    wfa_range = in_range & (age < WFA_BELOW_MONTHS)
    no_oedema_kg = np.where(swollen, np.nan, kg)
    bmi = no_oedema_kg / (cm / 100.0) ** 2
    zhfa = _indicator(cm, "hfawho2007.txt", sex_row, age, in_range, restricted=False)
    zwfa = _indicator(no_oedema_kg, "wfawho2007.txt", sex_row, age, wfa_range, restricted=True)
    zbfa = _indicator(bmi, "bfawho2007.txt", sex_row, age, in_range, restricted=True)
    result = {
        "zhfa": zhfa,
        "zwfa": zwfa,
        "zbfa": zbfa,
        "fhfa": _flag(zhfa, np.abs(zhfa) > 6),
        "fwfa": _flag(zwfa, (zwfa > 5) | (zwfa < -6)),
        "fbfa": _flag(zbfa, np.abs(zbfa) > 5),
    }
    return {key: value.reshape(shape) for key, value in result.items()}
