"""Pure schooling rules (no database): BPS indicators, age and pathway, follow-up, lifecycle.

Every function takes and returns plain values; bad arguments raise ``ValueError`` naming
the argument. Percentages are rounded half-up to 2 decimals on Decimal and returned as float.
"""

from replika.schooling.rules.age import (
    DEFAULT_MAX_AGE,
    FILIAL,
    KESETARAAN,
    Pathway,
    age_in_years,
    pathway,
)
from replika.schooling.rules.followup import (
    DEFAULT_ATTENDANCE_THRESHOLD,
    attendance_percent,
    days_to_placement,
    is_at_risk,
    median_days_to_placement,
)
from replika.schooling.rules.indicators import (
    AGE_BANDS,
    DROPOUT_BASES,
    DropoutBasis,
    EnrolmentRates,
    dropout_rate,
    enrolment_rates,
    level_of_age,
)
from replika.schooling.rules.lifecycle import (
    ALLOWED_TRANSITIONS,
    FINAL_STATUSES,
    OPEN_STATUSES,
    CaseStatus,
    CloseReason,
    is_transition_allowed,
    next_statuses,
)

__all__ = [
    "AGE_BANDS",
    "ALLOWED_TRANSITIONS",
    "DEFAULT_ATTENDANCE_THRESHOLD",
    "DEFAULT_MAX_AGE",
    "DROPOUT_BASES",
    "FILIAL",
    "FINAL_STATUSES",
    "KESETARAAN",
    "OPEN_STATUSES",
    "CaseStatus",
    "CloseReason",
    "DropoutBasis",
    "EnrolmentRates",
    "Pathway",
    "age_in_years",
    "attendance_percent",
    "days_to_placement",
    "dropout_rate",
    "enrolment_rates",
    "is_at_risk",
    "is_transition_allowed",
    "level_of_age",
    "median_days_to_placement",
    "next_statuses",
    "pathway",
]
