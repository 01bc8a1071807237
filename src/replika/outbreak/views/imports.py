"""Case line-list import (a background job with per-row errors) and the case export."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit, jobs
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page
from replika.outbreak import exports
from replika.outbreak.forms.other import ImportForm, SkdrImportForm
from replika.outbreak.importers import CASE_COLUMNS, SKDR_COLUMNS
from replika.outbreak.permissions import IMPORT_DATA, REPORT_SKDR, VIEW_CASE
from replika.outbreak.selectors import cases as sel
from replika.outbreak.tasks import import_cases, import_skdr

MAX_UPLOAD = 10 * 1024 * 1024


@module_page("outbreak", IMPORT_DATA)
def import_page(request: AuthedHttpRequest) -> HttpResponse:
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        units=sel.facilities_for(request.user, IMPORT_DATA),
        diseases=sel.diseases_for(request.user, IMPORT_DATA),
    )

    def save(data: dict[str, Any]) -> Any:
        upload = data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError({"file": _("The file may be at most 10 MB.")})
        if data["disease"].region_id != data["unit"].region_id:
            raise ValidationError({"disease": _("Choose a disease of the facility's region.")})
        name = default_storage.save(
            f"imports/outbreak-{uuid.uuid4().hex}", ContentFile(upload.read())
        )
        return jobs.start(
            owner=request.user,
            kind="outbreak.import_cases",
            task=import_cases,
            region=data["unit"].region,
            permission=IMPORT_DATA,
            user_id=request.user.pk,
            stored_name=name,
            file_name=upload.name,
            disease_id=data["disease"].pk,
            unit_id=data["unit"].pk,
        )

    return form_page(
        request,
        form,
        "outbreak/imports/import.html",
        save=save,
        done=lambda job: redirect("core:job", job.pk),
        context={"columns": CASE_COLUMNS},
    )


@module_page("outbreak", REPORT_SKDR)
def import_skdr_page(request: AuthedHttpRequest) -> HttpResponse:
    """Upload a W2 file of weekly counts; each row is a facility, disease and week."""
    form = SkdrImportForm(request.POST or None, request.FILES or None)

    def save(data: dict[str, Any]) -> Any:
        upload = data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError({"file": _("The file may be at most 10 MB.")})
        name = default_storage.save(
            f"imports/outbreak-skdr-{uuid.uuid4().hex}", ContentFile(upload.read())
        )
        return jobs.start(
            owner=request.user,
            kind="outbreak.import_skdr",
            task=import_skdr,
            region=getattr(request, "region", None),
            permission=REPORT_SKDR,
            user_id=request.user.pk,
            stored_name=name,
            file_name=upload.name,
        )

    return form_page(
        request,
        form,
        "outbreak/imports/import_skdr.html",
        save=save,
        done=lambda job: redirect("core:job", job.pk),
        context={"columns": SKDR_COLUMNS},
    )


@module_page("outbreak", VIEW_CASE)
def export_cases(request: AuthedHttpRequest) -> HttpResponse:
    """The case line list the user may see, as CSV (default) or xlsx."""
    kind = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    body = exports.cases_xlsx(request.user) if kind == "xlsx" else exports.cases_csv(request.user)
    audit.record_read(
        actor=request.user,
        what="outbreak.export",
        model="outbreak.case",
        region=getattr(request, "region", None),
        detail={"format": kind},
    )
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if kind == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="kasus-{stamp}.{kind}"'
    return response


urlpatterns = [
    path("impor/", import_page, name="import"),
    path("impor/skdr/", import_skdr_page, name="import_skdr"),
    path("ekspor/", export_cases, name="export"),
]
