"""The statistics page of the office, region administrators and mentors, and its exports."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from replika.core.access import regions_for
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest
from replika.core.models import Wilayah
from replika.tourism import exports
from replika.tourism.permissions import VIEW_STATISTICS
from replika.tourism.selectors import statistics as stats
from replika.tourism.selectors.compliance import live_regions


def _places(request: AuthedHttpRequest) -> list[Wilayah]:
    """The province (for province roles), the user's live regions and their kecamatan."""
    live = {r.pk for r in live_regions()}
    regions = [r for r in regions_for(request.user, VIEW_STATISTICS) if r.pk in live]
    choices: list[Wilayah] = []
    if regions and len(regions) == len(live) and len(live) > 1:
        choices.append(Wilayah.objects.get(level=Wilayah.PROVINCE))
    for region in sorted(regions, key=lambda r: r.code):
        choices.append(region)
        choices.extend(
            Wilayah.objects.filter(parent=region, level=Wilayah.DISTRICT).order_by("code")
        )
    return choices


def _chosen(request: AuthedHttpRequest) -> tuple[Wilayah, dt.date, list[Wilayah]]:
    places = _places(request)
    if not places:
        raise Http404
    code = request.GET.get("wilayah", "")
    wilayah = next((w for w in places if w.code == code), None)
    if wilayah is None:
        wilayah = request.region if request.region in places else places[0]
    today = timezone.localdate()
    period = stats.parse_period(request.GET.get("periode")) or stats.last_closed_period(today)
    if period >= today.replace(day=1):
        period = stats.last_closed_period(today)
    return wilayah, period, places


@module_page("tourism", VIEW_STATISTICS)
def statistics(request: AuthedHttpRequest) -> HttpResponse:
    wilayah, period, places = _chosen(request)
    context = {
        "wilayah": wilayah,
        "period": period,
        "places": places,
        "figures": stats.statistics(wilayah, period),
        "trend": stats.monthly_trend(wilayah, period),
        "districts": stats.visits_by_district(wilayah, period)
        if wilayah.level < Wilayah.DISTRICT
        else [],
        "attractions": stats.visits_by_attraction(wilayah, period),
    }
    return render(request, "tourism/statistics.html", context)


@module_page("tourism", VIEW_STATISTICS)
def export(request: AuthedHttpRequest, kind: str) -> HttpResponse:
    """The BPS tables (xlsx) or the Satu Data CSV of the chosen place and year."""
    wilayah, period, _places = _chosen(request)
    today = timezone.localdate()
    year = period.year
    if kind == "bps":
        content = exports.bps_tables_xlsx(wilayah, year, today)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = exports.file_name("bps", wilayah, year, "xlsx")
    elif kind == "satudata":
        response = HttpResponse(
            exports.satu_data_csv(wilayah, year, today), content_type="text/csv; charset=utf-8"
        )
        name = exports.file_name("satudata", wilayah, year, "csv")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("statistik/", statistics, name="statistics"),
    path("statistik/unduh/<str:kind>/", export, name="export"),
]
