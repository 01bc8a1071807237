"""The tourism API: public places, events and statistics; operators' monthly reports."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from replika.core import cache
from replika.core.api_base import PUBLIC, ErrorOut, Page
from replika.core.http import AuthedApiRequest
from replika.core.models import Wilayah
from replika.tourism.models import PlaceKind
from replika.tourism.selectors import public as public_sel
from replika.tourism.selectors import registry as sel
from replika.tourism.selectors.releases import latest_published_period
from replika.tourism.selectors.statistics import last_closed_period, parse_period
from replika.tourism.services import reports as report_services

router = Router(tags=["tourism"])
PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def _wilayah(code: str | None, *, levels: tuple[int, ...] = (1, 2, 3)) -> Wilayah | None:
    """The place a ``wilayah`` parameter names; 422 when unknown or too fine."""
    if not code:
        return None
    found = Wilayah.objects.filter(code=code).first()
    if found is None:
        raise HttpError(422, "Unknown wilayah code.")
    if found.level not in levels:
        raise HttpError(422, "Public figures go no lower than the kecamatan.")
    return found


class PlaceOut(Schema):
    id: int
    kind: str
    name: str
    category: str
    themes: list[str]
    region: str
    region_name: str
    location: str | None
    address: str
    latitude: float | None
    longitude: float | None
    opening_hours: str
    ticket_domestic: int | None
    ticket_foreign: int | None
    star_class: int | None
    rooms: int | None
    village_stage: str
    subsector: str
    phone: str
    website: str

    @staticmethod
    def resolve_region(obj: Any) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Any) -> str:
        return obj.region.name

    @staticmethod
    def resolve_location(obj: Any) -> str | None:
        return obj.location.code if obj.location_id else None

    @staticmethod
    def resolve_latitude(obj: Any) -> float | None:
        return None if obj.latitude is None else float(obj.latitude)

    @staticmethod
    def resolve_longitude(obj: Any) -> float | None:
        return None if obj.longitude is None else float(obj.longitude)


class PlaceFilter(Schema):
    wilayah: str | None = Field(None, max_length=20, pattern=r"^[0-9.]+$")
    kind: PlaceKind | None = None
    q: str | None = Field(None, max_length=100)


@router.get(
    "/places",
    response={200: list[PlaceOut], 422: ErrorOut},
    auth=PUBLIC,
    summary="Published tourism places (attractions, accommodation, villages, …)",
)
@paginate(Page, page_size=50)
def list_places(request: HttpRequest, response: HttpResponse, filters: Query[PlaceFilter]) -> Any:
    wilayah = _wilayah(filters.wilayah, levels=(1, 2, 3, 4))
    response["Cache-Control"] = "public, max-age=300"
    return public_sel.places(
        wilayah=wilayah, kind=filters.kind.value if filters.kind else "", query=filters.q or ""
    )


class ReportIn(Schema):
    place: int = Field(..., ge=1, le=2_147_483_647)
    period: str = Field(..., pattern=PERIOD_PATTERN, description="YYYY-MM")
    rooms: int | None = Field(None, ge=0, le=5_000)
    beds: int | None = Field(None, ge=0, le=10_000)
    days: int | None = Field(None, ge=0, le=31)
    rooms_sold: int | None = Field(None, ge=0, le=10_000_000)
    guests_domestic: int | None = Field(None, ge=0, le=10_000_000)
    guests_foreign: int | None = Field(None, ge=0, le=10_000_000)
    nights_domestic: int | None = Field(None, ge=0, le=10_000_000)
    nights_foreign: int | None = Field(None, ge=0, le=10_000_000)
    visitors_domestic: int | None = Field(None, ge=0, le=10_000_000)
    visitors_foreign: int | None = Field(None, ge=0, le=10_000_000)
    ticket_revenue: int | None = Field(None, ge=0, le=100_000_000_000)
    reason: str = Field("", max_length=255)


class ReportOut(Schema):
    id: int
    place: int
    period: str
    kind: str
    version: int
    on_behalf: bool
    filed_on: dt.date

    @staticmethod
    def resolve_place(obj: Any) -> int:
        return obj.place_id

    @staticmethod
    def resolve_period(obj: Any) -> str:
        return obj.period.strftime("%Y-%m")


@router.post(
    "/reports",
    response={200: ReportOut, 201: ReportOut, 404: ErrorOut, 422: ErrorOut},
    summary="File (or correct) an operator's monthly report",
)
def file_report(request: AuthedApiRequest, payload: ReportIn) -> Any:
    place = sel.place_to_file(request.auth, payload.place)
    period = parse_period(payload.period)
    if period is None:  # the pattern admits only valid months; kept for the type checker
        raise HttpError(422, "period must be YYYY-MM.")
    figures = payload.dict(exclude={"place", "period", "reason"})
    existed = sel.report_for(request.auth, place, period) is not None
    report = report_services.report_file(
        actor=request.auth, place=place, period=period, figures=figures, reason=payload.reason
    )
    return Status(200 if existed else 201, report)


class ComplianceOut(Schema):
    filed: int
    obliged: int
    percent: float | None


class StatisticsOut(Schema):
    wilayah: str
    name: str
    period: str
    tpk: float | None
    tptt: float | None
    rlmt: float | None
    rlmt_domestic: float | None
    rlmt_foreign: float | None
    gpr: float | None
    guests: int | None
    guests_domestic: int | None
    guests_foreign: int | None
    visits: int | None
    visits_domestic: int | None
    visits_foreign: int | None
    tpk_change_points: float | None
    tptt_change_points: float | None
    visits_change_percent: float | None
    guests_change_percent: float | None
    accommodations_reporting: int
    attractions_reporting: int
    compliance: ComplianceOut
    suppressed: list[str]
    status: str = Field(
        ...,
        description="published, corrected (re-published after late reports or corrections: "
        "'angka diperbaiki'), or provisional (some region has not published the month yet; "
        "its part is the reports filed so far: 'angka sementara')",
    )
    published_on: dt.date | None = Field(None, description="the latest publication's day")
    regions_published: int = Field(..., description="kab/kota whose month is published")
    revision_notes: list[str] = Field(default_factory=list, description="what was corrected")


class StatisticsFilter(Schema):
    wilayah: str | None = Field(None, max_length=20, pattern=r"^[0-9.]+$")
    period: str | None = Field(
        None, pattern=PERIOD_PATTERN, description="YYYY-MM; by default the latest published"
    )


@router.get(
    "/statistics",
    response={200: StatisticsOut, 422: ErrorOut},
    auth=PUBLIC,
    summary="TPK, TPTT, RLMT, GPR, visits and compliance of a place for a month",
)
def get_statistics(
    request: HttpRequest, response: HttpResponse, filters: Query[StatisticsFilter]
) -> Any:
    response["Cache-Control"] = "public, max-age=300"
    key = cache.public_key("tourism", request, kind="api")
    # The same question is asked by many: answer from the cache before any query.
    answer = cache.remember(key, lambda: _public_statistics(filters))
    cache.share(request, "tourism")
    return answer


def _public_statistics(filters: StatisticsFilter) -> dict[str, Any]:
    """The figures of a statistics request (422 for a bad place or a month not over)."""
    wilayah = _wilayah(filters.wilayah) or Wilayah.objects.get(level=Wilayah.PROVINCE)
    today = timezone.localdate()
    if filters.period:
        period = parse_period(filters.period)
    else:
        latest = last_closed_period(today)
        period = latest_published_period(wilayah, latest) or latest
    if period is None:
        raise HttpError(422, "period must be YYYY-MM.")
    if period > last_closed_period(today):
        raise HttpError(422, "The month has not ended yet.")
    return public_sel.public_statistics(wilayah, period)


class EventOut(Schema):
    id: int
    title: str
    description: str
    venue: str
    starts_on: dt.date
    ends_on: dt.date
    region: str
    region_name: str
    place: int | None

    @staticmethod
    def resolve_region(obj: Any) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Any) -> str:
        return obj.region.name

    @staticmethod
    def resolve_place(obj: Any) -> int | None:
        return obj.place_id


class EventFilter(Schema):
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    wilayah: str | None = Field(None, max_length=20, pattern=r"^[0-9.]+$")


@router.get(
    "/events",
    response={200: list[EventOut], 422: ErrorOut},
    auth=PUBLIC,
    summary="Approved tourism events overlapping a date range",
)
@paginate(Page, page_size=100)
def list_events(request: HttpRequest, response: HttpResponse, filters: Query[EventFilter]) -> Any:
    if filters.from_ and filters.to and filters.to < filters.from_:
        raise HttpError(422, "'to' lies before 'from'.")
    wilayah = _wilayah(filters.wilayah, levels=(1, 2, 3, 4))
    response["Cache-Control"] = "public, max-age=300"
    return public_sel.events(start=filters.from_, end=filters.to, wilayah=wilayah)
