"""Poltabes data: learning places, cases with their timeline, follow-up, figures, summaries."""

from replika.schooling.models.base import Level, SchoolLevel, Sex
from replika.schooling.models.cases import (
    CORRECTIONS,
    WITH_PLACE,
    AtsType,
    Attendance,
    Case,
    CaseEvent,
    CloseWhy,
    EarlyWarning,
    EventKind,
    Route,
    Source,
    Status,
    SupportGiven,
    WarningStatus,
    field_label,
)
from replika.schooling.models.figures import (
    BANDS,
    DirtyRegion,
    EnrolmentFigure,
    SchoolingSummary,
)
from replika.schooling.models.places import PlaceCapacity, PlaceProfile

__all__ = [
    "BANDS",
    "CORRECTIONS",
    "WITH_PLACE",
    "AtsType",
    "Attendance",
    "Case",
    "CaseEvent",
    "CloseWhy",
    "DirtyRegion",
    "EarlyWarning",
    "EnrolmentFigure",
    "EventKind",
    "Level",
    "PlaceCapacity",
    "PlaceProfile",
    "Route",
    "SchoolLevel",
    "SchoolingSummary",
    "Sex",
    "Source",
    "Status",
    "SupportGiven",
    "WarningStatus",
    "field_label",
]
