"""The statistics page of the office, region administrators and mentors, and its exports."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from replika.core.access import regions_for
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.core.models import Wilayah
from replika.tourism import exports, rules
from replika.tourism.forms.releases import PublishForm
from replika.tourism.permissions import PUBLISH_STATISTICS, VIEW_STATISTICS
from replika.tourism.selectors import releases as release_sel
from replika.tourism.selectors import statistics as stats
from replika.tourism.selectors.compliance import live_regions
from replika.tourism.services.releases import month_publish


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
    trend = stats.monthly_trend(wilayah, period)
    # Each month says whether its figures are provisional (sementara) or published.
    states = release_sel.state_of(request.user, wilayah, [row["period"] for row in trend])
    context = {
        "wilayah": wilayah,
        "period": period,
        "places": places,
        "figures": stats.statistics(wilayah, period),
        "state": states[period],
        "trend": [{**row, "state": states[row["period"]]} for row in trend],
        "may_publish": bool(release_sel.publish_regions(request.user)),
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
        months = [dt.date(year, m, 1) for m in range(1, 13)]
        states = release_sel.state_of(request.user, wilayah, months)
        content = exports.bps_tables_xlsx(
            wilayah, year, today, {p: s["label"] for p, s in states.items()}
        )
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


MONTHS_ON_BOARD = 12


def _board_months(today: dt.date) -> list[dt.date]:
    """The months that can be published, newest first (the last twelve that have ended)."""
    months = [stats.last_closed_period(today)]
    for _i in range(MONTHS_ON_BOARD - 1):
        months.append(rules.period_of(months[-1] - dt.timedelta(days=1)))
    return months


@module_page("tourism", PUBLISH_STATISTICS)
def releases(request: AuthedHttpRequest) -> HttpResponse:
    """Publish a region's month: compliance so far, what is published, and the history."""
    regions = release_sel.publish_regions(request.user)
    if not regions:
        raise Http404
    code = request.POST.get("wilayah") or request.GET.get("wilayah", "")
    region = next((r for r in regions if r.code == code), regions[0])
    months = _board_months(timezone.localdate())
    form = PublishForm(
        request.POST or None,
        regions=regions,
        months=months,
        initial={"wilayah": region.code, "periode": months[0].strftime("%Y-%m")},
    )
    back = f"{reverse('tourism:releases')}?wilayah={region.code}"

    def done(release: object) -> HttpResponse:
        data = form.cleaned_data
        message = _("Published: %(region)s, %(month)s.") % {
            "region": data["wilayah"].name,
            "month": date_format(data["periode"], "F Y"),
        }
        return saved(request, message, back)

    return form_page(
        request,
        form,
        "tourism/releases.html",
        save=lambda data: month_publish(
            actor=request.user, region=data["wilayah"], period=data["periode"], note=data["note"]
        ),
        done=done,
        context={
            "region": region,
            "regions": regions,
            "board": release_sel.board(request.user, region, months),
        },
    )


urlpatterns = [
    path("statistik/", statistics, name="statistics"),
    path("statistik/rilis/", releases, name="releases"),
    path("statistik/unduh/<str:kind>/", export, name="export"),
]
