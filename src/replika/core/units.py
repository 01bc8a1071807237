"""Pages where region administrators manage their facilities and onboard them in bulk."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core import jobs, onboarding, selectors, services
from replika.core.access import get_for_user, has_any
from replika.core.forms import ImportFileForm, UnitForm
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.core.importing import FileRefused, ImportFailed, ImportResult, ImportSpec, bad_rows_csv
from replika.core.models import Job, Unit, Wilayah
from replika.core.roles import MANAGE_UNITS
from replika.core.unit_kinds import unit_kind_choices


def _guard(request: AuthedHttpRequest) -> None:
    if not has_any(request.user, MANAGE_UNITS):
        raise Http404


def _form(request: AuthedHttpRequest, unit: Unit | None = None) -> UnitForm:
    user = request.user
    initial: dict[str, Any] = {}
    if unit is not None:
        initial = {
            "name": unit.name,
            "code": unit.code,
            "location": unit.location.code if unit.location else None,
            "parent": unit.parent_id,
        }
    parents = selectors.units_managed(user=user, active=True)
    if unit is not None:
        parents = parents.filter(region=unit.region).exclude(path__startswith=unit.path)
    return UnitForm(
        request.POST or None,
        initial=initial,
        kinds=unit_kind_choices(),
        regions=selectors.unit_regions(user=user),
        places=selectors.unit_places(user=user),
        units=parents,
        editing=unit is not None,
    )


@login_required
def unit_list(request: AuthedHttpRequest) -> HttpResponse:
    """The facilities of the regions the user manages: search, filter by kind and kecamatan."""
    _guard(request)
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("jenis", "")
    kecamatan = request.GET.get("kecamatan", "")
    status = request.GET.get("status", "")
    active = {"aktif": True, "nonaktif": False}.get(status)
    units = selectors.units_managed(
        user=request.user, q=query, kind=kind, kecamatan=kecamatan, active=active
    )
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/units.html",
        {
            "page": page,
            "q": query,
            "kind": kind,
            "kecamatan": kecamatan,
            "status": status,
            "kinds": unit_kind_choices(),
            "kecamatans": selectors.unit_places(user=request.user, level=Wilayah.DISTRICT),
        },
    )


def _create(request: AuthedHttpRequest, data: dict[str, Any]) -> Unit:
    return services.unit_create(actor=request.user, **data)


@login_required
def unit_new(request: AuthedHttpRequest) -> HttpResponse:
    """Add a facility in a regency or city the user manages."""
    _guard(request)
    return form_page(
        request,
        _form(request),
        "core/unit_form.html",
        save=lambda data: _create(request, data),
        done=lambda unit: saved(request, _("The facility was added."), "core:units"),
        context={"unit": None},
    )


@login_required
def unit_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Change a facility's name, code, place or parent."""
    _guard(request)
    unit = get_for_user(Unit, request.user, pk, MANAGE_UNITS)
    return form_page(
        request,
        _form(request, unit),
        "core/unit_form.html",
        save=lambda data: services.unit_update(actor=request.user, unit=unit, **data),
        done=lambda _unit: saved(request, _("The facility was saved."), "core:units"),
        context={"unit": unit},
    )


def _set_active(request: AuthedHttpRequest, pk: int, *, active: bool) -> HttpResponse:
    unit = get_for_user(Unit, request.user, pk, MANAGE_UNITS)
    services.unit_set_active(actor=request.user, unit=unit, active=active)
    if active:
        return saved(request, _("The facility is active again."), "core:units")
    return saved(
        request,
        _("The facility was deactivated: its records and roles stay, it takes no new work."),
        "core:units",
    )


@login_required
@require_POST
def unit_deactivate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Deactivate a facility (nothing is deleted)."""
    return _set_active(request, pk, active=False)


@login_required
@require_POST
def unit_activate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Reopen a deactivated facility."""
    return _set_active(request, pk, active=True)


# --- bulk imports -------------------------------------------------------------------------------


def aliases(spec: ImportSpec) -> list[tuple[str, tuple[str, ...], bool]]:
    """(column, other accepted names, required) of an import, for the page."""
    return [(c.aliases[0], c.aliases[1:], c.required) for c in spec.columns]


def run_upload(
    request: AuthedHttpRequest,
    form: ImportFileForm,
    *,
    kind: str,
    permission: str,
    run: Any,
) -> tuple[ImportResult | None, Any, Job | None]:
    """Run an uploaded file's import now, as the user; the bad rows go to a job's file.

    Answers (result, what ``run`` returned, the job); a refused file puts its reason on the
    form and answers (None, None, None).
    """
    upload = form.cleaned_data["file"]
    job = services.job_create(owner=request.user, kind=kind)
    Job.objects.filter(pk=job.pk).update(permission=permission)
    try:
        outcome = run(actor=request.user, file_name=upload.name, content=upload.read(), job=job)
    except FileRefused as refused:
        services.job_finish(job_id=job.pk, result={}, failed=True, message=str(refused))
        form.add_error("file", str(refused))
        return None, None, None
    except ImportFailed as failed:
        services.job_finish(
            job_id=job.pk, result=failed.result.counts(), failed=True, message=_("Import stopped.")
        )
        form.add_error("file", _("The import stopped half-way; the rows before it were kept."))
        return None, None, None
    result = outcome if isinstance(outcome, ImportResult) else outcome.result
    counts: dict[str, Any] = result.counts()
    if result.problems:
        counts["file"] = jobs.save_output(
            job_id=job.pk,
            filename="baris-bermasalah.csv",
            content=bad_rows_csv(result.problems, result.headers),
        )
    message = _("%(written)s rows stored, %(unchanged)s unchanged, %(bad)s refused.") % {
        "written": result.written,
        "unchanged": result.unchanged,
        "bad": result.refused,
    }
    services.job_finish(job_id=job.pk, result=counts, message=message)
    return result, outcome, Job.objects.get(pk=job.pk)


@login_required
def unit_import(request: AuthedHttpRequest) -> HttpResponse:
    """Import facilities from a CSV or Excel file."""
    _guard(request)
    form = ImportFileForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {
        "columns": aliases(onboarding.FACILITY_SPEC),
        "kinds": unit_kind_choices(),
    }
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            result, _outcome, job = run_upload(
                request,
                form,
                kind="core.facilities",
                permission=MANAGE_UNITS,
                run=onboarding.import_facilities,
            )
            if result is not None:
                status = 200
                context.update(result=result, job=job)
    return render(request, "core/unit_import.html", {"form": form, **context}, status=status)
