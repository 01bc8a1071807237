"""Monthly reports: an operator's months, the filing form, and the office's compliance board."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.tourism import rules
from replika.tourism.forms.reports import AccommodationReportForm, AttractionReportForm
from replika.tourism.models import MonthlyReport, Place, ReportKind
from replika.tourism.permissions import SEND_REMINDERS, VIEW_COMPLIANCE, VIEW_REGISTRY
from replika.tourism.selectors import compliance as compliance_sel
from replika.tourism.selectors import registry as sel
from replika.tourism.selectors.statistics import last_closed_period, parse_period
from replika.tourism.services import reports as services

MONTHS_SHOWN = 12


def _months(last: dt.date, count: int) -> list[dt.date]:
    periods = [last]
    for _i in range(count - 1):
        periods.append(rules.period_of(periods[-1] - dt.timedelta(days=1)))
    return periods


@module_page("tourism", VIEW_REGISTRY)
def reports(request: AuthedHttpRequest) -> HttpResponse:
    """The entries the user files for, each with its last twelve months filed or not."""
    today = timezone.localdate()
    months = _months(last_closed_period(today), MONTHS_SHOWN)
    places = list(sel.filing_places(request.user)[:200])
    if not places:
        raise Http404
    rows = []
    for place in places:
        filed = {r.period: r for r in sel.reports_of(request.user, place).filter(period__in=months)}
        rows.append((place, [(m, filed.get(m)) for m in months]))
    return render(request, "tourism/reports.html", {"rows": rows, "months": months})


def _report_form(kind: str, data: Any, initial: dict[str, Any]) -> Any:
    form_class = (
        AccommodationReportForm if kind == ReportKind.ACCOMMODATION else AttractionReportForm
    )
    return form_class(data, initial=initial)


@module_page("tourism", VIEW_REGISTRY)
def report_file(request: AuthedHttpRequest, pk: int, period: str) -> HttpResponse:
    """File or correct one month of an entry (the office files on behalf)."""
    place = sel.place_to_file(request.user, pk)
    month = parse_period(period)
    kind = services.report_kind(place)
    if month is None or kind is None:
        raise Http404
    existing = sel.report_for(request.user, place, month)
    if existing is not None:
        initial = services.figures_of(existing)
    elif kind == ReportKind.ACCOMMODATION:
        initial = {"rooms": place.rooms, "beds": place.beds, "days": rules.days_in_month(month)}
    else:
        initial = {}
    form = _report_form(kind, request.POST or None, initial)

    def save(data: dict[str, Any]) -> MonthlyReport:
        return services.report_file(
            actor=request.user,
            place=place,
            period=month,
            figures=form.figures(),
            reason=data.get("reason", ""),
        )

    context = {
        "place": place,
        "period": month,
        "existing": existing,
        "revisions": sel.revisions_of(request.user, existing) if existing else [],
        "on_behalf": not services.files_own(request.user, place),
        "due_on": rules.report_due_date(month, _due_day(place)),
    }
    return form_page(
        request,
        form,
        "tourism/report_form.html",
        save=save,
        done=lambda _r: saved(request, _("Report saved. Thank you!"), "tourism:reports_done"),
        context=context,
    )


def _due_day(place: Place) -> int:
    from replika.tourism.settings_schema import settings_for

    return settings_for(place.region).report_due_day


@module_page("tourism", VIEW_REGISTRY)
def reports_done(request: AuthedHttpRequest) -> HttpResponse:
    """After a filing: back to the months list, or to the board for the office."""
    if sel.is_office(request.user, VIEW_COMPLIANCE):
        return redirect("tourism:compliance")
    return redirect("tourism:reports")


@module_page("tourism", VIEW_COMPLIANCE)
def compliance(request: AuthedHttpRequest) -> HttpResponse:
    """Who filed, late or not, and who is missing, for a month; compliance by kind."""
    today = timezone.localdate()
    period = parse_period(request.GET.get("periode")) or last_closed_period(today)
    board = compliance_sel.board(request.user, period, today=today)
    regions = sorted({row.place.region for row in board.rows}, key=lambda r: r.code)
    rows = [
        (
            row,
            services.whatsapp_link(row.place, period, row.due_on)
            if row.status in ("missing", "pending")
            else "",
        )
        for row in board.rows
    ]
    context = {
        "board": board,
        "rows": rows,
        "period": period,
        "previous": rules.period_of(period - dt.timedelta(days=1)),
        "next": rules.next_period(period) if rules.next_period(period) <= today else None,
        "trend": compliance_sel.trend(regions, period, 6) if regions else [],
        "may_remind": sel.is_office(request.user, SEND_REMINDERS),
    }
    return render(request, "tourism/compliance.html", context)


@require_POST
@module_page("tourism", SEND_REMINDERS)
def remind(request: AuthedHttpRequest) -> HttpResponse:
    """Send the e-mail reminder to every entry of the board that has not filed the month."""
    today = timezone.localdate()
    period = parse_period(request.POST.get("periode")) or last_closed_period(today)
    board = compliance_sel.board(request.user, period, today=today)
    places = [row.place for row in board.rows if row.status in ("missing", "pending")]
    sent = services.reminders_send_now(actor=request.user, places=places, period=period)
    return saved(
        request,
        _("Reminders sent: %(sent)d (each entry is reminded once a kind per month).")
        % {"sent": sent},
        "tourism:compliance",
    )


urlpatterns = [
    path("laporan/", reports, name="reports"),
    path("laporan/selesai/", reports_done, name="reports_done"),
    path("laporan/<int:pk>/<str:period>/", report_file, name="report_file"),
    path("kepatuhan/", compliance, name="compliance"),
    path("kepatuhan/ingatkan/", remind, name="remind"),
]


def home(request: AuthedHttpRequest) -> HttpResponse:
    """The module's front door: each visitor goes where their work is."""
    from replika.core.access import has_any
    from replika.tourism.permissions import FILE_REPORT, VIEW_STATISTICS

    user = request.user
    if not user.is_authenticated:
        return redirect("tourism:portal")
    if sel.is_office(user, VIEW_COMPLIANCE):
        return redirect("tourism:compliance")
    if has_any(user, FILE_REPORT):
        return redirect("tourism:reports")
    if has_any(user, VIEW_STATISTICS):
        return redirect("tourism:statistics")
    return redirect("tourism:portal")
