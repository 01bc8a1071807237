"""Pure domain rules of the tourism module (no database): statistics, checks, deadlines."""

from replika.tourism.rules.deadlines import (
    FilingStatus,
    compliance_counts,
    days_in_month,
    filing_status,
    next_period,
    period_of,
    report_due_date,
    same_period_last_year,
)
from replika.tourism.rules.statistics import (
    ACCOMMODATION_FIELDS,
    AccommodationTotals,
    accommodation_report_totals,
    accommodation_statistics,
    accommodation_totals,
    change_in_percent,
    change_in_points,
    compliance,
    statistics_from_totals,
)
from replika.tourism.rules.validation import (
    ATTRACTION_COUNT_FIELDS,
    Problem,
    accommodation_report_problems,
    attraction_report_problems,
)
from replika.tourism.rules.village import AXES, VillageClass, village_class

__all__ = [
    "ACCOMMODATION_FIELDS",
    "ATTRACTION_COUNT_FIELDS",
    "AXES",
    "AccommodationTotals",
    "FilingStatus",
    "Problem",
    "VillageClass",
    "accommodation_report_problems",
    "accommodation_report_totals",
    "accommodation_statistics",
    "accommodation_totals",
    "attraction_report_problems",
    "change_in_percent",
    "change_in_points",
    "compliance",
    "compliance_counts",
    "days_in_month",
    "filing_status",
    "next_period",
    "period_of",
    "report_due_date",
    "same_period_last_year",
    "statistics_from_totals",
    "village_class",
]
