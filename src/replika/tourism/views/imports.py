"""Bulk filing on behalf: upload a spreadsheet of monthly reports; it runs in the background."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from replika.core import jobs
from replika.core.decorators import module_page
from replika.core.exporting import csv_bytes
from replika.core.http import AuthedHttpRequest
from replika.core.importing import FileRefused, check_file
from replika.core.models import Job
from replika.core.uploads import display_name
from replika.tourism import importers, tasks
from replika.tourism.forms.reports import ImportForm
from replika.tourism.permissions import IMPORT_DATA

KIND = "tourism.import"


@module_page("tourism", IMPORT_DATA)
def import_page(request: AuthedHttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            file_type = check_file(upload.name, content, importers.SPEC.limits)
        except FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            name = default_storage.save(
                f"imports/{uuid.uuid4().hex}.{file_type}", ContentFile(content)
            )
            job = jobs.start(
                owner=request.user,
                kind=KIND,
                task=tasks.import_reports,
                region=request.region,
                permission=IMPORT_DATA,
                user_id=request.user.pk,
                stored_name=name,
                file_name=display_name(upload.name),
            )
            return redirect("core:job", job_id=job.pk)
    context: dict[str, Any] = {
        "form": form,
        "jobs": Job.objects.filter(owner=request.user, kind=KIND).order_by("-created_at")[:10],
        "columns": importers.COLUMNS,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "tourism/import.html", context, status=status)


@module_page("tourism", IMPORT_DATA)
def template(request: AuthedHttpRequest) -> HttpResponse:
    """An empty file with the expected header row."""
    response = HttpResponse(
        csv_bytes(importers.TEMPLATE_HEADER, []), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_("report-template")}.csv"'
    return response


urlpatterns = [
    path("impor/", import_page, name="imports"),
    path("impor/templat/", template, name="import_template"),
]
