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
from django.utils.formats import date_format, number_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from replika.core import cache as public_cache
from replika.core import disclosure, exporting, replica
from replika.core.access import grants
from replika.core.activation import live_region_id_list
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest
from replika.core.models import Wilayah
from replika.nutrition import rules
from replika.nutrition.permissions import VIEW_DASHBOARD, VIEW_REGISTER
from replika.nutrition.selectors import actions as actions_sel
from replika.nutrition.selectors import dashboards as sel
from replika.nutrition.services.summaries import CACHE_NAMESPACE

# What a kept dashboard holds, by version: a release that changes it must not read the
# entries an earlier release left in a shared cache.
KEPT_PARTS = 2

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


def _month_options(periods: list[dt.date], period: dt.date) -> SafeString:
    """The month picker's options, the shown month selected (drawn once with the figures:
    formatting thirty month names per request was a tenth of the page's time)."""
    shown = [] if period in periods else [period]
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (f"{p:%Y-%m}", mark_safe(" selected") if p == period else "", date_format(p, "F Y"))
            for p in [*shown, *periods]
        ),
    )


def _aggregates(
    request: AuthedHttpRequest, place: sel.Place, asked: dt.date | None
) -> dict[str, Any]:
    """The summary parts of a dashboard, computed and drawn once per place, month, language
    and what the viewer may see, until the summaries change (``core.cache``)."""
    seen = sorted((g.role, g.wilayah_id, g.unit_id) for g in grants(request.user, VIEW_DASHBOARD))
    live = live_region_id_list("nutrition")
    key = public_cache.aggregate_key(
        CACHE_NAMESPACE, "dashboard", KEPT_PARTS, place.scope, asked, seen, live
    )

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
            "month_options": _month_options(periods, period),
        }
        html = render_to_string("nutrition/dashboards/_figures.html", parts, request)
        # The heading, the month picker and the links depend on nothing else either: drawing
        # them on each view was a sixth of a dashboard's CPU. A wrong month draws them again,
        # with its error (``dashboard``).
        head = render_to_string("nutrition/dashboards/_head.html", parts)
        actions = render_to_string("nutrition/dashboards/_actions_link.html", parts)
        # Drawn by the template engine, so already safe strings (escaped as they were drawn).
        return {**parts, "figures_html": html, "head_html": head, "actions_html": actions}

    return public_cache.remember(key, compute)


