"""The dashboard (aggregates only) and the public progress-to-zero page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from replika.core import disclosure
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest
from replika.core.models import Wilayah
from replika.schooling.permissions import VIEW_DASHBOARD
from replika.schooling.selectors import dashboards as board
from replika.schooling.services.summaries import refresh_dirty
from replika.schooling.settings_schema import settings_for


def _area(request: AuthedHttpRequest, regions: list[Wilayah]) -> Wilayah:
    """The area asked for (``?wilayah=``) when the user may see it, else their first."""
    code = request.GET.get("wilayah", "")
    region_codes = {r.code for r in regions}
    if code == "13" and len(regions) > 1:
        return Wilayah.objects.get(code="13")
    if code and code[:5] in region_codes:
        area = Wilayah.objects.filter(code=code, level__lte=Wilayah.DISTRICT).first()
        if area is not None:
            return area
    if len(regions) > 1:
        return Wilayah.objects.get(code="13")
    if not regions:
        raise Http404
    return regions[0]


@module_page("schooling", VIEW_DASHBOARD)
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    """Found, placed, attending, completed, re-dropped by area, reason, age and level."""
    # Summaries of regions changed since the last periodic run are rebuilt first.
    refresh_dirty()
    regions = list(board.dashboard_regions(request.user))
    area = _area(request, regions)
    years = board.years_of(request.user)
    year_text = request.GET.get("tahun", "")
    year = int(year_text) if year_text.isdigit() and int(year_text) in years else None
    context = {
        "board": board.dashboard(request.user, area, year),
        "regions": regions,
        "years": years,
        "year": year,
        "programme": settings_for(area if area.level == Wilayah.REGION else None).display_name,
    }
    return render(request, "schooling/dashboard.html", context)


def public(request: HttpRequest) -> HttpResponse:
    """The public progress to zero of the province, a kab/kota or a kecamatan."""
    code = request.GET.get("wilayah", "13")
    area = board.public_area(code)
    if area is None:
        raise Http404
    if not disclosure.public_level_allowed(area.level):
        refused = {"too_deep": True, "parent": area.parent}
        return render(request, "schooling/public.html", refused, status=422)
    context: dict[str, object] = {
        "data": board.public_summary(area, None),
        "programme": settings_for(area if area.level == Wilayah.REGION else None).display_name,
        "regions": board.public_regions(),
        "min_cell": disclosure.min_cell(),
    }
    return render(request, "schooling/public.html", context)


urlpatterns = [
    path("dasbor/", dashboard, name="dashboard"),
    path("publik/", public, name="public"),
]
