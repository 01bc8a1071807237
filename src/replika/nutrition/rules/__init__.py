"""Pure rules of Ayo Ceting: no database, plain values in and out.

- ``monitoring``: months and ages, SKDN growth (N/T against the KBM), KEK, anaemia, NIK;
- ``alerts``: which referral reasons a measurement or an antenatal visit raises;
- ``followup``: the referral workflow and Rumah Gizi graduation;
- ``charts``: growth charts on the WHO curves (the curves come from the growth engine);
- ``limits``: the one table of plausible ranges that forms, API, importer and services use.

The monitoring rules are re-exported here because they are the ones every layer uses
(``rules.period_of``, ``rules.nik_code``, …).
"""

from replika.nutrition.rules.monitoring import (
    ANAEMIA_HB_ADOLESCENT,
    ANAEMIA_HB_PREGNANT,
    KBM_FROM_11,
    KBM_GRAMS,
    KEK_LILA_CM,
    MEASURE_WORDS,
    NIK_CODES,
    NIK_PATTERN,
    UNDER_FIVE_DAYS,
    age_in_days,
    age_in_months,
    counts_as_under_five,
    growth_code,
    is_anaemic,
    is_kek,
    is_two_t,
    kbm_grams,
    name_key,
    next_period,
    nik_code,
    nik_problem,
    period_of,
    previous_period,
    under_five_births,
)

__all__ = [
    "ANAEMIA_HB_ADOLESCENT",
    "ANAEMIA_HB_PREGNANT",
    "KBM_FROM_11",
    "KBM_GRAMS",
    "KEK_LILA_CM",
    "MEASURE_WORDS",
    "NIK_CODES",
    "NIK_PATTERN",
    "UNDER_FIVE_DAYS",
    "age_in_days",
    "age_in_months",
    "counts_as_under_five",
    "growth_code",
    "is_anaemic",
    "is_kek",
    "is_two_t",
    "kbm_grams",
    "name_key",
    "next_period",
    "nik_code",
    "nik_problem",
    "period_of",
    "previous_period",
    "under_five_births",
]
