"""The tables of the tourism module."""

from replika.tourism.models.events import Event, EventStatus, VillageAssessment
from replika.tourism.models.registry import (
    Place,
    PlaceKind,
    PlacePhoto,
    Product,
    ProductKind,
    VillageStage,
)
from replika.tourism.models.releases import MonthRelease, ReleaseStatus, ReleaseVersion
from replika.tourism.models.reports import (
    MonthlyReport,
    Reminder,
    ReminderKind,
    ReportKind,
    ReportRevision,
)

__all__ = [
    "Event",
    "EventStatus",
    "MonthRelease",
    "MonthlyReport",
    "Place",
    "PlaceKind",
    "PlacePhoto",
    "Product",
    "ProductKind",
    "ReleaseStatus",
    "ReleaseVersion",
    "Reminder",
    "ReminderKind",
    "ReportKind",
    "ReportRevision",
    "VillageAssessment",
    "VillageStage",
]
