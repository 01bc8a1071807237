"""One-child convenience wrapper around the vectorised engine (for forms and APIs)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from replika.nutrition.growth.categories import classify
from replika.nutrition.growth.engine import zscores


@dataclass(frozen=True)
class GrowthAssessment:
    """z-scores, flags and Permenkes categories of one measurement; None = not computable."""

    clenhei: float | None
    cbmi: float | None
    c9mo_flag: bool
    zlen: float | None
    zwei: float | None
    zwfl: float | None
    zbmi: float | None
    zhc: float | None
    zac: float | None
    flen: bool
    fwei: bool
    fwfl: bool
    fbmi: bool
    fhc: bool
    fac: bool
    cat_zlen: str
    cat_zwei: str
    cat_zwfl: str
    cat_zbmi: str


def _number(value: np.ndarray) -> float | None:
    """A 0-d float array as a Python float, or None for NaN."""
    number = float(value)
    return None if math.isnan(number) else number


def assess(
    sex: int | str | None,
    age_days: float | None,
    weight: float | None,
    lenhei: float | None,
    measure: str | None = "",
    oedema: str | None = "",
    headc: float | None = None,
    armc: float | None = None,
) -> GrowthAssessment:
    """Assess one child; None inputs count as missing and never raise."""

    def num(value: float | None) -> float:
        """Missing numbers become NaN for the engine."""
        return math.nan if value is None else value

    result = zscores(
        np.array(sex if sex is not None else "", dtype=object),
        num(age_days),
        num(weight),
        num(lenhei),
        measure or "",
        oedema or "",
        None if headc is None else num(headc),
        None if armc is None else num(armc),
    )
    cats = {key: str(value) for key, value in classify(result).items()}
    return GrowthAssessment(
        clenhei=_number(result["clenhei"]),
        cbmi=_number(result["cbmi"]),
        c9mo_flag=bool(result["c9mo_flag"]),
        zlen=_number(result["zlen"]),
        zwei=_number(result["zwei"]),
        zwfl=_number(result["zwfl"]),
        zbmi=_number(result["zbmi"]),
        zhc=_number(result["zhc"]),
        zac=_number(result["zac"]),
        flen=bool(result["flen"]),
        fwei=bool(result["fwei"]),
        fwfl=bool(result["fwfl"]),
        fbmi=bool(result["fbmi"]),
        fhc=bool(result["fhc"]),
        fac=bool(result["fac"]),
        cat_zlen=cats["cat_zlen"],
        cat_zwei=cats["cat_zwei"],
        cat_zwfl=cats["cat_zwfl"],
        cat_zbmi=cats["cat_zbmi"],
    )
