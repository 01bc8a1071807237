"""Nutrition dashboards (SKDN, prevalence, trends, drill-down) and the public page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from replika.core import cache as public_cache
from replika.core import disclosure, replica
from replika.core.access import grants, live_region_ids
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest
from replika.nutrition import rules
from replika.nutrition.permissions import VIEW_DASHBOARD, VIEW_REGISTER
from replika.nutrition.selectors import actions as actions_sel
from replika.nutrition.selectors import dashboards as sel
from replika.nutrition.services.summaries import CACHE_NAMESPACE

CHART_WIDTH = 360
CHART_HEIGHT = 150
CHART_PAD = 24


class DashboardFilter(forms.Form):
    """The place and month a dashboard shows; both optional (default: the user's own)."""

    tempat = forms.CharField(
        label=_("Place"), required=False, max_length=24, widget=forms.HiddenInput
    )
    bulan = forms.RegexField(
        label=_("Month"),
        required=False,
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={"invalid": _("Choose a month as YYYY-MM.")},
    )


MONTH_RE = r"^\d{4}-(0[1-9]|1[0-2])$"


class PeriodFilter(forms.Form):
    """The place and the months of a period prevalence (e.g. the February weighing month)."""

    tempat = forms.CharField(
        label=_("Place"), required=False, max_length=24, widget=forms.HiddenInput
    )
    dari = forms.RegexField(
        label=_("From month"),
        regex=MONTH_RE,
        error_messages={"invalid": _("Choose a month as YYYY-MM.")},
        widget=forms.DateInput(attrs={"type": "month"}),
    )
    sampai = forms.RegexField(
        label=_("To month"),
        regex=MONTH_RE,
        error_messages={"invalid": _("Choose a month as YYYY-MM.")},
        widget=forms.DateInput(attrs={"type": "month"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = sel.parse_month(data.get("dari") or "")
        end = sel.parse_month(data.get("sampai") or "")
        if start and end:
            if start > end:
                self.add_error("sampai", _("The last month comes before the first."))
            elif sel.period_months(start, end) > sel.MAX_PERIOD_MONTHS:
                self.add_error("sampai", _("A period is at most 12 months."))
        data["start"], data["end"] = start, end
        return data


def _chosen(
    request: AuthedHttpRequest, perm: str
) -> tuple[DashboardFilter, sel.Place, dt.date | None]:
    """The filter form, the place it names (or the user's own) and the month, if any."""
    form = DashboardFilter(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    scope = data.get("tempat") or sel.default_scope(request.user, request.membership, perm)
    if not scope:
        raise Http404
    place = sel.place_for(request.user, scope, perm)
    period = sel.parse_month(data["bulan"]) if data.get("bulan") else None
    return form, place, period


def _points(values: list[float | None]) -> str:
    """SVG polyline points for percentages 0-100 across the chart's width."""
    step = (CHART_WIDTH - 2 * CHART_PAD) / max(len(values) - 1, 1)
    height = CHART_HEIGHT - 2 * CHART_PAD
    return " ".join(
        f"{CHART_PAD + i * step:.1f},{CHART_PAD + height * (1 - min(v, 100.0) / 100):.1f}"
        for i, v in enumerate(values)
        if v is not None
    )


def _chart(trend: list[sel.Figures]) -> dict[str, Any]:
    """A small server-drawn line chart of stunting and D/S, in percent."""
    step = (CHART_WIDTH - 2 * CHART_PAD) / max(len(trend) - 1, 1)
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "stunting": _points([f.stunting.percent for f in trend]),
        "d_s": _points([f.d_s.percent for f in trend]),
        "grid": [
            {"y": CHART_PAD + (CHART_HEIGHT - 2 * CHART_PAD) * (1 - p / 100), "label": p}
            for p in (0, 50, 100)
        ],
        "ticks": [
            {"x": CHART_PAD + i * step, "label": f"{f.period:%m}"} for i, f in enumerate(trend)
        ],
        "left": CHART_PAD,
        "right": CHART_WIDTH - CHART_PAD,
        "bottom": CHART_HEIGHT - CHART_PAD,
    }


def _aggregates(
    request: AuthedHttpRequest, place: sel.Place, asked: dt.date | None
) -> dict[str, Any]:
    """The summary parts of a dashboard, computed and drawn once per place, month, language
    and what the viewer may see, until the summaries change (``core.cache``)."""
    seen = sorted((g.role, g.wilayah_id, g.unit_id) for g in grants(request.user, VIEW_DASHBOARD))
    live = sorted(tuple(row.values()) for row in live_region_ids("nutrition"))
    key = public_cache.aggregate_key(CACHE_NAMESPACE, "dashboard", place.scope, asked, seen, live)

    def compute() -> dict[str, Any]:
        periods = sel.periods_of(place)
        period = asked or (periods[0] if periods else rules.period_of(timezone.localdate()))
        trend = sel.trend(place, period)
        parts = {
            "place": place,
            "period": period,
            "periods": periods,
            "figures": trend[-1],
            "trend": trend,
            "chart": _chart(trend),
            "tables": sel.breakdown(request.user, VIEW_DASHBOARD, place, period),
            "crumbs": sel.crumbs(request.user, VIEW_DASHBOARD, place),
        }
        html = render_to_string("nutrition/dashboards/_figures.html", parts, request)
        return {**parts, "figures_html": mark_safe(html)}  # noqa: S308 - our own template

    return public_cache.remember(key, compute)


@module_page("nutrition", VIEW_DASHBOARD)
@require_GET
@replica.reads_summaries
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    """SKDN, prevalence, a 12-month trend and the level below, for one place and month."""
    form, place, period = _chosen(request, VIEW_DASHBOARD)
    context = {
        "form": form,
        **_aggregates(request, place, period),
        # Names only for roles that keep the register; fetched by a second request so the
        # page itself reads summaries only.
        "show_actions": sel.may_see_place(request.user, VIEW_REGISTER, place),
    }
    status = 200 if form.is_valid() else 400
    return render(request, "nutrition/dashboards/dashboard.html", context, status=status)


@module_page("nutrition", VIEW_DASHBOARD)
@require_GET
def period_prevalence(request: AuthedHttpRequest) -> HttpResponse:
    """Prevalence over a chosen period, each child once on its latest valid measurement.

    A page of its own: it reads measurements, so the dashboard itself keeps to summaries.
    """
    form = PeriodFilter(request.GET or None)
    valid = form.is_valid()
    scope = form.cleaned_data.get("tempat") if valid else request.GET.get("tempat", "")
    scope = scope or sel.default_scope(request.user, request.membership, VIEW_DASHBOARD)
    if not scope:
        raise Http404
    place = sel.place_for(request.user, scope, VIEW_DASHBOARD)
    figures = None
    if valid:
        figures = sel.period_figures(place, form.cleaned_data["start"], form.cleaned_data["end"])
    context = {"form": form, "place": place, "figures": figures}
    status = 200 if valid or not request.GET else 400
    return render(request, "nutrition/dashboards/period.html", context, status=status)


@module_page("nutrition", VIEW_REGISTER)
@require_GET
def actions(request: AuthedHttpRequest) -> HttpResponse:
    """Children needing action in a place this month, by name (register keepers only)."""
    form, place, period = _chosen(request, VIEW_REGISTER)
    period = period or sel.latest_period(place) or rules.period_of(timezone.localdate())
    context = {
        "place": place,
        "period": period,
        "lists": actions_sel.action_lists(request.user, VIEW_REGISTER, place, period),
        "limit": actions_sel.ACTION_LIMIT,
    }
    template = (
        "nutrition/dashboards/_actions.html"
        if request.headers.get("HX-Request")
        else "nutrition/dashboards/actions.html"
    )
    return render(request, template, context, status=200 if form.is_valid() else 400)


@require_GET
@public_cache.public_page(CACHE_NAMESPACE, max_age=900)
def public(request: HttpRequest) -> HttpResponse:
    """Stunting, wasting and underweight per kab/kota where Ayo Ceting is live: no names.

    Small cells are withheld (``core.disclosure``); anonymous visits are served from the
    cache until the next summary refresh (``core.cache``).
    """
    periods = sel.public_periods(before=rules.period_of(timezone.localdate()))
    form = DashboardFilter(request.GET)
    asked = form.cleaned_data.get("bulan") if form.is_valid() else None
    period = sel.parse_month(asked) if asked else None
    if period not in periods:
        period = periods[0] if periods else None
    table = sel.public_table(period) if period else None
    context = {
        "form": form,
        "periods": periods,
        "period": period,
        "table": table,
        "rows": table.rows if table else [],
        "min_cell": disclosure.min_cell(),
    }
    return render(request, "nutrition/dashboards/public.html", context)


urlpatterns = [
    path("dasbor/", dashboard, name="dashboard"),
    path("dasbor/tindakan/", actions, name="dashboard_actions"),
    path("dasbor/periode/", period_prevalence, name="dashboard_period"),
    path("publik/", public, name="public"),
]
