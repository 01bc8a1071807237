"""Children and adolescents 5-18 years: IMT/U and TB/U (WHO Growth Reference 2007 with the
Permenkes 2/2020 categories), KEK on LiLA, and anaemia on WHO's age-specific Hb cut-offs.

Pure: plain values in, plain values and codes out. The cut-offs are defaults a region may
adapt (``NutritionSettings``), passed in as ``AnaemiaCutoffs``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from replika.nutrition.growth import classify_bmi_for_age_5_18, classify_length_for_age
from replika.nutrition.growth import zscores_5_19 as _zscores_5_19

DAYS_PER_MONTH = 30.4375
# WHO/NMH/NHD/MNM/11.1: haemoglobin below these (g/dL) is anaemia.
HB_5_11 = 11.5
HB_12_14 = 12.0
HB_15_PLUS = 12.0  # women 15 years and older, not pregnant
# KEK (chronic energy deficiency) of adolescent girls and women of reproductive age.
KEK_LILA_CM = 23.5


@dataclass(frozen=True)
class AnaemiaCutoffs:
    """The Hb thresholds by age group (a region's settings, WHO's by default)."""

    age_5_11: float = HB_5_11
    age_12_14: float = HB_12_14
    age_15_plus: float = HB_15_PLUS


def age_years(age_days: int) -> int:
    """Completed years of age (365.25 days a year)."""
    return int(age_days / 365.25)


def anaemia_cutoff(age_days: int, cutoffs: AnaemiaCutoffs | None = None) -> float | None:
    """The Hb below which a girl of this age is anaemic; None under 5 years (not this
    register's rule)."""
    cutoffs = cutoffs or AnaemiaCutoffs()
    years = age_years(age_days)
    if years < 5:
        return None
    if years <= 11:
        return cutoffs.age_5_11
    if years <= 14:
        return cutoffs.age_12_14
    return cutoffs.age_15_plus


def is_anaemic(
    hb_g_dl: Decimal | float | None, age_days: int, cutoffs: AnaemiaCutoffs | None = None
) -> bool:
    """Anaemia at this age: Hb below the age group's cut-off."""
    cutoff = anaemia_cutoff(age_days, cutoffs)
    return hb_g_dl is not None and cutoff is not None and float(hb_g_dl) < cutoff


def is_kek(lila_cm: Decimal | float | None, threshold: float = KEK_LILA_CM) -> bool:
    """KEK: upper-arm circumference below the threshold (23.5 cm nationally)."""
    return lila_cm is not None and float(lila_cm) < threshold


@dataclass(frozen=True)
class Growth5To18:
    """IMT/U and TB/U of one measurement (None/'' where not computable)."""

    age_months: int
    zbfa: float | None
    zhfa: float | None
    cat_zbfa: str
    cat_zhfa: str


def _plain(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 2)


def growth_5_18(
    *, sex: int, age_days: int, weight: float | None, height: float | None
) -> Growth5To18:
    """BMI-for-age and height-for-age z (WHO 2007, 61-228 months) with their categories.

    A flagged (implausible) z-score is kept but gets no category.
    """
    months = age_days / DAYS_PER_MONTH
    z = _zscores_5_19(
        sex,
        months,
        math.nan if weight is None else weight,
        math.nan if height is None else height,
        False,
    )
    zbfa, zhfa = float(z["zbfa"]), float(z["zhfa"])
    flagged_bfa = float(z["fbfa"]) == 1.0
    flagged_hfa = float(z["fhfa"]) == 1.0
    cat_bfa = "" if flagged_bfa else str(classify_bmi_for_age_5_18(zbfa))
    cat_hfa = "" if flagged_hfa else str(classify_length_for_age(zhfa))
    return Growth5To18(int(months), _plain(zbfa), _plain(zhfa), cat_bfa, cat_hfa)
