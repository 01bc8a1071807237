"""Learning places and their seats, early warnings, the support ledger, enrolment figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from replika.core.access import has_any
from replika.core.decorators import module_page
from replika.core.forms import add_service_errors
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.schooling import unit_kinds
from replika.schooling.forms.places import (
    CapacityForm,
    FigureForm,
    PlaceCreateForm,
    WarningDecideForm,
    WarningForm,
)
from replika.schooling.models import WarningStatus
from replika.schooling.permissions import (
    MANAGE_FIGURES,
    MANAGE_PLACES,
    RECORD_SUPPORT,
    REPORT_WARNING,
    VIEW_REGISTER,
)
from replika.schooling.selectors import cases as sel
from replika.schooling.selectors import dashboards as board
from replika.schooling.selectors import figures as figure_sel
from replika.schooling.services import figures, places
from replika.schooling.services import warnings as warning_services
from replika.schooling.services.common import status_of_refusal


@module_page("schooling", VIEW_REGISTER)
def place_list(request: AuthedHttpRequest) -> HttpResponse:
    """Places with their seats per level (capacity, taken, free)."""
    rows = list(sel.places_for(request.user, VIEW_REGISTER))
    seats = sel.seats_of(rows)
    context = {
        "places": [(p, seats[p.pk]) for p in rows],
        "may_manage": has_any(request.user, MANAGE_PLACES),
    }
    return render(request, "schooling/places.html", context)


@module_page("schooling", MANAGE_PLACES)
def place_new(request: AuthedHttpRequest) -> HttpResponse:
    """Add a school, SKB, PKBM or filial class with its seats."""
    schools = sel.places_for(request.user, MANAGE_PLACES).filter(kind=unit_kinds.SEKOLAH)
    form = PlaceCreateForm(
        request.POST or None,
        locations=sel.locations_for(request.user, MANAGE_PLACES),
        schools=schools,
    )

    def save(d: dict) -> object:
        return places.place_create(
            actor=request.user,
            kind=d["kind"],
            name=d["name"],
            location=d["location"],
            capacity=form.capacity(),
            npsn=d["npsn"],
            parent=d["parent"],
            address=d["address"],
        )

    return form_page(
        request,
        form,
        "schooling/place_form.html",
        save=save,
        done=lambda _unit: saved(request, _("Learning place added."), "schooling:places"),
    )


@module_page("schooling", MANAGE_PLACES)
def place_capacity(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Change a place's seats per level."""
    place = sel.place_for(request.user, pk, MANAGE_PLACES)
    current = {s.level: s.capacity for s in sel.seats_of([place])[place.pk]}
    initial = {f"seats_{level}": seats for level, seats in current.items()}
    form = CapacityForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        "schooling/place_form.html",
        save=lambda _d: places.capacity_set(
            actor=request.user, place=place, capacity=form.capacity()
        ),
        done=lambda _unit: saved(request, _("Seats saved."), "schooling:places"),
        context={"place": place},
    )


@module_page("schooling", REPORT_WARNING)
def warning_list(request: AuthedHttpRequest) -> HttpResponse:
    """Open early warnings, the highest risk first, and the form to report a pupil."""
    schools = sel.places_for(request.user, REPORT_WARNING)
    form = WarningForm(request.POST or None, schools=schools)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                warning_services.warning_report(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = status_of_refusal(exc)
            else:
                return saved(request, _("Warning recorded."), "schooling:warnings")
    context = {
        "form": form,
        "warnings": sel.warnings_for(request.user, REPORT_WARNING)[:200],
        "decide": WarningDecideForm(),
    }
    return render(request, "schooling/warnings.html", context, status=status)


@module_page("schooling", REPORT_WARNING)
def warning_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Record what happened to a pupil at risk (a dropout opens a case)."""
    row = sel.warning_for(request.user, pk, REPORT_WARNING)
    form = WarningDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = warning_services.warning_decide(
                actor=request.user,
                warning_row=row,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if row.status == WarningStatus.DROPPED:
                messages.success(request, _("A case was opened for this pupil."))
            else:
                messages.success(request, _("Saved."))
            return redirect("schooling:warnings")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "schooling/warning_decide.html", {"form": form, "warning": row}, status=status
    )


@module_page("schooling", RECORD_SUPPORT)
def support_ledger(request: AuthedHttpRequest) -> HttpResponse:
    """Support given in the user's area: per item, per place, and the total."""
    return render(
        request,
        "schooling/support.html",
        {"totals": sel.support_totals(request.user, RECORD_SUPPORT)},
    )


@module_page("schooling", MANAGE_FIGURES)
def figure_list(request: AuthedHttpRequest) -> HttpResponse:
    """Population and enrolment figures, and the form to enter one band's figures."""
    form = FigureForm(request.POST or None, areas=figure_sel.figure_areas(request.user))

    def save(d: dict) -> object:
        counts = {k: d[k] for k in figures.COUNT_FIELDS}
        return figures.figure_save(
            actor=request.user,
            wilayah=d["wilayah"],
            year=d["year"],
            level=d["level"],
            counts=counts,
        )

    region = getattr(request, "region", None)
    context = {
        "figures": figure_sel.figures_for(request.user),
        "indicators": board.indicators(request.user, region, None) if region is not None else [],
    }
    return form_page(
        request,
        form,
        "schooling/figures.html",
        save=save,
        done=lambda _row: saved(request, _("Figures saved."), "schooling:figures"),
        context=context,
    )


urlpatterns = [
    path("tempat/", place_list, name="places"),
    path("tempat/baru/", place_new, name="place_new"),
    path("tempat/<int:pk>/kursi/", place_capacity, name="place_capacity"),
    path("peringatan/", warning_list, name="warnings"),
    path("peringatan/<int:pk>/", warning_decide, name="warning_decide"),
    path("bantuan/", support_ledger, name="support"),
    path("angka/", figure_list, name="figures"),
]
