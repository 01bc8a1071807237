"""Imports of case lists and exports of the register and the report, as background jobs."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from replika.core import jobs
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest
from replika.schooling import importers, tasks
from replika.schooling.forms.places import ExportForm, ImportForm
from replika.schooling.permissions import IMPORT_DATA
from replika.schooling.selectors.cases import recent_jobs
from replika.schooling.settings_schema import settings_for

IMPORT_KIND = "schooling.import"
EXPORT_KIND = "schooling.export"


def _kinds(request: AuthedHttpRequest) -> list[tuple[str, object]]:
    """The import kinds the region takes (its setting), the template always."""
    allowed = set(settings_for(getattr(request, "region", None)).imported_sources) | {"generic"}
    return [(code, label) for code, label in importers.KINDS if code in allowed]


@module_page("schooling", IMPORT_DATA)
def import_page(request: AuthedHttpRequest) -> HttpResponse:
    """Upload a case list; the import runs in the background with a progress bar."""
    form = ImportForm(request.POST or None, request.FILES or None, kinds=_kinds(request))
    if request.method == "POST" and form.is_valid():
        name = default_storage.save(
            f"imports/{uuid.uuid4().hex}.{form.file_type}", ContentFile(form.content)
        )
        jobs.start(
            owner=request.user,
            kind=IMPORT_KIND,
            task=tasks.import_cases,
            region=getattr(request, "region", None),
            permission=IMPORT_DATA,
            user_id=request.user.pk,
            list_kind=form.cleaned_data["kind"],
            stored_name=name,
            file_name=form.display_name,
        )
        return redirect("schooling:imports")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "jobs": recent_jobs(request.user, IMPORT_KIND)}
    return render(request, "schooling/import.html", context, status=status)


@module_page("schooling", IMPORT_DATA)
def export_page(request: AuthedHttpRequest) -> HttpResponse:
    """Ask for the register (xlsx, CSV) or the dashboard report (PDF), made in the background."""
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        jobs.start(
            owner=request.user,
            kind=EXPORT_KIND,
            task=tasks.export_register,
            region=getattr(request, "region", None),
            permission=IMPORT_DATA,
            user_id=request.user.pk,
            file_format=form.cleaned_data["file_format"],
            wilayah=form.cleaned_data["wilayah"],
            status=form.cleaned_data["status"],
        )
        return redirect("schooling:export")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "jobs": recent_jobs(request.user, EXPORT_KIND)}
    return render(request, "schooling/export.html", context, status=status)


urlpatterns = [
    path("impor/", import_page, name="imports"),
    path("ekspor/", export_page, name="export"),
]
