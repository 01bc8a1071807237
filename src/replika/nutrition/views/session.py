"""The posyandu session: one screen to weigh and measure the month's children (SKDN)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core.decorators import module_page
from replika.core.forms import add_service_errors as apply_errors
from replika.core.http import AuthedHttpRequest
from replika.core.models import Unit, User
from replika.core.offline import offline_worker
from replika.nutrition import rules
from replika.nutrition.forms.session import SessionChoiceForm, SessionDateForm, SessionRowForm
from replika.nutrition.models import Child, Measurement, ReferralReason
from replika.nutrition.permissions import RECORD_MEASUREMENT
from replika.nutrition.selectors import registers as register_selectors
from replika.nutrition.selectors import session as sel
from replika.nutrition.services import entries as entry_services
from replika.nutrition.services.checks import CONFLICT as CONFLICT_CODE
from replika.nutrition.services.measurements import revision_of
from replika.nutrition.services.plausibility import IMPLAUSIBLE
from replika.nutrition.views.session_display import Numbers, row_display, with_more_open
from replika.nutrition.views.session_html import Words, result_html, row_html

ALERT_LABELS = dict(ReferralReason.choices)
ROW_FIELDS = ("weight", "lenhei", "measure", "headc", "armc", "oedema")


@module_page("nutrition", RECORD_MEASUREMENT)
def sessions(request: AuthedHttpRequest) -> HttpResponse:
    """Choose a posyandu and a month; a cadre with one posyandu goes straight to it."""
    units = register_selectors.posyandu_for(request.user, RECORD_MEASUREMENT)
    this_month = timezone.localdate().strftime("%Y-%m")
    if not request.GET:
        only = list(units[:2])
        if len(only) == 1:
            return redirect("nutrition:session", unit_id=only[0].pk, month=this_month)
    form = SessionChoiceForm(request.GET or None, units=units)
    if form.is_valid():
        return redirect(
            "nutrition:session",
            unit_id=form.cleaned_data["unit"].pk,
            month=form.cleaned_data["month"],
        )
    return render(request, "nutrition/session/choose.html", {"form": form})


def _place(request: AuthedHttpRequest, unit_id: int, month: str) -> tuple[Unit, dt.date]:
    """The posyandu and month of a session the user may record in, else 404."""
    period = sel.parse_month(month)
    if period is None or period > timezone.localdate():
        raise Http404
    return sel.session_posyandu(request.user, unit_id), period


def _default_day(period: dt.date) -> dt.date:
    """Today in the current month; the month's last day for an earlier month."""
    today = timezone.localdate()
    return today if rules.period_of(today) == period else sel.month_end(period)


def _date_form(request: AuthedHttpRequest, period: dt.date) -> SessionDateForm:
    data = request.POST if request.method == "POST" else None
    return SessionDateForm(
        data,
        period=period,
        last_day=sel.month_end(period),
        initial={"visit_date": _default_day(period)},
    )


def _row_form(row: sel.SessionRow, data: Any = None) -> SessionRowForm:
    """A row's form: bound to the POST, or showing the month's saved measurement."""
    m = row.measurement
    if m is not None:
        initial = {name: getattr(m, name) for name in ROW_FIELDS}
    else:
        # Under two years a child is measured lying, from two years standing (WHO).
        initial = {"measure": "l" if row.age_days < 731 else "h"}
    return SessionRowForm(data, prefix=f"c{row.child.pk}", initial=initial)


# What a row's save came to (the X-Row-State header and the row's data-state).
SAVED, REPLAYED, INVALID, HELD, CONFLICT, EMPTY = (
    "saved",
    "replayed",
    "invalid",
    "held",
    "conflict",
    "empty",
)


def _state_of(exc: ValidationError) -> str:
    """A conflict, a plausibility hold (only questions), or invalid input."""
    codes = {e.code for errors in getattr(exc, "error_dict", {}).values() for e in errors}
    if CONFLICT_CODE in codes:
        return CONFLICT
    return HELD if codes == {IMPLAUSIBLE} else INVALID


