"""Schooling API: the case register and its workflow, learning places, public summary.

Mounted by the module registry at ``/api/v1/schooling/``. No ``from __future__ import
annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from replika.core import audit, disclosure
from replika.core.api_base import PUBLIC, ErrorOut, Page, error_body
from replika.schooling.models import Case
from replika.schooling.models import Status as CaseStatus
from replika.schooling.permissions import (
    PLACE_CASE,
    RECORD_ATTENDANCE,
    RECORD_SUPPORT,
    REPORT_CASE,
    VERIFY_CASE,
    VIEW_REGISTER,
)
from replika.schooling.rules.corrections import CORRECTABLE
from replika.schooling.selectors import cases as sel
from replika.schooling.selectors import dashboards as board
from replika.schooling.services import cases as case_services
from replika.schooling.services import corrections, followup
from replika.schooling.services.common import status_of_refusal

router = Router(tags=["schooling"])


def _refusal(exc: ValidationError) -> Status[dict[str, Any]]:
    """A service's refusal as the API's error shape, with its status (409, 422 or 429)."""
    if hasattr(exc, "error_dict"):
        errors = {
            f: [str(m) for e in errs for m in e.messages] for f, errs in exc.error_dict.items()
        }
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return Status(status_of_refusal(exc), error_body("Invalid input.", errors))


# --- cases ------------------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    status: str
    name: str
    sex: int
    birth_date: dt.date
    nik: str
    wilayah: str
    wilayah_name: str
    ats_type: str
    reason: str
    source: str
    residu: bool
    route: str
    target_level: str
    place: str | None
    at_risk: bool
    reported_on: dt.date
    placed_on: dt.date | None


class EventOut(Schema):
    on: dt.date
    kind: str
    from_status: str
    to_status: str
    note: str
    by: str | None


class CaseDetailOut(CaseOut):
    no_kk: str
    nisn: str
    address: str
    rt: str
    rw: str
    guardian_name: str
    guardian_phone: str
    last_school_npsn: str
    last_level: str
    last_grade: int | None
    dtks: bool
    kip: bool
    pkh: bool
    close_reason: str
    certificate: str
    version: str = Field(
        description="send it back with a correction (PATCH): a case changed since is refused"
    )
    timeline: list[EventOut]


def case_out(case: Case, sees: bool) -> dict[str, Any]:
    """A case as a user may see it: NIK masked without the personal-data permission."""
    return {
        "id": case.pk,
        "status": case.status,
        "name": case.name,
        "sex": case.sex,
        "birth_date": case.birth_date,
        "nik": sel.masked(sees, case.nik),
        "wilayah": case.location.code,
        "wilayah_name": case.location.name,
        "ats_type": case.ats_type,
        "reason": case.reason,
        "source": case.source,
        "residu": case.residu,
        "route": case.route,
        "target_level": case.target_level,
        "place": case.place.name if case.place_id and case.place else None,
        "at_risk": case.at_risk,
        "reported_on": case.reported_on,
        "placed_on": case.placed_on,
    }


def detail_out(case: Case, sees: bool) -> dict[str, Any]:
    """A case with its identity, guardian and timeline."""
    return {
        **case_out(case, sees),
        "no_kk": sel.masked(sees, case.no_kk),
        "nisn": sel.masked(sees, case.nisn),
        "address": case.address if sees else "",
        "rt": case.rt,
        "rw": case.rw,
        "guardian_name": case.guardian_name,
        "guardian_phone": sel.masked(sees, case.guardian_phone),
        "last_school_npsn": case.last_school_npsn,
        "last_level": case.last_level,
        "last_grade": case.last_grade,
        "dtks": case.dtks,
        "kip": case.kip,
        "pkh": case.pkh,
        "close_reason": case.close_reason,
        "certificate": case.certificate,
        "version": corrections.version_of(case),
        "timeline": [
            {
                "on": e.on,
                "kind": e.kind,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "note": e.changed_labels(),
                "by": e.actor.display_name if e.actor else None,
            }
            for e in sel.timeline(case)
        ],
    }


class CaseFilter(Schema):
    wilayah: str = Field(
        "", max_length=20, description="area code: a kab/kota, kecamatan or nagari"
    )
    status: str = Field(
        "", description="reported, verified, assessed, placed, attending, completed, closed"
    )
    queue: str = Field("", description="verify, residu, assess, place, follow, at_risk, done")


class _Listed:
    """Cases rendered for one user (the masking decided once per request)."""

    def __init__(self, qs: Any, sees: bool) -> None:
        self.qs, self.sees = qs, sees

    def __len__(self) -> int:
        return self.qs.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [case_out(c, self.sees) for c in self.qs[item]]


@router.get(
    "/cases",
    response={200: list[CaseOut], 401: ErrorOut, 422: ErrorOut},
    summary="Cases the caller may see (paginated)",
)
@paginate(Page)
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if filters.status and filters.status not in CaseStatus.values:
        raise ValidationError({"status": "Unknown status."})
    if filters.queue and filters.queue not in sel.QUEUES:
        raise ValidationError({"queue": "Unknown queue."})
    qs = sel.cases_for(user, wilayah=filters.wilayah, status=filters.status, queue=filters.queue)
    return _Listed(qs, sel.shows_personal(user))


class CaseIn(Schema):
    wilayah: str = Field(
        ..., max_length=20, description="nagari/kelurahan/desa code, e.g. 13.05.01.2001"
    )
    name: str = Field(..., max_length=120)
    sex: int = Field(..., description="1 boy, 2 girl")
    birth_date: dt.date
    ats_type: str = Field(..., description="never, do or ltm")
    reason: str = Field(..., max_length=30, description="a code of the region's reasons")
    source: str = Field("survey", description="survey, school, citizen, ats, sipbm, p3ke")
    nik: str = Field("", max_length=16)
    no_kk: str = Field("", max_length=16)
    nisn: str = Field("", max_length=10)
    address: str = Field("", max_length=255)
    rt: str = Field("", max_length=3)
    rw: str = Field("", max_length=3)
    guardian_name: str = Field("", max_length=120)
    guardian_phone: str = Field("", max_length=20)
    last_school_npsn: str = Field("", max_length=8)
    last_level: str = Field("", max_length=4)
    last_grade: int | None = Field(None, ge=1, le=12)
    dtks: bool = False
    kip: bool = False
    pkh: bool = False


@router.post(
    "/cases",
    response={
        201: CaseDetailOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Report a child out of school",
)
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    location = sel.locations_for(user, REPORT_CASE).filter(code=payload.wilayah).first()
    if location is None:
        return Status(
            422,
            error_body(
                "Invalid input.",
                {"wilayah": ["Not a nagari/kelurahan of your area where the programme runs."]},
            ),
        )
    data = payload.dict()
    data.pop("wilayah")
    try:
        case = case_services.case_report(
            actor=user, child=case_services.ChildIn(location=location, **data)
        )
    except ValidationError as exc:
        return _refusal(exc)
    return Status(201, detail_out(sel.case_for(user, case.pk), sel.shows_personal(user)))


@router.get(
    "/cases/{case_id}",
    response={200: CaseDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="A case with its timeline",
)
def case_detail(request: HttpRequest, case_id: int) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    case = sel.case_for(user, case_id)
    audit.record_read(actor=user, what="schooling_case_api", instance=case)
    return detail_out(case, sel.shows_personal(user))


class CasePatchIn(Schema):
    """A correction: only the fields sent change; ``version`` is the one last read."""

    version: str = Field(..., max_length=64, description="the case's version from its GET")
    wilayah: str | None = Field(None, max_length=20, description="nagari code, same kab/kota")
    name: str | None = Field(None, max_length=120)
    sex: int | None = Field(None, description="1 boy, 2 girl")
    birth_date: dt.date | None = Field(None)
    ats_type: str | None = Field(None, description="never, do or ltm")
    reason: str | None = Field(None, max_length=30)
    source: str | None = Field(None, description="survey, school, citizen, ats, sipbm, p3ke")
    nik: str | None = Field(None, max_length=16)
    no_kk: str | None = Field(None, max_length=16)
    nisn: str | None = Field(None, max_length=10)
    address: str | None = Field(None, max_length=255)
    rt: str | None = Field(None, max_length=3)
    rw: str | None = Field(None, max_length=3)
    guardian_name: str | None = Field(None, max_length=120)
    guardian_phone: str | None = Field(None, max_length=20)
    last_school_npsn: str | None = Field(None, max_length=8)
    last_level: str | None = Field(None, max_length=4)
    last_grade: int | None = Field(None, ge=1, le=12, description="null clears it")
    dtks: bool | None = Field(None)
    kip: bool | None = Field(None)
    pkh: bool | None = Field(None)


@router.patch(
    "/cases/{case_id}",
    response={
        200: CaseDetailOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Correct a case's identity and details (the Dinas; the reporter until verified)",
)
def correct_case(request: HttpRequest, case_id: int, payload: CasePatchIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    case, right = sel.case_to_correct(user, case_id)
    sent = payload.dict(exclude_unset=True)
    version = sent.pop("version")
    # Only the last grade may be cleared; null for anything else is a mistake, not "keep".
    nulls = {name: ["May not be null."] for name, v in sent.items() if v is None}
    nulls.pop("last_grade", None)
    if nulls:
        return Status(422, error_body("Invalid input.", nulls))
    location = case.location
    if "wilayah" in sent:
        places = sel.correction_places(user, case, right)
        moved_to = places.filter(code=sent.pop("wilayah")).first()
        if moved_to is None:
            return Status(
                422,
                error_body(
                    "Invalid input.",
                    {"wilayah": ["Not a nagari/kelurahan of this regency/city in your area."]},
                ),
            )
        location = moved_to
    stored = {name: getattr(case, name) for name in CORRECTABLE if name != "location_id"}
    child = case_services.ChildIn(location=location, **(stored | sent))
    try:
        corrections.case_correct(actor=user, case=case, child=child, version=version)
    except ValidationError as exc:
        return _refusal(exc)
    return detail_out(sel.case_for(user, case.pk), sel.shows_personal(user))


class StepIn(Schema):
    action: str = Field(..., description="verify, residu, assess, place, complete, close")
    on: dt.date | None = Field(None, description="date of the step (today when left out)")
    note: str = Field("", max_length=255)
    route: str = Field("", description="assess: filial, regular or kesetaraan")
    place: int | None = Field(None, description="place: the learning place id")
    reason: str = Field("", description="close: moved_away, refused, over_age, not_found")
    certificate: str = Field("", max_length=120, description="complete: certificate earned")
    next_level: str = Field("", max_length=8)


STEP_PERMS = {
    "verify": VERIFY_CASE,
    "residu": VERIFY_CASE,
    "assess": PLACE_CASE,
    "place": PLACE_CASE,
    "close": PLACE_CASE,
    "complete": RECORD_ATTENDANCE,
}


def run_step(user: Any, case: Case, step: StepIn) -> Case:
    """Call the one service of a workflow step."""
    on = step.on or timezone.localdate()
    if step.action == "verify":
        return case_services.case_verify(actor=user, case=case, on=on, note=step.note)
    if step.action == "residu":
        return case_services.case_residu(actor=user, case=case, on=on, note=step.note)
    if step.action == "assess":
        return case_services.case_assess(
            actor=user, case=case, route=step.route, on=on, note=step.note
        )
    if step.action == "place":
        if step.place is None:
            raise ValidationError({"place": "Choose a learning place."})
        try:
            place = sel.place_for(user, step.place, PLACE_CASE)
        except Http404:
            raise ValidationError({"place": "Choose a learning place of this region."}) from None
        return case_services.case_place(actor=user, case=case, place=place, on=on, note=step.note)
    if step.action == "complete":
        return case_services.case_complete(
            actor=user, case=case, on=on, certificate=step.certificate, next_level=step.next_level
        )
    return case_services.case_close(
        actor=user, case=case, reason=step.reason, on=on, note=step.note
    )


@router.post(
    "/cases/{case_id}/steps",
    response={200: CaseDetailOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Move a case one step: verify, residu, assess, place, complete or close",
)
def case_step(request: HttpRequest, case_id: int, payload: StepIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    perm = STEP_PERMS.get(payload.action)
    if perm is None:
        return Status(422, error_body("Invalid input.", {"action": ["Unknown action."]}))
    case = sel.case_for(user, case_id, perm)
    try:
        case = run_step(user, case, payload)
    except ValidationError as exc:
        return _refusal(exc)
    return detail_out(sel.case_for(user, case.pk), sel.shows_personal(user))


class AttendanceIn(Schema):
    month: str = Field(..., pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")
    school_days: int = Field(..., ge=0, le=31)
    days_present: int = Field(..., ge=0, le=31)
    stopped_coming: bool = False


class AttendanceOut(Schema):
    month: str
    percent: Decimal | None
    at_risk: bool
    case_status: str


@router.post(
    "/cases/{case_id}/attendance",
    response={200: AttendanceOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a placed child's month of attendance",
)
def record_attendance(request: HttpRequest, case_id: int, payload: AttendanceIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    case = sel.case_for(user, case_id, RECORD_ATTENDANCE)
    year, month = (int(x) for x in payload.month.split("-"))
    if not 1 <= month <= 12:
        return Status(422, error_body("Invalid input.", {"month": ["Not a month."]}))
    try:
        row = followup.attendance_record(
            actor=user,
            case=case,
            month=dt.date(year, month, 1),
            school_days=payload.school_days,
            days_present=payload.days_present,
            stopped_coming=payload.stopped_coming,
        )
    except ValidationError as exc:
        return _refusal(exc)
    return {
        "month": row.month.strftime("%Y-%m"),
        "percent": row.percent,
        "at_risk": row.at_risk,
        "case_status": row.case.status,
    }


class SupportIn(Schema):
    item: str = Field(..., max_length=30)
    quantity: int = Field(..., ge=1, le=100)
    given_on: dt.date
    unit_cost: Decimal | None = Field(None, ge=0, le=50_000_000, decimal_places=0)
    note: str = Field("", max_length=255)


class SupportOut(Schema):
    id: int
    item: str
    item_label: str
    quantity: int
    cost: Decimal


@router.post(
    "/cases/{case_id}/support",
    response={201: SupportOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record support given to a child",
)
def give_support(request: HttpRequest, case_id: int, payload: SupportIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    case = sel.case_for(user, case_id, RECORD_SUPPORT)
    try:
        row = followup.support_give(actor=user, case=case, **payload.dict())
    except ValidationError as exc:
        return _refusal(exc)
    return Status(201, row)


# --- places -----------------------------------------------------------------------------------


class SeatsOut(Schema):
    level: str
    capacity: int
    taken: int
    free: int


class PlaceOut(Schema):
    id: int
    name: str
    kind: str
    wilayah: str | None
    parent: str | None
    seats: list[SeatsOut]


@router.get(
    "/places",
    response={200: list[PlaceOut], 401: ErrorOut, 422: ErrorOut},
    summary="Learning places the caller may see, with seats per level",
)
@paginate(Page)
def list_places(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    places = list(sel.places_for(user, VIEW_REGISTER))
    seats = sel.seats_of(places)
    return [
        {
            "id": p.pk,
            "name": p.name,
            "kind": p.kind,
            "wilayah": p.location.code if p.location else None,
            "parent": p.parent.name if p.parent else None,
            "seats": [
                {"level": s.level, "capacity": s.capacity, "taken": s.taken, "free": s.free}
                for s in seats[p.pk]
            ],
        }
        for p in places
    ]


# --- GET /summary (public) --------------------------------------------------------------------


class SummaryFilter(Schema):
    wilayah: str = Field(
        "13", max_length=20, description="13 (province), a kab/kota or a kecamatan"
    )
    year: int | None = Field(
        None, ge=2000, le=2100, description="year of report (all years when left out)"
    )


class CountOut(Schema):
    value: int | None
    suppressed: bool


class RateOut(Schema):
    percent: float | None
    count: int | None
    total: int | None
    suppressed: bool


class SummaryOut(Schema):
    wilayah: str
    name: str
    year: int | None
    min_cell: int
    found: CountOut
    placed: CountOut
    attending: CountOut
    completed: CountOut
    redropped: CountOut
    waiting: CountOut
    placed_share: RateOut
    still_out_of_school: CountOut
    progress_to_zero: RateOut


def _count(c: disclosure.PublicCount) -> dict[str, Any]:
    return {"value": c.value, "suppressed": c.suppressed}


def _rate(r: disclosure.PublicRate) -> dict[str, Any]:
    return {
        "percent": r.percent,
        "count": r.count.value,
        "total": r.total.value,
        "suppressed": r.suppressed,
    }


@router.get(
    "/summary",
    response={200: SummaryOut, 404: ErrorOut, 422: ErrorOut},
    auth=PUBLIC,
    summary="Progress to zero children out of school (public aggregates)",
    description="Counts from the summary tables, no lower than the kecamatan (a "
    "nagari/kelurahan answers 422). A count below the minimum cell is null with "
    "suppressed: true; a rate is withheld when its count or total is small.",
)
def summary(request: HttpRequest, filters: Query[SummaryFilter]) -> Any:
    area = board.public_area(filters.wilayah)
    if area is None:
        raise Http404
    if not disclosure.public_level_allowed(area.level):
        parent = area.parent.code if area.parent else ""
        return Status(
            422,
            error_body(
                "Invalid input.",
                {"wilayah": [f"Public figures go no lower than the kecamatan; ask for {parent}."]},
            ),
        )
    data = board.public_summary(area, filters.year)
    counts = data["counts"]
    return {
        "wilayah": area.code,
        "name": area.name,
        "year": filters.year,
        "min_cell": disclosure.min_cell(),
        **{key: _count(counts[key]) for key in counts},
        "placed_share": _rate(data["placed_share"]),
        "still_out_of_school": _count(data["still_out"]),
        "progress_to_zero": _rate(data["progress"]),
    }
