"""Cross-check against pygrowup2, an independent pure-Python (Decimal) implementation.

pygrowup2 differs from WHO anthro on a few points, so the random rows avoid them and the
differences get their own tests:

* it switches lying/standing correction at 365 * 2 = 730 days; WHO uses 731 days
  (24 months * 30.4375 = 730.5, rounded up), and anthro and the WHO igrowup results agree
  with 731 (see test_who_reference.py);
* it has no "standing under 9 months" rule and no unknown position;
* it rounds weight-for-length/height lengths to 0.1 cm instead of interpolating;
* it rejects age 0 (``if age_in_days:``) and weights under 1 kg.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal

import numpy as np
import pytest

from replika.nutrition.growth import zscores

pygrowup = pytest.importorskip("pygrowup")
Observation = pygrowup.Observation

N = 400


def _plausible_rows(seed: int) -> dict[str, np.ndarray]:
    """Random plausible children with lengths/weights on a 0.1 cm / 0.01 kg grid."""
    rng = np.random.default_rng(seed)
    age = rng.integers(1, 1827, N)
    age[age == 730] = 729  # pygrowup2's cut-off bug, tested separately below
    median_length = 50 + 60 * (age / 1826) ** 0.6
    length = np.round(median_length * np.exp(rng.normal(0, 0.05, N)), 1)
    weight = np.round(
        np.maximum(2.0, (length / 100) ** 2 * 16.5 * np.exp(rng.normal(0, 0.15, N))), 2
    )
    standing_ok = age >= 274
    measure = np.where(standing_ok, rng.choice(["l", "h"], N), "l")
    return {
        "sex": rng.integers(1, 3, N),
        "age": age,
        "weight": weight,
        "length": length,
        "measure": measure,
        "headc": np.round(35 + 15 * (age / 1826) ** 0.4 + rng.normal(0, 1.5, N), 1),
        "armc": np.round(rng.normal(15, 1.5, N), 1),
    }


def _corrected(age: int, length: float, measure: str) -> Decimal:
    """The WHO lying/standing correction, done independently in Decimal."""
    value = Decimal(str(length))
    if age < 731 and measure == "h":
        value += Decimal("0.7")
    elif age >= 731 and measure == "l":
        value -= Decimal("0.7")
    return value


def _theirs(row: dict[str, object]) -> dict[str, float]:
    """pygrowup2's z-scores for one row (only those it can compute)."""
    age = int(row["age"])  # type: ignore[call-overload]
    sex = Observation.MALE if row["sex"] == 1 else Observation.FEMALE
    obs = Observation(sex, age_in_days=age)
    weight = Decimal(str(row["weight"]))
    length = _corrected(age, float(row["length"]), str(row["measure"]))  # type: ignore[arg-type]
    out = {
        "zlen": obs.lhfa(Decimal(str(row["length"])), recumbent=row["measure"] == "l"),
        "zwei": obs.wfa(weight),
        "zbmi": obs.bmifa(weight / (length / 100) ** 2),
        "zhc": obs.hcfa(Decimal(str(row["headc"]))),
    }
    wfl = obs.wfl if age < 731 else obs.wfh
    # Lengths outside the 45-110 / 65-120 cm tables raise; then there is nothing to compare.
    with contextlib.suppress(pygrowup.exceptions.PyGrowUpException):
        out["zwfl"] = wfl(weight, length)
    if age >= 91:
        out["zac"] = obs.acfa(Decimal(str(row["armc"])))
    return {key: float(value) for key, value in out.items()}


@pytest.mark.parametrize("seed", [11, 12])
def test_agrees_with_pygrowup2_within_0_01(seed):
    rows = _plausible_rows(seed)
    mine = zscores(
        rows["sex"],
        rows["age"],
        rows["weight"],
        rows["length"],
        rows["measure"],
        "n",
        headc=rows["headc"],
        armc=rows["armc"],
    )
    compared = 0
    for i in range(N):
        theirs = _theirs({key: values[i] for key, values in rows.items()})
        for key, value in theirs.items():
            assert abs(mine[key][i] - value) <= 0.01 + 1e-9, (key, i, mine[key][i], value)
            compared += 1
    assert compared > 5 * N


def test_pygrowup2_differs_at_730_days_and_who_is_followed():
    # A 730-day-old is under 24 months (730.5 days): WHO keeps the lying length, so a lying
    # 85.0 cm is not corrected; pygrowup2 already subtracts 0.7 cm at 730 days.
    # lenanthro 730 boy: M=87.8018 S=0.03479
    # WHO: z(85.0) = -0.9172 -> -0.92; pygrowup2: z(84.3) = -1.1464 -> -1.15
    mine = float(zscores(1, 730, np.nan, 85.0, "l", "n")["zlen"])
    theirs = float(Observation(Observation.MALE, age_in_days=730).lhfa(Decimal("85.0"), True))
    assert mine == -0.92
    assert theirs == -1.15
