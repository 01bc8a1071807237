"""Pikobar data: diseases, cases, contacts, SKDR, alerts, logistics and daily summaries."""

from replika.outbreak.models.cases import (
    Case,
    CaseStatus,
    CaseTransfer,
    ClassificationChange,
    Cluster,
    LabTest,
    Outcome,
    PlaceOfCare,
    Sex,
    TestResult,
    TransferStatus,
)
from replika.outbreak.models.catalogue import Disease
from replika.outbreak.models.contacts import (
    Contact,
    ContactStatus,
    ExposureType,
    FollowUp,
    FollowUpResult,
)
from replika.outbreak.models.logistics import (
    Item,
    LogisticsRequest,
    Priority,
    RequestLine,
    RequestStatus,
    Stock,
)
from replika.outbreak.models.population import KecamatanPopulation
from replika.outbreak.models.skdr import Alert, AlertKind, WeeklyReport
from replika.outbreak.models.summaries import DailyCount

__all__ = [
    "Alert",
    "AlertKind",
    "Case",
    "CaseStatus",
    "CaseTransfer",
    "ClassificationChange",
    "Cluster",
    "Contact",
    "ContactStatus",
    "DailyCount",
    "Disease",
    "ExposureType",
    "FollowUp",
    "FollowUpResult",
    "Item",
    "KecamatanPopulation",
    "LabTest",
    "LogisticsRequest",
    "Outcome",
    "PlaceOfCare",
    "Priority",
    "RequestLine",
    "RequestStatus",
    "Sex",
    "Stock",
    "TestResult",
    "TransferStatus",
    "WeeklyReport",
]