@module_page("nutrition", VIEW_DASHBOARD)
@require_GET
@replica.reads_summaries
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    """SKDN, prevalence, a 12-month trend and the level below, for one place and month."""
    form, place, period = _chosen(request, VIEW_DASHBOARD)
    aggregates = _aggregates(request, place, period)
    context = {
        **aggregates,
        "form": form,
        "head_html": aggregates["head_html"] if form.is_valid() else "",
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


class PublicFilter(forms.Form):
    """The month and the level (kab/kota or kecamatan) of the public page."""

    bulan = forms.RegexField(
        label=_("Month"),
        required=False,
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={"invalid": _("Choose a month as YYYY-MM.")},
    )
    tingkat = forms.ChoiceField(
        label=_("Map by"),
        required=False,
        choices=[("kabkota", _("regency / city")), ("kecamatan", _("district (kecamatan)"))],
    )


def _public_choice(request: HttpRequest) -> tuple[PublicFilter, list[dt.date], dt.date | None, int]:
    """The public filter, the months that have figures, the month and the level asked for."""
    periods = sel.public_periods(before=rules.period_of(timezone.localdate()))
    form = PublicFilter(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    period = sel.parse_month(data["bulan"]) if data.get("bulan") else None
    if period not in periods:
        period = periods[0] if periods else None
    level = Wilayah.DISTRICT if data.get("tingkat") == "kecamatan" else Wilayah.REGION
    return form, periods, period, level


def _public_chart(trend: list[tuple[dt.date, disclosure.PublicRate]]) -> dict[str, Any]:
    """A server-drawn line of the province's stunting rate (withheld months left out)."""
    values = [rate.percent for _period, rate in trend]
    top = max([v for v in values if v is not None] or [0.0])
    ceiling = max(10.0, 10.0 * (int(top // 10) + 1))
    step = (CHART_WIDTH - 2 * CHART_PAD) / max(len(values) - 1, 1)
    height = CHART_HEIGHT - 2 * CHART_PAD
    points = [
        (CHART_PAD + i * step, CHART_PAD + height * (1 - v / ceiling))
        for i, v in enumerate(values)
        if v is not None
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "line": " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
        "dots": [{"x": x, "y": y} for x, y in points],
        "grid": [
            {"y": CHART_PAD + height * (1 - p / ceiling), "label": number_format(p, 0)}
            for p in (0.0, ceiling / 2, ceiling)
        ],
        "ticks": [
            {"x": CHART_PAD + i * step, "label": date_format(period, "M y")}
            for i, (period, _rate) in enumerate(trend)
            if i % max(1, len(trend) // 6) == 0 or i == len(trend) - 1
        ],
        "left": CHART_PAD,
        "right": CHART_WIDTH - CHART_PAD,
    }


def _map_data(overview: sel.PublicOverview) -> dict[str, Any]:
    """The map's colour and tooltip per area code (the same figures as the table)."""
    no_data = str(_("no data yet"))
    regions = {}
    for area in overview.areas:
        lines = [f"{_('Stunting')}: {area.row.stunting}"] if area.row else [no_data]
        regions[area.code] = {"bucket": area.bucket, "title": area.name, "lines": lines}
    return {"regions": regions}


STUNTING_LEGEND = [
    ("s0", _("below 2.5 %")),
    ("s1", _("2.5 to 10 %")),
    ("s2", _("10 to 20 %")),
    ("s3", _("20 to 30 %")),
    ("s4", _("at least 30 %")),
    ("none", _("no data yet, or withheld")),
    ("off", _("Ayo Ceting not live")),
]


@require_GET
@public_cache.public_page(CACHE_NAMESPACE, max_age=900)
def public(request: HttpRequest) -> HttpResponse:
    """Stunting, wasting and underweight per kab/kota where Ayo Ceting is live: no names.

    Every live region is listed ("no data yet" where it has none), with the province total,
    a map by kab/kota or kecamatan, the trend and a CSV download. Small cells are withheld
    (``core.disclosure``); anonymous visits are served from the cache until the next summary
    refresh (``core.cache``).
    """
    form, periods, period, level = _public_choice(request)
    overview = sel.public_overview(period, level)
    trend = sel.public_trend(periods[:12])
    context = {
        "form": form,
        "periods": periods,
        "period": period,
        "overview": overview,
        # The areas with figures (kept under the names earlier pages and tests use).
        "rows": [area.row for area in overview.areas if area.row is not None],
        "table": overview,
        "by_kecamatan": level == Wilayah.DISTRICT,
        "map_data": _map_data(overview),
        "legend": [(key, str(label)) for key, label in STUNTING_LEGEND],
        "trend": trend,
        "chart": _public_chart(trend) if any(r.percent is not None for _p, r in trend) else None,
        "min_cell": disclosure.min_cell(),
    }
    return render(request, "nutrition/dashboards/public.html", context)


PUBLIC_CSV_HEADER = (
    "kode_wilayah",
    "nama_wilayah",
    "bulan",
    "stunting_persen",
    "stunting_anak",
    "diukur_tb",
    "wasting_persen",
    "underweight_persen",
    "overweight_persen",
    "ditimbang_d_s_persen",
    "keterangan",
)


def _csv_row(code: str, name: str, period: dt.date | None, row: sel.PublicRow | None) -> list[Any]:
    """One line of the public CSV; withheld cells read "< 10", a missing area is empty."""
    month = f"{period:%Y-%m}" if period else ""
    if row is None:
        return [code, name, month, "", "", "", "", "", "", "", str(_("no data yet"))]

    def percent(rate: disclosure.PublicRate) -> str:
        return "" if rate.percent is None else f"{rate.percent:.1f}"

    return [
        code,
        name,
        month,
        percent(row.stunting),
        str(row.stunting.count),
        str(row.stunting.total),
        percent(row.wasting),
        percent(row.underweight),
        percent(row.overweight),
        percent(row.d_s),
        str(_("small counts withheld")) if _any_withheld(row) else "",
    ]


def _any_withheld(row: sel.PublicRow) -> bool:
    """Whether the small-cell rule withheld any figure of the row."""
    rates = (row.stunting, row.wasting, row.underweight, row.overweight, row.d_s)
    return any(rate.suppressed for rate in rates)


@require_GET
def public_csv(request: HttpRequest) -> HttpResponse:
    """The public page's figures as CSV (the same suppression as the page)."""
    _form, _periods, period, level = _public_choice(request)
    overview = sel.public_overview(period, level)
    rows = [_csv_row(a.code, a.name, period, a.row) for a in overview.areas]
    if overview.total is not None:
        rows.append(_csv_row(overview.total.code, overview.total.name, period, overview.total))
    name = f"stunting-sumbar-{'kecamatan' if level == Wilayah.DISTRICT else 'kabkota'}"
    name += f"-{period:%Y-%m}.csv" if period else ".csv"
    response = HttpResponse(
        exporting.csv_bytes(PUBLIC_CSV_HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("dasbor/", dashboard, name="dashboard"),
    path("dasbor/tindakan/", actions, name="dashboard_actions"),
    path("dasbor/periode/", period_prevalence, name="dashboard_period"),
    path("publik/", public, name="public"),
    path("publik/unduh/", public_csv, name="public_csv"),
]
