"""Replication API: innovations (public) and commitments (through the one door)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from replika.core.access import get_for_user
from replika.core.api_base import PUBLIC, ErrorOut, Page
from replika.core.http import AuthedApiRequest
from replika.replication import selectors, services
from replika.replication.models import Commitment
from replika.replication.permissions import CHANGE_SETTINGS, VIEW_COMMITMENT

router = Router(tags=["replication"])


class InnovationOut(Schema):
    code: str
    acronym: str
    name: str
    origin_region: str
    owner_agency: str
    award: str
    award_year: int | None
    category: str
    summary: str
    module_code: str


@router.get("/innovations", response=list[InnovationOut], auth=PUBLIC, summary="Innovations")
def list_innovations(request: HttpRequest) -> Any:
    return selectors.innovation_list()


class CommitmentOut(Schema):
    id: int
    region: str
    region_name: str
    innovation: str
    stage: str
    stage_since: dt.date | None
    signed_on: dt.date | None
    live: bool
    settings: dict[str, Any]

    @staticmethod
    def resolve_region(obj: Commitment) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Commitment) -> str:
        return obj.region.name

    @staticmethod
    def resolve_innovation(obj: Commitment) -> str:
        return obj.innovation.code

    @staticmethod
    def resolve_live(obj: Commitment) -> bool:
        from replika.replication.rules import is_live

        return is_live(obj.stage)


class CommitmentFilter(Schema):
    region: str | None = None
    innovation: str | None = None
    stage: str | None = None


@router.get(
    "/commitments",
    response={200: list[CommitmentOut], 401: ErrorOut, 422: ErrorOut},
    summary="Commitments the caller may see",
)
@paginate(Page)
def list_commitments(request: AuthedApiRequest, filters: Query[CommitmentFilter]) -> Any:
    qs = selectors.commitment_list(user=request.auth)
    if filters.region:
        qs = qs.filter(region__code=filters.region)
    if filters.innovation:
        qs = qs.filter(innovation__code=filters.innovation)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    return qs


@router.get(
    "/commitments/{commitment_id}",
    response={200: CommitmentOut, 401: ErrorOut, 404: ErrorOut},
    summary="One commitment",
)
def get_commitment(request: AuthedApiRequest, commitment_id: int) -> Any:
    return get_for_user(
        Commitment.objects.select_related("region", "innovation"),
        request.auth,
        commitment_id,
        VIEW_COMMITMENT,
    )


class SettingsIn(Schema):
    settings: dict[str, Any]
    # Why each new or changed modification departs from the origin: {setting: reason}.
    reasons: dict[str, str] = Field(default_factory=dict)


class SettingsOut(Schema):
    stored: dict[str, Any]
    effective: dict[str, Any]


@router.put(
    "/commitments/{commitment_id}/settings",
    response={200: SettingsOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Replace how the region adapts the module",
)
def put_settings(request: AuthedApiRequest, commitment_id: int, payload: SettingsIn) -> Any:
    user = request.auth
    commitment = get_for_user(
        Commitment.objects.select_related("region", "innovation"),
        user,
        commitment_id,
        CHANGE_SETTINGS,
    )
    parsed = services.commitment_settings_update(
        actor=user, commitment=commitment, data=payload.settings, reasons=payload.reasons
    )
    return {"stored": commitment.settings, "effective": parsed.model_dump(mode="json")}


class KpiOut(Schema):
    code: str
    label: str
    unit: str
    current: float | None
    baseline: float | None


class MatrixItemOut(Schema):
    commitment_id: int
    region: str
    region_name: str
    innovation: str
    stage: str
    since: dt.date | None
    overdue_milestones: int
    last_mentoring: dt.date | None
    kpis: list[KpiOut]


@router.get(
    "/matrix",
    response={200: list[MatrixItemOut], 401: ErrorOut},
    summary="One item per commitment: stage, since, overdue milestones, KPIs",
)
def get_matrix(request: AuthedApiRequest) -> Any:
    user = request.auth
    _innovations, rows = selectors.matrix(user=user)
    items = []
    for row in rows:
        for cell in row.cells:
            c = cell.commitment
            if c is None:
                continue
            items.append(
                {
                    "commitment_id": c.pk,
                    "region": row.region.code,
                    "region_name": row.region.name,
                    "innovation": c.innovation.code,
                    "stage": c.stage,
                    "since": c.stage_since,
                    "overdue_milestones": cell.overdue,
                    "last_mentoring": cell.last_mentoring,
                    "kpis": [
                        {
                            "code": k["kpi"].code,
                            "label": str(k["kpi"].label),
                            "unit": str(k["kpi"].unit),
                            "current": k["current"],
                            "baseline": k["baseline"],
                        }
                        for k in selectors.kpis_for(c)
                    ],
                }
            )
    return items
