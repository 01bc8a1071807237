"""Outbreak API: report and read cases, SKDR weekly reports, alerts, public open data.

Mounted by the module registry at ``/api/v1/outbreak/``. No ``from __future__ import
annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from replika.core import audit, cache
from replika.core.access import get_for_user
from replika.core.api_base import PUBLIC, ErrorOut
from replika.core.exporting import csv_bytes
from replika.core.models import Unit, Wilayah
from replika.core.privacy import mask_nik
from replika.outbreak.permissions import REPORT_CASE, REPORT_SKDR, VIEW_CASE
from replika.outbreak.selectors import cases as case_selectors
from replika.outbreak.selectors import open_data as open_selectors
from replika.outbreak.selectors import skdr as skdr_selectors
from replika.outbreak.services import cases as case_services
from replika.outbreak.services import skdr as skdr_services
from replika.outbreak.services.summaries import CACHE_NAMESPACE
from replika.outbreak.settings_schema import settings_for

router = Router(tags=["outbreak"])


class CaseIn(Schema):
    unit: int = Field(..., description="id of the reporting facility")
    disease: str = Field(..., max_length=20, description="disease code, e.g. covid19, dbd")
    name: str = Field(..., min_length=1, max_length=120)
    sex: Literal["L", "P"]
    classification: str = Field(..., max_length=30)
    reported_on: dt.date | None = None
    nik: str = Field("", max_length=16)
    birth_date: dt.date | None = None
    phone: str = Field("", max_length=20)
    address: str = Field("", max_length=255)
    occupation: str = Field("", max_length=80)
    location: str = Field("", max_length=20, description="Kemendagri code of the nagari/kelurahan")
    onset_date: dt.date | None = None
    symptoms: str = Field("", max_length=255)
    comorbidities: str = Field("", max_length=255)
    exposure: str = Field("", max_length=255)
    place_of_care: Literal["", "rumah", "rs", "faskes"] = ""
    submit: bool = True


class HistoryOut(Schema):
    classification: str
    on: dt.date


class LabOut(Schema):
    specimen_type: str
    specimen_date: dt.date
    method: str
    result: str
    result_date: dt.date | None


class CaseOut(Schema):
    id: int
    code: str
    disease: str
    region: str
    unit: str
    nik: str
    name: str
    sex: str
    birth_date: dt.date | None
    reported_on: dt.date
    onset_date: dt.date | None
    classification: str
    status: str
    outcome: str
    outcome_date: dt.date | None
    cluster: str | None
    history: list[HistoryOut]
    tests: list[LabOut]


def _case_out(user: Any, case: Any) -> dict[str, Any]:
    personal = case_selectors.shows_personal(user)
    return {
        "id": case.pk,
        "code": case.code,
        "disease": case.disease_code,
        "region": case.region.code,
        "unit": case.unit.name,
        "nik": case.nik if personal else mask_nik(case.nik),
        "name": case.name,
        "sex": case.sex,
        "birth_date": case.birth_date if personal else None,
        "reported_on": case.reported_on,
        "onset_date": case.onset_date,
        "classification": case.classification,
        "status": case.status,
        "outcome": case.outcome,
        "outcome_date": case.outcome_date,
        "cluster": case.cluster.name if case.cluster_id else None,
        "history": [{"classification": h.classification, "on": h.on} for h in case.history.all()],
        "tests": [
            {
                "specimen_type": t.specimen_type,
                "specimen_date": t.specimen_date,
                "method": t.method,
                "result": t.result,
                "result_date": t.result_date,
            }
            for t in case.tests.all()
        ],
    }


@router.post(
    "/cases",
    response={201: CaseOut, 404: ErrorOut, 422: ErrorOut},
    summary="Report a case at a facility (draft or straight to verification)",
)
def report_case(request: HttpRequest, payload: CaseIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    unit = get_for_user(Unit.objects.all(), user, payload.unit, REPORT_CASE)
    disease = case_selectors.disease_at(unit, payload.disease)
    if disease is None:
        raise ValidationError(
            {"disease": _("This disease is not tracked in the facility's region.")}
        )
    location = None
    if payload.location:
        location = Wilayah.objects.filter(code=payload.location).first()
        if location is None:
            raise ValidationError({"location": _("Unknown place code.")})
    data = payload.dict(exclude={"unit", "disease", "location"})
    case = case_services.case_report(
        actor=user, unit=unit, disease=disease, location=location, **data
    )
    return 201, _case_out(user, case_selectors.case_for(user, case.pk))


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, 404: ErrorOut},
    summary="One case the caller may see (NIK masked unless their role opens it)",
)
def case_detail(request: HttpRequest, case_id: int) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    case = case_selectors.case_for(user, case_id, VIEW_CASE)
    audit.record_read(actor=user, what="outbreak.case", instance=case)
    return _case_out(user, case)


class SkdrIn(Schema):
    unit: int
    disease: str = Field(..., max_length=20)
    year: int = Field(..., ge=2000, le=2100)
    week: int = Field(..., ge=1, le=53)
    cases: int = Field(..., ge=0, le=1_000_000)
    deaths: int = Field(0, ge=0, le=1_000_000)
    visits: int | None = Field(None, ge=0, le=10_000_000)


class AlertOut(Schema):
    id: int
    kind: str
    region: str
    unit: str | None
    disease: str
    year: int
    week: int
    count: int
    codes: list[str]
    figures: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="per KLB rule code, the numbers it compared"
    )
    source: str = Field("", description="skdr (weekly reports) or cases (the case list)")


class SkdrOut(Schema):
    id: int
    year: int
    week: int
    cases: int
    deaths: int
    alerts: list[AlertOut]


def _alert_out(alert: Any) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "kind": alert.kind,
        "region": alert.region.code,
        "unit": alert.unit.name if alert.unit_id else None,
        "disease": alert.disease.code,
        "year": alert.year,
        "week": alert.week,
        "count": alert.count,
        "codes": alert.codes,
        "figures": alert.figures or {},
        "source": alert.source,
    }


@router.post(
    "/skdr",
    response={200: SkdrOut, 404: ErrorOut, 422: ErrorOut},
    summary="A facility's weekly SKDR count of one disease (a correction replaces it)",
)
def report_skdr(request: HttpRequest, payload: SkdrIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    unit = get_for_user(Unit.objects.all(), user, payload.unit, REPORT_SKDR)
    disease = case_selectors.disease_at(unit, payload.disease)
    if disease is None:
        raise ValidationError(
            {"disease": _("This disease is not tracked in the facility's region.")}
        )
    report = skdr_services.weekly_report_submit(
        actor=user,
        unit=unit,
        disease=disease,
        year=payload.year,
        week=payload.week,
        cases=payload.cases,
        deaths=payload.deaths,
        visits=payload.visits,
    )
    raised = skdr_selectors.alerts(user).filter(disease=disease, year=report.year, week=report.week)
    return {
        "id": report.pk,
        "year": report.year,
        "week": report.week,
        "cases": report.cases,
        "deaths": report.deaths,
        "alerts": [_alert_out(a) for a in raised],
    }


class AlertQuery(Schema):
    wilayah: str = Field("", max_length=20, description="Kemendagri code; empty: everything")


@router.get(
    "/alerts",
    response={200: list[AlertOut], 422: ErrorOut},
    summary="SKDR threshold and KLB alerts the caller may see, in a place",
)
def list_alerts(request: HttpRequest, query: Query[AlertQuery]) -> Any:
    place = None
    if query.wilayah:
        place = Wilayah.objects.filter(code=query.wilayah).first()
        if place is None:
            raise ValidationError({"wilayah": _("Unknown region code.")})
    qs = skdr_selectors.alerts(request.auth, place)[:500]  # type: ignore[attr-defined]
    return [_alert_out(a) for a in qs]


class OpenDataQuery(Schema):
    disease: str = Field(..., max_length=20)
    wilayah: str = Field("13", max_length=20, description="province, kab/kota or kecamatan code")
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None


class CellsOut(Schema):
    new_cases: int | None
    recovered: int | None
    deaths: int | None
    tests: int | None
    positives: int | None
    suppressed: list[str]


class DailyOut(CellsOut):
    date: str


class WeeklyOut(CellsOut):
    year: int
    week: int


class OpenDataOut(Schema):
    disease: str
    wilayah: str
    wilayah_name: str
    level: int
    from_: str = Field(..., alias="from")
    to: str
    min_cell: int
    week_system: str
    cumulative: int | None
    daily: list[DailyOut]
    weekly: list[WeeklyOut]


def _open_data(query: OpenDataQuery) -> dict[str, Any]:
    """The open-data answer for a query, cached until the summaries change."""
    disease, place, first, last = open_selectors.parse_query(
        disease=query.disease,
        wilayah=query.wilayah,
        first=query.from_,
        last=query.to,
        today=timezone.localdate(),
    )
    region = place if place.level == Wilayah.REGION else None
    system = settings_for(region).week_system
    key = (
        f"replika:public:outbreak:api:{cache.version(CACHE_NAMESPACE)}:"
        f"{disease}:{place.code}:{first}:{last}:{system}"
    )
    return cache.remember(
        key,
        lambda: open_selectors.open_data(
            disease=disease, place=place, first=first, last=last, system=system
        ),
    )


@router.get(
    "/open-data",
    auth=PUBLIC,
    response={200: OpenDataOut, 422: ErrorOut},
    by_alias=True,
    summary="Public daily and weekly counts per disease and place (small cells suppressed)",
)
def open_data(request: HttpRequest, query: Query[OpenDataQuery]) -> Any:
    return _open_data(query)


@router.get(
    "/open-data.csv",
    auth=PUBLIC,
    response={422: ErrorOut},
    summary="The open data's daily rows as CSV (suppressed cells written as <min)",
    openapi_extra={
        "responses": {
            200: {
                "description": "CSV: disease, wilayah, date and the five counts",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def open_data_csv(request: HttpRequest, query: Query[OpenDataQuery]) -> Any:
    data = _open_data(query)
    body = csv_bytes(open_selectors.CSV_HEADER, open_selectors.csv_rows(data))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"{data['disease']}-{data['wilayah']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