def _record(
    user: User, child: Child, form: SessionRowForm, visit_date: dt.date
) -> tuple[Measurement | None, str]:
    """Save one filled, valid row through the service; errors land on the row's form.

    A row sent with the revision it saw (the page always sends one) is refused as a
    conflict when the month changed meanwhile; its entry id makes a replay write nothing.
    """
    data = form.cleaned_data
    sent_revision = form.add_prefix("rev") in form.data
    try:
        measurement, replayed = entry_services.session_entry_record(
            actor=user,
            child=child,
            entry=data["entry"],
            revision=data["rev"] if sent_revision else None,
            confirmed=data["confirm"],
            visit_date=visit_date,
            values={
                "weight": data["weight"],
                "lenhei": data["lenhei"],
                "measure": data["measure"] or "",
                "oedema": data["oedema"],
                "headc": data["headc"],
                "armc": data["armc"],
            },
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return None, _state_of(exc)
    except IntegrityError:
        form.add_error(None, _("Someone else saved this child's month at the same moment."))
        return None, CONFLICT
    return measurement, REPLAYED if replayed else SAVED


def _unchanged(form: SessionRowForm, measurement: Measurement | None) -> bool:
    """Whether a row only repeats what is saved (so Save all keeps its original date)."""
    if measurement is None:
        return False
    data = form.cleaned_data
    return (
        all(
            (data[name] or ("" if name == "measure" else None)) == getattr(measurement, name)
            for name in ROW_FIELDS
            if name != "oedema"
        )
        and bool(data["oedema"]) == measurement.oedema
    )


def _item(
    row: sel.SessionRow, form: SessionRowForm | None, number: Numbers, state: str = ""
) -> dict[str, Any]:
    """What the row template needs (``form`` only where a POST was checked)."""
    m = row.measurement
    return {
        "row": row,
        "form": form,
        "d": with_more_open(row_display(row, form, number)),
        "state": state or (SAVED if m is not None else EMPTY),
        "revision": revision_of(m) if m is not None else "",
        "alerts": [(code, ALERT_LABELS.get(code, code)) for code in row.alerts],
    }


def _rows_html(unit: Unit, month: str, items: list[dict[str, Any]]) -> SafeString:
    """The rows of the page, joined in Python (``session_html``: every value escaped there)."""
    row_base = reverse("nutrition:session_row", args=[unit.pk, month, 0]).removesuffix("0/")
    child_base = reverse("nutrition:child", args=[0]).removesuffix("0/")
    words = Words()
    html = "\n".join(row_html(item, words, row_base, child_base) for item in items)
    return mark_safe(html)  # noqa: S308 - built from escaped values only


def _children(request: AuthedHttpRequest, unit: Unit) -> QuerySet[Child]:
    """The posyandu's children the user may record for."""
    return sel.children_at(request.user, unit)


def _view_choices(request: AuthedHttpRequest) -> dict[str, str]:
    """The list's search, filter and order from the query string (unknown values: default)."""
    show = request.GET.get("show", sel.SHOW_ALL)
    order = request.GET.get("order", sel.ORDER_NAME)
    return {
        "query": request.GET.get("q", "")[:60],
        "show": show if show in (sel.SHOW_TODO, sel.SHOW_FOLLOWUP) else sel.SHOW_ALL,
        "order": order if order == sel.ORDER_REGISTER else sel.ORDER_NAME,
    }


@module_page("nutrition", RECORD_MEASUREMENT)
def session(request: AuthedHttpRequest, unit_id: int, month: str) -> HttpResponse:
    """The session screen; without JavaScript the whole form saves every filled row."""
    unit, period = _place(request, unit_id, month)
    switches = sel.alert_switches(unit.region)
    date_form = _date_form(request, period)
    on = _default_day(period)
    rows = sel.session_rows(_children(request, unit), period, on, switches)
    # Forms only check a POST; a GET shows the saved values prepared as plain strings.
    forms = (
        {row.child.pk: _row_form(row, request.POST) for row in rows}
        if request.method == "POST"
        else {}
    )
    states: dict[int, str] = {}
    saved = failed = 0
    if request.method == "POST":
        date_ok = date_form.is_valid()
        for row in rows:
            form = forms[row.child.pk]
            if not form.is_filled():
                continue
            if not form.is_valid() or not date_ok:
                failed += 1
                states[row.child.pk] = INVALID
                continue
            if _unchanged(form, row.measurement):
                continue
            measurement, state = _record(
                request.user, row.child, form, date_form.cleaned_data["visit_date"]
            )
            states[row.child.pk] = state
            if measurement is None:
                failed += 1
                continue
            saved += 1
        if not failed and date_ok:
            messages.success(request, _("%(n)d measurements saved.") % {"n": saved})
            return redirect("nutrition:session", unit_id=unit.pk, month=month)
        # Re-read the rows so the good ones show their z-scores next to the bad ones' errors.
        rows = sel.session_rows(_children(request, unit), period, on, switches)
    choices = _view_choices(request)
    shown = sel.filtered_rows(rows, **choices)
    number = Numbers()
    items = [
        _item(row, forms.get(row.child.pk), number, states.get(row.child.pk, "")) for row in shown
    ]
    context = {
        "unit": unit,
        "month": month,
        "period": period,
        "date_form": date_form,
        "items": items,
        "rows_html": _rows_html(unit, month, items),
        "shown": len(shown),
        "total": len(rows),
        "skdn": sel.skdn(unit, period),
        "saved": saved,
        "failed": failed,
        "choices": choices,
        "new_child_url": f"{reverse('nutrition:child_new')}?unit={unit.pk}&next={request.path}",
        "worker_url": reverse("nutrition:session_worker"),
    }
    return render(request, "nutrition/session/session.html", context, status=422 if failed else 200)


@require_POST
@module_page("nutrition", RECORD_MEASUREMENT)
def session_row(
    request: AuthedHttpRequest, unit_id: int, month: str, child_id: int
) -> HttpResponse:
    """Save one child's row as the cadre types (htmx); answers with the row's result."""
    unit, period = _place(request, unit_id, month)
    child = sel.session_child(request.user, unit, child_id)
    switches = sel.alert_switches(unit.region)
    date_form = _date_form(request, period)
    on = date_form.cleaned_data["visit_date"] if date_form.is_valid() else _default_day(period)
    probe = sel.SessionRow(
        child=child, measurement=None, age_days=rules.age_in_days(child.birth_date, on)
    )
    form = _row_form(probe, request.POST)
    state = EMPTY
    measurement = None
    if form.is_filled() and form.is_valid() and date_form.is_valid():
        measurement, state = _record(request.user, child, form, on)
    elif form.is_filled():
        state = INVALID
        if not date_form.is_valid():
            form.is_valid()
            for error in date_form.errors.get("visit_date", []):
                form.add_error(None, f"{date_form.fields['visit_date'].label}: {error}")
    # A child past five at this month's date has no row on the page: its answer is the probe.
    row = (
        sel.session_row(child, measurement, period, on, switches)
        if sel.is_under_five_at(child, period)
        else probe
    )
    item = _item(row, form, Numbers(), state)
    context = {
        **item,
        "result": mark_safe(result_html(item, Words())),  # noqa: S308 - escaped values only
        "skdn": sel.skdn(unit, period),
        "oob": True,
    }
    # A fragment: no menu, memberships or links, so not the page's context processors.
    response = HttpResponse(render_to_string("nutrition/session/_row_result.html", context))
    # The page's script reads the outcome here; the body is the row's result to show.
    response["X-Row-State"] = state
    response["X-Row-Revision"] = item["revision"]
    return response


@module_page("nutrition", RECORD_MEASUREMENT)
def session_worker(request: AuthedHttpRequest) -> HttpResponse:
    """The service worker that keeps the session page and its assets for offline use.

    Served under ``/gizi/sesi/`` so that its scope covers the session pages.
    """
    return offline_worker(request, cache="replika-session-v1")


urlpatterns = [
    path("sesi/", sessions, name="sessions"),
    path("sesi/sw.js", session_worker, name="session_worker"),
    path("sesi/<int:unit_id>/<str:month>/", session, name="session"),
    path("sesi/<int:unit_id>/<str:month>/anak/<int:child_id>/", session_row, name="session_row"),
]
