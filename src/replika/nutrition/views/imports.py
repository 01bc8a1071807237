"""Nutrition pages: e-PPGBM import (upload, recent jobs) and export, both background jobs."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from replika.core import jobs
from replika.core.access import live_region_ids, scoped
from replika.core.decorators import module_page
from replika.core.importing import FileRefused, check_file, size_text
from replika.core.models import Job, Unit, User, Wilayah
from replika.core.uploads import display_name
from replika.nutrition import importers, tasks, unit_kinds
from replika.nutrition.permissions import IMPORT_DATA, VIEW_REGISTER

IMPORT_KIND = "nutrition.import"
EXPORT_KIND = "nutrition.export"


class ImportForm(forms.Form):
    """An e-PPGBM file and what it holds."""

    kind = forms.ChoiceField(label=_("The file holds"), choices=importers.KINDS)
    file = forms.FileField(
        label=_("File (.xlsx or .csv, at most 20 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv,text/csv,application/vnd.ms-excel"}
        ),
    )

    def clean_file(self) -> Any:
        """Refuse anything that is not a small xlsx or CSV, by its content and its name."""
        upload = self.cleaned_data["file"]
        limits = importers.spec.FILE_LIMITS
        if upload.size > limits.max_bytes:
            # Checked before reading, so a huge upload is never held in memory.
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": size_text(limits.max_bytes)}
            )
        content = upload.read()
        try:
            self.file_type = check_file(upload.name, content, limits)
        except FileRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        self.content = content
        self.display_name = display_name(upload.name)
        return upload


def _recent_jobs(request: HttpRequest, kind: str) -> QuerySet[Job]:
    """The user's own latest jobs of one kind."""
    owner = cast(User, request.user)
    return Job.objects.filter(owner=owner, kind=kind).order_by("-created_at")[:10]


# The session key of an upload waiting for the user's confirmation after its preview.
PENDING = "nutrition_import_pending"


def _start_import(request: HttpRequest, *, rows_kind: str, stored_name: str, file_name: str) -> Any:
    """Queue the import of a stored upload as a job and go to its progress page."""
    job = jobs.start(
        owner=cast(User, request.user),
        kind=IMPORT_KIND,
        task=tasks.import_eppgbm,
        region=getattr(request, "region", None),
        permission=IMPORT_DATA,
        user_id=request.user.pk,
        rows_kind=rows_kind,
        stored_name=stored_name,
        file_name=file_name,
    )
    return redirect("core:job", job_id=job.pk)


def _preview(request: HttpRequest, form: ImportForm) -> importers.Preview | None:
    """The trial run of a measurement file that would overwrite this month's values."""
    user = cast(User, request.user)
    if form.cleaned_data["kind"] != importers.KIND_MEASUREMENTS:
        return None
    if not importers.has_this_months_values(user):
        return None
    try:
        preview = importers.preview_file(
            user=user,
            kind=importers.KIND_MEASUREMENTS,
            file_type=form.file_type,
            content=form.content,
        )
    except (importers.FileRefused, importers.ImportFailed):
        # The job reports the refusal or failure as it would without a preview.
        return None
    return preview if preview.overwrites else None


@module_page("nutrition", IMPORT_DATA)
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload an e-PPGBM file; the import runs in the background with a progress bar.

    A measurement file that would change values entered this month is first shown as a
    preview (new, updated, unchanged, refused, and each changed value) and imported only
    once the user confirms.
    """
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # A generated name: the user's file name never reaches a path.
        name = default_storage.save(
            f"imports/{uuid.uuid4().hex}.{form.file_type}",
            ContentFile(form.content),
        )
        preview = _preview(request, form)
        if preview is not None:
            request.session[PENDING] = {
                "stored_name": name,
                "rows_kind": form.cleaned_data["kind"],
                "file_name": form.display_name,
            }
            context = {"preview": preview, "file_name": form.display_name}
            return render(request, "nutrition/imports/preview.html", context)
        return _start_import(
            request,
            rows_kind=form.cleaned_data["kind"],
            stored_name=name,
            file_name=form.display_name,
        )
    context = {
        "form": form,
        "jobs": _recent_jobs(request, IMPORT_KIND),
        "aliases": importers.ALIASES,
        "required": importers.REQUIRED,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "nutrition/imports/import.html", context, status=status)


@require_POST
@module_page("nutrition", IMPORT_DATA)
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Import (or drop) the upload the user saw previewed; only the uploader's own."""
    pending = request.session.pop(PENDING, None)
    if not pending:
        # Nothing of this user's waits: the same answer as any missing object.
        raise Http404
    if request.POST.get("decision") != "import":
        # The upload holds personal data: dropped as soon as the user declines.
        default_storage.delete(pending["stored_name"])
        messages.info(request, _("The import was cancelled; nothing was changed."))
        return redirect("nutrition:imports")
    return _start_import(request, **pending)


def _places(request: HttpRequest) -> list[tuple[str, str]]:
    """What the user may export: their kab/kota, kecamatan and posyandu, as choices."""
    units = list(
        scoped(
            Unit.objects.filter(
                kind=unit_kinds.POSYANDU, region_id__in=live_region_ids("nutrition")
            ).select_related("location", "region"),
            request.user,
            VIEW_REGISTER,
        )
    )
    regions = {u.region.code: u.region.name for u in units}
    districts = {
        ".".join(u.location.code.split(".")[:3]): u.location.code for u in units if u.location
    }
    district_names = dict(
        Wilayah.objects.filter(code__in=list(districts)).values_list("code", "name")
    )
    return [
        ("", str(_("Everything I may see"))),
        *[(f"w{code}", name) for code, name in sorted(regions.items())],
        *[(f"w{code}", f"— {district_names.get(code, code)}") for code in sorted(districts)],
        *[(f"u{u.pk}", f"— — {u.name}") for u in sorted(units, key=lambda u: u.name)],
    ]


class ExportForm(forms.Form):
    """Which measurements to export, for which months, in which format."""

    place = forms.ChoiceField(label=_("Area"), required=False)
    month_from = forms.DateField(
        label=_("From month"),
        widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    month_to = forms.DateField(
        label=_("To month"),
        widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")]
    )

    def __init__(self, *args: Any, places: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["place"]).choices = places

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("month_from"), data.get("month_to")
        if start and end and start > end:
            self.add_error("month_to", _("The last month comes before the first."))
        return data


@module_page("nutrition", VIEW_REGISTER)
def export_page(request: HttpRequest) -> HttpResponse:
    """Export measurements in the e-PPGBM layout as a background job."""
    today = timezone.localdate()
    initial = {
        "month_from": today.replace(month=1, day=1).strftime("%Y-%m"),
        "month_to": today.strftime("%Y-%m"),
    }
    form = ExportForm(request.POST or None, places=_places(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = jobs.start(
            owner=cast(User, request.user),
            kind=EXPORT_KIND,
            task=tasks.export_eppgbm,
            region=getattr(request, "region", None),
            permission=VIEW_REGISTER,
            user_id=request.user.pk,
            place=data["place"],
            month_from=data["month_from"].replace(day=1).isoformat(),
            month_to=data["month_to"].replace(day=1).isoformat(),
            file_format=data["file_format"],
        )
        return redirect("core:job", job_id=job.pk)
    context = {"form": form, "jobs": _recent_jobs(request, EXPORT_KIND)}
    status = 422 if request.method == "POST" else 200
    return render(request, "nutrition/imports/export.html", context, status=status)


urlpatterns = [
    path("impor/", import_page, name="imports"),
    path("impor/konfirmasi/", import_confirm, name="import_confirm"),
    path("ekspor/", export_page, name="export"),
]
