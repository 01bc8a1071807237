"""Core API: regions (public), the caller's profile, and job progress."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from replika.core import selectors
from replika.core.access import memberships_of
from replika.core.api_base import PUBLIC, ErrorOut, Page
from replika.core.http import AuthedApiRequest
from replika.core.roles import role_label

router = Router(tags=["core"])


class RegionOut(Schema):
    code: str
    name: str
    kind: str
    level: int
    parent: str | None
    population: int | None

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None


class RegionFilter(Schema):
    level: int | None = None
    parent: str | None = None
    kind: str | None = None
    q: str | None = None


@router.get(
    "/regions",
    response={200: list[RegionOut], 422: ErrorOut},
    auth=PUBLIC,
    summary="Regions of Sumatera Barat (Kemendagri codes)",
)
@paginate(Page, page_size=500)
def list_regions(request: HttpRequest, response: HttpResponse, filters: Query[RegionFilter]) -> Any:
    # Region codes are public reference data that changes once a year at most.
    response["Cache-Control"] = "public, max-age=3600"
    return selectors.region_list(
        level=filters.level, parent=filters.parent, kind=filters.kind, q=filters.q
    )


class MembershipOut(Schema):
    id: int
    role: str
    role_label: str
    wilayah: str
    wilayah_name: str
    unit: str | None


class MeOut(Schema):
    username: str
    name: str
    memberships: list[MembershipOut]


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="Who am I")
def me(request: AuthedApiRequest) -> Any:
    user = request.auth
    return {
        "username": user.username,
        "name": user.display_name,
        "memberships": [
            {
                "id": m.id,
                "role": m.role,
                "role_label": role_label(m.role),
                "wilayah": m.wilayah.code,
                "wilayah_name": m.wilayah.name,
                "unit": m.unit.name if m.unit else None,
            }
            for m in memberships_of(user)
        ],
    }


class JobOut(Schema):
    id: int
    kind: str
    status: str
    done: int
    total: int
    percent: int
    message: str
    result: dict[str, Any]


@router.get("/jobs/{job_id}", response={200: JobOut, 404: ErrorOut}, summary="Job progress")
def job_detail(request: AuthedApiRequest, job_id: int) -> Any:
    job = selectors.job_for_owner(user=request.auth, job_id=job_id)
    if job is None:
        raise Http404
    return job
