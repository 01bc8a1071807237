"""Ayo Ceting data: registers, posyandu measurements, follow-up, education, summaries."""

from replika.nutrition.models.care import (
    FeedingDay,
    Referral,
    ReferralEvent,
    ReferralReason,
    ReferralStatus,
    RumahGiziEnrolment,
    RumahGiziStatus,
    WeeklyWeight,
)
from replika.nutrition.models.education import Article, ClassAttendance, PregnancyClass
from replika.nutrition.models.measurements import (
    Growth,
    Measure,
    Measurement,
    SessionEntry,
    Source,
)
from replika.nutrition.models.registers import (
    AdolescentGirl,
    AdolescentScreening,
    Child,
    FacilityProfile,
    Mother,
    Pregnancy,
    PregnancyStatus,
    PregnancyVisit,
    Sex,
)
from replika.nutrition.models.summaries import DirtySummary, NutritionSummary

__all__ = [
    "AdolescentGirl",
    "AdolescentScreening",
    "Article",
    "Child",
    "ClassAttendance",
    "DirtySummary",
    "FacilityProfile",
    "FeedingDay",
    "Growth",
    "Measure",
    "Measurement",
    "Mother",
    "NutritionSummary",
    "Pregnancy",
    "PregnancyClass",
    "PregnancyStatus",
    "PregnancyVisit",
    "Referral",
    "ReferralEvent",
    "ReferralReason",
    "ReferralStatus",
    "RumahGiziEnrolment",
    "RumahGiziStatus",
    "SessionEntry",
    "Sex",
    "Source",
    "WeeklyWeight",
]
