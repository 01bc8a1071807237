"""The outbreak dashboard (signed in, exact figures) and the public pages (suppressed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from replika.core import cache, disclosure
from replika.core.activation import live_region_id_list
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest
from replika.core.models import Wilayah
from replika.outbreak.forms.other import DashboardFilter
from replika.outbreak.permissions import VIEW_DASHBOARD
from replika.outbreak.selectors import charts, open_data
from replika.outbreak.selectors import dashboards as sel
from replika.outbreak.selectors.places import dashboard_places, public_notes, public_places
from replika.outbreak.services.summaries import CACHE_NAMESPACE
from replika.outbreak.settings_schema import settings_for

DEFAULT_DAYS = 90
LEAD_DAYS = 28


def _period(data: dict[str, Any]) -> tuple[dt.date, dt.date]:
    last = data.get("end") or timezone.localdate()
    first = data.get("start") or last - dt.timedelta(days=DEFAULT_DAYS - 1)
    return first, last


def _context(place: Any, disease: str, first: dt.date, last: dt.date) -> dict[str, Any]:
    region = place if place is not None and place.level == 2 else None
    settings = settings_for(region)
    # Rt needs the days before the period too (the serial interval looks back): read them
    # once, and cut the period's figures out of them.
    lead = sel.figures(place, disease, first - dt.timedelta(days=LEAD_DAYS), last)
    fig = sel.tail(lead, first)
    rt = sel.rt_series(lead, window=settings.rt_window_days)[LEAD_DAYS:]
    latest = next((r for r in reversed(rt) if r["rt"] is not None), None)
    curve = sel.epi_curve(fig, settings.week_system)
    return {
        "fig": fig,
        # Worked out once here (the context is cached), not by the template on each view.
        "mean7": fig.last_mean7,
        "incidence": fig.incidence(),
        "positivity": fig.positivity(),
        "rt": latest,
        "rt_chart": charts.rt_line(rt),
        "curve": charts.bars(curve),
        "weeks": curve,
        "map": sel.map_areas(place, disease, first, last),
        "first": first,
        "last": last,
        "disease": disease,
        "place": place,
    }


def _aggregate_key(place: Any, disease: str, first: dt.date, last: dt.date) -> str:
    """Signed-in figures are exact and fresh: the aggregates are computed once per version of
    the summaries (every refresh bumps it) and shared by whoever may see the same place (the
    place was checked against the viewer's grants already). The key also holds what else
    shapes them: the region's Rt window and week system, and where Pikobar is live."""
    region = place if place is not None and place.level == 2 else None
    settings = settings_for(region)
    return cache.aggregate_key(
        CACHE_NAMESPACE,
        "dashboard",
        place.code if place is not None else "13",
        disease,
        first,
        last,
        settings.rt_window_days,
        settings.week_system,
        live_region_id_list("outbreak"),
    )


@module_page("outbreak", VIEW_DASHBOARD)
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    places = dashboard_places(request.user, request.GET.get("wilayah", ""))
    form = DashboardFilter(request.GET or None, places=places, initial={"disease": "covid19"})
    data = form.cleaned_data if form.is_valid() else {}
    # Without a choice: the province for province roles, else the user's (first) kab/kota.
    levels = {p.level: p for p in reversed(list(places))}
    place = data.get("wilayah") or (None if Wilayah.PROVINCE in levels else levels.get(2))
    first, last = _period(data)
    disease = data.get("disease") or "covid19"
    context = cache.remember(
        _aggregate_key(place, disease, first, last), lambda: _context(place, disease, first, last)
    )
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request, "outbreak/dashboards/dashboard.html", {"form": form, **context}, status=status
    )


def public(request: HttpRequest) -> HttpResponse:
    """Open figures for anyone: small counts suppressed, nothing below the kecamatan."""
    form = DashboardFilter(
        request.GET or None, places=public_places(), initial={"disease": "covid19"}
    )
    if form.is_bound and not form.is_valid():
        return render(request, "outbreak/public/public.html", {"form": form}, status=422)
    data = form.cleaned_data if form.is_bound else {}
    place = data.get("wilayah")
    if place is not None and place.level == 1:
        place = None
    first, last = _period(data)
    disease = data.get("disease") or "covid19"
    key = cache.public_key(CACHE_NAMESPACE, request, "figures")
    context = cache.remember(key, lambda: _public_context(place, disease, first, last))
    return render(request, "outbreak/public/public.html", {"form": form, **context})


def _public_context(place: Any, disease: str, first: dt.date, last: dt.date) -> dict[str, Any]:
    full = _context(place, disease, first, last)
    fig = full["fig"]
    shown = {
        "new": disclosure.public_count(fig.total_new),
        "cumulative": disclosure.public_count(fig.cumulative),
        "active": disclosure.public_count(fig.active),
        "recovered": disclosure.public_count(sum(fig.recovered)),
        "deaths": disclosure.public_count(sum(fig.deaths)),
        "positivity": disclosure.public_rate(sum(fig.positives), sum(fig.tests)),
    }
    floor = disclosure.min_cell()
    weeks = [{**w, "shown": disclosure.public_count(w["cases"])} for w in full["weeks"]]
    # The public curve draws only weeks whose count may be shown.
    curve = charts.bars(
        [w if w["cases"] >= floor else {**w, "cases": 0, "deaths": 0} for w in full["weeks"]]
    )
    areas = [
        {
            **a,
            "shown": disclosure.public_count(a["cases"]),
            "klass": a["klass"] if a["cases"] >= floor else None,
            # A rate of a withheld count would give the count back (rate × population).
            "rate": a["rate"] if a["cases"] >= floor else None,
        }
        for a in full["map"]["areas"]
    ]
    return {
        "shown": shown,
        "weeks": weeks,
        "curve": curve,
        "map": {**full["map"], "areas": areas},
        "rt": full["rt"] if fig.total_new >= floor else None,
        "first": first,
        "last": last,
        "disease": disease,
        "place": place,
        "notes": public_notes(place),
        "min_cell": floor,
    }


SELF_CHECK = (
    ("fever", 2),
    ("cough", 1),
    ("breath", 3),
    ("contact", 3),
    ("travel", 1),
    ("rash", 2),
    ("bleeding", 3),
)


def self_check(request: HttpRequest) -> HttpResponse:
    """A self-check questionnaire (nothing is stored): which service to seek."""
    answers = {key for key, _w in SELF_CHECK if request.POST.get(key) == "1"}
    score = sum(weight for key, weight in SELF_CHECK if key in answers)
    advice = None
    if request.method == "POST":
        advice = (
            "urgent"
            if "breath" in answers or "bleeding" in answers or score >= 6
            else ("visit" if score >= 3 else "home")
        )
    return render(
        request,
        "outbreak/public/self_check.html",
        {"advice": advice, "answers": answers, "notes": public_notes(None)},
    )


def open_data_page(request: HttpRequest) -> HttpResponse:
    """How to use the open data API (links, columns, suppression)."""
    return render(
        request,
        "outbreak/public/open_data.html",
        {"min_cell": disclosure.min_cell(), "columns": open_data.COLUMNS},
    )


urlpatterns = [
    path("dasbor/", dashboard, name="dashboard"),
    path("publik/", public, name="public"),
    path("publik/cek-mandiri/", self_check, name="self_check"),
    path("publik/data-terbuka/", open_data_page, name="open_data"),
]
