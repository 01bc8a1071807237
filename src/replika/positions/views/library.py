"""Pages of the province library: search, one entry, copy it as a draft to adapt."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.positions.blocks import shaped
from replika.positions.forms import LibraryCopyForm, LibrarySearchForm
from replika.positions.models import Position
from replika.positions.permissions import DRAFT_ANJAB, USE_LIBRARY
from replika.positions.selectors import library as library_selectors
from replika.positions.selectors import structure as sel
from replika.positions.services import library as library_services


@module_page("positions", USE_LIBRARY)
def library(request: AuthedHttpRequest) -> HttpResponse:
    """Search the positions the regions shared (title, kind, agency)."""
    form = LibrarySearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    entries = library_selectors.library_search(
        request.user,
        USE_LIBRARY,
        q=data.get("q", ""),
        kind=data.get("kind", ""),
        agency=data.get("agency", ""),
    )[: library_selectors.MAX_RESULTS]
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request, "positions/library.html", {"form": form, "entries": entries}, status=status
    )


@module_page("positions", USE_LIBRARY)
def library_entry(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One shared position: its Anjab and ABK as published."""
    entry = library_selectors.library_entry(request.user, pk, USE_LIBRARY)
    blocks = shaped(entry.document)
    units = sel.units_to_copy_into(request.user, DRAFT_ANJAB)
    return render(
        request,
        "positions/library_entry.html",
        {"entry": entry, "blocks": blocks, "may_copy": bool(units)},
    )


@module_page("positions", DRAFT_ANJAB)
def library_copy(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Copy a shared position into one of the user's units as a draft."""
    entry = library_selectors.library_entry(request.user, pk, USE_LIBRARY)
    form = LibraryCopyForm(
        request.POST or None, units=sel.units_to_copy_into(request.user, DRAFT_ANJAB)
    )

    def save(d: dict) -> Position:
        unit = sel.orgunit_for(request.user, d["org_unit"], DRAFT_ANJAB)
        return library_services.library_copy(
            actor=request.user, entry=entry, org_unit=unit, holders=d["holders"]
        )

    return form_page(
        request,
        form,
        "positions/form.html",
        save=save,
        done=lambda p: saved(
            request, _("Copied as a draft: adapt it to your agency."), "positions:position", pk=p.pk
        ),
        context={"title": _("Copy “%(title)s”") % {"title": entry.title}},
    )


urlpatterns = [
    path("pustaka/", library, name="library"),
    path("pustaka/<int:pk>/", library_entry, name="library_entry"),
    path("pustaka/<int:pk>/salin/", library_copy, name="library_copy"),
]
