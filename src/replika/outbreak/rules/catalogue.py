"""The province's list of diseases a region may adopt, and the case lifecycle tables.

Plain data: a region copies an entry into its own catalogue and adapts it there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Case statuses: a facility drafts, submits; the Dinas verifies or declines.
DRAFT = "draft"
PENDING = "pending"
VERIFIED = "verified"
DECLINED = "declined"
STATUSES = (DRAFT, PENDING, VERIFIED, DECLINED)
# (from, to) moves a case may make; a declined case may be corrected and submitted again.
STATUS_MOVES = frozenset(
    {(DRAFT, PENDING), (PENDING, VERIFIED), (PENDING, DECLINED), (DECLINED, PENDING)}
)

# Outcomes of a case (Pikobar's final results).
OPEN = ""
RECOVERED = "recovered"
DIED = "died"
DISCARDED = "discarded"
OUTCOMES = (OPEN, RECOVERED, DIED, DISCARDED)

# Contact follow-up: a contact is followed, ends the period, is lost, or becomes a case.
FOLLOWING = "following"
COMPLETED = "completed"
LOST = "lost"
BECAME_CASE = "became_case"
CONTACT_STATUSES = (FOLLOWING, COMPLETED, LOST, BECAME_CASE)

# A day of follow-up: seen and well, seen with symptoms, not reached.
SEEN = "seen"
SYMPTOMATIC = "symptomatic"
NOT_REACHED = "not_reached"
FOLLOW_UP_RESULTS = (SEEN, SYMPTOMATIC, NOT_REACHED)
# Not reached this many days in a row: the contact is lost to follow-up.
LOST_AFTER_MISSED_DAYS = 3

# Logistics requests (Pikobar logistik): request → verified → approved → realised → received.
SUBMITTED = "submitted"
LOG_VERIFIED = "verified"
APPROVED = "approved"
REALISED = "realised"
RECEIVED = "received"
REJECTED = "rejected"
REQUEST_STATUSES = (SUBMITTED, LOG_VERIFIED, APPROVED, REALISED, RECEIVED, REJECTED)
REQUEST_MOVES = frozenset(
    {
        (SUBMITTED, LOG_VERIFIED),
        (SUBMITTED, REJECTED),
        (LOG_VERIFIED, APPROVED),
        (LOG_VERIFIED, REJECTED),
        (APPROVED, REALISED),
        (REALISED, RECEIVED),
    }
)


def can_move(moves: frozenset[tuple[str, str]], current: str, target: str) -> bool:
    """Whether a lifecycle table allows going from ``current`` to ``target``."""
    return (current, target) in moves


@dataclass(frozen=True)
class DiseaseTemplate:
    """A disease as the province lists it; a region adopts and adapts it."""

    code: str
    name: str
    classifications: tuple[tuple[str, str], ...]
    counted: tuple[str, ...]  # classifications that count as a case in figures
    contact_before: int = 2
    contact_after: int = 14
    follow_up_days: int = 14
    isolation_days: int = 10
    symptom_free_days: int = 3
    skdr_code: str = ""
    weekly_threshold: int = 0  # SKDR alert at this many cases a week at one facility; 0 = none
    nik_required: bool = False
    serial_interval: tuple[float, ...] = field(default=())


_COVID_CLASSES = (
    ("suspek", "Suspek"),
    ("probable", "Probable"),
    ("konfirmasi", "Konfirmasi"),
    ("kontak_erat", "Kontak erat"),
    ("discarded", "Discarded"),
    ("selesai_isolasi", "Selesai isolasi"),
    ("meninggal", "Meninggal"),
)
# Discretised serial intervals (w_0 = 0, w_1, w_2, …), normalised to 1; COVID-19 mean ≈ 4.7 days,
# dengue ≈ 15 days (intrinsic + extrinsic incubation), measles ≈ 12 days.
_SI_COVID = (0.0, 0.09, 0.15, 0.17, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04, 0.03, 0.01)
_SI_DENGUE = tuple([0.0] * 10 + [0.05, 0.08, 0.1, 0.12, 0.13, 0.13, 0.12, 0.1, 0.08, 0.06, 0.03])
_SI_MEASLES = tuple([0.0] * 8 + [0.06, 0.1, 0.14, 0.17, 0.17, 0.14, 0.1, 0.07, 0.05])

PROVINCE_DISEASES: tuple[DiseaseTemplate, ...] = (
    DiseaseTemplate(
        code="covid19",
        name="COVID-19",
        classifications=_COVID_CLASSES,
        counted=("konfirmasi", "selesai_isolasi", "meninggal"),
        nik_required=True,
        skdr_code="",
        serial_interval=_SI_COVID,
    ),
    DiseaseTemplate(
        code="dbd",
        name="Demam berdarah dengue (DBD)",
        classifications=(
            ("suspek", "Suspek dengue"),
            ("dd", "Demam dengue"),
            ("dbd", "Demam berdarah dengue"),
            ("sss", "Sindrom syok dengue"),
            ("discarded", "Discarded"),
        ),
        counted=("dd", "dbd", "sss"),
        contact_before=0,
        contact_after=0,
        follow_up_days=0,
        skdr_code="SD",
        weekly_threshold=5,
        serial_interval=_SI_DENGUE,
    ),
    DiseaseTemplate(
        code="campak",
        name="Campak (measles)",
        classifications=(
            ("suspek", "Suspek campak"),
            ("klinis", "Campak klinis"),
            ("konfirmasi", "Campak konfirmasi laboratorium"),
            ("discarded", "Discarded"),
        ),
        counted=("klinis", "konfirmasi"),
        contact_before=4,
        contact_after=4,
        follow_up_days=21,
        skdr_code="C",
        weekly_threshold=1,
        serial_interval=_SI_MEASLES,
    ),
    DiseaseTemplate(
        code="difteri",
        name="Difteri",
        classifications=(
            ("suspek", "Suspek difteri"),
            ("probable", "Probable"),
            ("konfirmasi", "Konfirmasi"),
            ("discarded", "Discarded"),
        ),
        counted=("probable", "konfirmasi"),
        contact_before=10,
        contact_after=14,
        follow_up_days=7,
        skdr_code="DF",
        weekly_threshold=1,
        nik_required=True,
    ),
    DiseaseTemplate(
        code="diare",
        name="Diare akut",
        classifications=(("klinis", "Diare akut"),),
        counted=("klinis",),
        contact_before=0,
        contact_after=0,
        follow_up_days=0,
        skdr_code="A",
        weekly_threshold=15,
    ),
)


def template(code: str) -> DiseaseTemplate | None:
    """The province's entry for a disease code."""
    return next((d for d in PROVINCE_DISEASES if d.code == code), None)
