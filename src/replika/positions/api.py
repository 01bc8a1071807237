"""SI JABPRI API: organisation trees, a position's Anjab and ABK, job maps, the library.

Mounted by the module registry at ``/api/v1/positions/``. No ``from __future__ import
annotations`` here: django-ninja reads the real annotations.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from replika.core.api_base import ErrorOut
from replika.core.models import Wilayah
from replika.positions.models import Kind
from replika.positions.permissions import USE_LIBRARY, VIEW_POSITIONS
from replika.positions.selectors import library as library_selectors
from replika.positions.selectors import structure as sel
from replika.positions.services.workflow import document_of
from replika.positions.settings_schema import settings_for

router = Router(tags=["positions"])


class UnitsFilter(Schema):
    wilayah: str = Field(..., description="Kemendagri code of a kab/kota, e.g. 13.74")


class UnitOut(Schema):
    id: int
    name: str
    level: int
    parent: int | None


class StructureOut(Schema):
    number: int
    label: str
    valid_from: str


class OpdTreeOut(Schema):
    opd: int
    name: str
    structure: StructureOut
    units: list[UnitOut]


def _region(code: str) -> Wilayah:
    """The kab/kota with this code (422 when it is not one)."""
    region = Wilayah.objects.filter(code=code.strip(), level=Wilayah.REGION).first()
    if region is None:
        raise ValidationError({"wilayah": "Give the code of a regency or city, e.g. 13.74."})
    return region


@router.get(
    "/units",
    response={200: list[OpdTreeOut], 401: ErrorOut, 422: ErrorOut},
    summary="The organisation trees of a region's agencies (current SOTK version)",
    description="Every OPD the caller may see in the region, with its units as a flat list "
    "(``parent`` links a unit to the one above; the agency is the root).",
)
def units(request: HttpRequest, filters: Query[UnitsFilter]) -> Any:
    """The trees of the region's OPDs the caller may see."""
    user = request.auth  # type: ignore[attr-defined]
    region = _region(filters.wilayah)
    out = []
    for opd in sel.opds_for(user, VIEW_POSITIONS, region):
        try:
            structure = sel.structure_of(user, opd, VIEW_POSITIONS)
        except sel.Structure.DoesNotExist:
            continue
        out.append(
            {
                "opd": opd.pk,
                "name": opd.name,
                "structure": {
                    "number": structure.number,
                    "label": structure.label,
                    "valid_from": structure.valid_from.isoformat(),
                },
                "units": [
                    {"id": u.pk, "name": u.name, "level": u.level, "parent": u.parent_id}
                    for u in sel.orgunits_of(user, structure, VIEW_POSITIONS)
                ],
            }
        )
    return out


class AbkOut(Schema):
    total_minutes: float
    need: float
    need_people: int
    holders: int
    gap: int
    ej: float | None
    pj: str | None
    verified_need_people: int | None
    verified_version: int | None


class EvaluationOut(Schema):
    factor_levels: dict[str, int] = Field(..., description="level per factor code")
    points: int
    job_class: int | None = Field(..., description="the class the points come to")
    matches_entered_class: bool


class PositionOut(Schema):
    id: int
    title: str
    kind: str
    job_class: int
    status: str
    unit: int
    opd: int
    origin: int | None = Field(None, description="the library entry it was copied from")
    anjab: dict[str, Any]
    abk: AbkOut
    evaluation: EvaluationOut | None = Field(
        None, description="job evaluation (PermenPANRB 34/2011); null until recorded"
    )


@router.get(
    "/positions/{position_id}",
    response={200: PositionOut, 401: ErrorOut, 404: ErrorOut},
    summary="A position's Anjab (all blocks) and its ABK",
)
def position(request: HttpRequest, position_id: int) -> Any:
    """One position the caller may see."""
    user = request.auth  # type: ignore[attr-defined]
    p = sel.position_for(user, position_id, VIEW_POSITIONS)
    return {
        "id": p.pk,
        "title": p.title,
        "kind": p.kind,
        "job_class": p.job_class,
        "status": p.status,
        "unit": p.org_unit_id,
        "opd": p.opd_id,
        "origin": p.origin_id,
        "anjab": document_of(p),
        "abk": {
            "total_minutes": float(p.total_minutes),
            "need": float(p.need),
            "need_people": p.need_people,
            "holders": p.holders,
            "gap": p.holders - p.need_people,
            "ej": None if p.ej is None else float(p.ej),
            "pj": p.pj or None,
            "verified_need_people": p.verified_need_people,
            "verified_version": p.verified_version,
        },
        "evaluation": None
        if p.evaluated_points is None
        else {
            "factor_levels": p.factor_levels,
            "points": p.evaluated_points,
            "job_class": p.evaluated_class,
            "matches_entered_class": not p.class_mismatch,
        },
    }


