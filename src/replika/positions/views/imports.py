"""The import page: a positions or tasks file, imported in the background with progress."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from replika.core import jobs
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest
from replika.core.importing import FileRefused, check_file, size_text
from replika.core.uploads import display_name
from replika.positions import importers, tasks
from replika.positions.permissions import MANAGE_STRUCTURE

IMPORT_KIND = "positions.import"


class ImportForm(forms.Form):
    """A positions or tasks file (xlsx or CSV)."""

    kind = forms.ChoiceField(label=_("The file holds"), choices=importers.KINDS)
    file = forms.FileField(
        label=_("File (.xlsx or .csv, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        """Refuse anything that is not a small xlsx or CSV, by its content and its name."""
        upload = self.cleaned_data["file"]
        limits = importers.FILE_LIMITS
        if upload.size > limits.max_bytes:
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


@module_page("positions", MANAGE_STRUCTURE)
def import_page(request: AuthedHttpRequest) -> HttpResponse:
    """Upload a file; the import runs as the uploader, for the agencies they may manage."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name = default_storage.save(
            f"imports/{uuid.uuid4().hex}.{form.file_type}", ContentFile(form.content)
        )
        job = jobs.start(
            owner=request.user,
            kind=IMPORT_KIND,
            task=tasks.import_positions,
            region=request.region,
            permission=MANAGE_STRUCTURE,
            user_id=request.user.pk,
            rows_kind=form.cleaned_data["kind"],
            stored_name=name,
            file_name=form.display_name,
        )
        return redirect("core:job", job_id=job.pk)
    columns = {kind: [c.name for c in spec.columns] for kind, spec in importers.SPECS.items()}
    status = 422 if request.method == "POST" else 200
    return render(
        request, "positions/import.html", {"form": form, "columns": columns}, status=status
    )


urlpatterns = [path("impor/", import_page, name="imports")]