class MapFilter(Schema):
    unit: int = Field(..., description="id of a unit of a tree (the agency's root for all)")


class MapPositionOut(Schema):
    id: int
    title: str
    kind: str
    job_class: int
    holders: int
    need: int | None = Field(..., description="verified need; null until approved")
    draft_need: int
    gap: int | None
    top_executor_surplus: bool
    must_migrate_to: str | None


class MapUnitOut(Schema):
    id: int
    name: str
    level: int
    parent: int | None
    holders: int
    need: int
    gap: int
    positions: list[MapPositionOut]


@router.get(
    "/map",
    response={200: list[MapUnitOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The job map under a unit: need versus holders per position and unit",
    description="``need`` is the verified need (latest approved version); a unit's ``need`` "
    "adds its verified positions by the region's rounding setting.",
)
def job_map(request: HttpRequest, filters: Query[MapFilter]) -> Any:
    """The job map of the unit's subtree."""
    user = request.auth  # type: ignore[attr-defined]
    unit = sel.orgunit_for(user, filters.unit, VIEW_POSITIONS)
    root = sel.job_map(user, unit.structure, VIEW_POSITIONS, settings_for(unit.region))
    nodes = sel.flatten(root)
    start = next((n for n in nodes if n.unit.pk == unit.pk), None)
    if start is None:
        raise Http404
    out = []
    for node in sel.flatten(start):
        out.append(
            {
                "id": node.unit.pk,
                "name": node.unit.name,
                "level": node.unit.level,
                "parent": node.unit.parent_id,
                "holders": node.totals["holders"],
                "need": node.totals["need"],
                "gap": node.totals["gap"],
                "positions": [
                    {
                        "id": r["position"].pk,
                        "title": r["position"].title,
                        "kind": r["position"].kind,
                        "job_class": r["position"].job_class,
                        "holders": r["position"].holders,
                        "need": r["need"],
                        "draft_need": r["draft_need"],
                        "gap": r["gap"],
                        "top_executor_surplus": r["top_executor_surplus"],
                        "must_migrate_to": r["migration"].new_title if r["migration"] else None,
                    }
                    for r in node.positions
                ],
            }
        )
    return out


class LibraryFilter(Schema):
    q: str = Field("", max_length=100, description="words of the title")
    kind: str = Field("", description="jpt, administrator, pengawas, pelaksana or fungsional")
    agency: str = Field("", max_length=100, description="words of the publishing agency")


class LibraryOut(Schema):
    id: int
    title: str
    kind: str
    job_class: int
    agency: str
    region: str
    region_name: str
    version: int
    total_minutes: float
    need: float
    published_at: str


@router.get(
    "/library",
    response={200: list[LibraryOut], 401: ErrorOut, 422: ErrorOut},
    summary="Search the province library of shared positions",
    description="Approved positions the regions published; at most 100 answers.",
)
def library(request: HttpRequest, filters: Query[LibraryFilter]) -> Any:
    """Published positions matching the title words, kind and agency."""
    if filters.kind and filters.kind not in Kind.values:
        raise ValidationError({"kind": "Unknown kind."})
    user = request.auth  # type: ignore[attr-defined]
    entries = library_selectors.library_search(
        user, USE_LIBRARY, q=filters.q, kind=filters.kind, agency=filters.agency
    )[: library_selectors.MAX_RESULTS]
    return [
        {
            "id": e.pk,
            "title": e.title,
            "kind": e.kind,
            "job_class": e.job_class,
            "agency": e.agency_type,
            "region": e.source_region.code,
            "region_name": e.source_region.name,
            "version": e.source_version,
            "total_minutes": float(e.total_minutes),
            "need": float(e.need),
            "published_at": e.published_at.isoformat(),
        }
        for e in entries
    ]
