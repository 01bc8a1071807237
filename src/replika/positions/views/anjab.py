"""Pages of one position: its Anjab and ABK, the editor, tasks, the workflow, prints."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, flash_refusal, form_page, saved
from replika.positions import exports
from replika.positions.blocks import BLOCK_LABELS, labels, shaped
from replika.positions.forms import AnjabForm, ReviewForm, TaskForm
from replika.positions.models import Status
from replika.positions.permissions import (
    DRAFT_ANJAB,
    MANAGE_STRUCTURE,
    PUBLISH_LIBRARY,
    VERIFY_ANJAB,
    VIEW_POSITIONS,
)
from replika.positions.rules.blocks import EDITABLE, block_text
from replika.positions.selectors import structure as sel
from replika.positions.services import anjab as anjab_services
from replika.positions.services import library as library_services
from replika.positions.services import workflow
from replika.positions.settings_schema import settings_for


def _may(request: AuthedHttpRequest, perm: str, position: Any) -> bool:
    return sel.holds_on_opd(request.user, position.opd_id, perm)


def _blocks(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's blocks with their labels and shapes, for the page and the print."""
    return shaped(document)


@module_page("positions", VIEW_POSITIONS)
def position(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A position: its Anjab blocks, tasks with the ABK, versions and what may be done."""
    p = sel.position_for(request.user, pk, VIEW_POSITIONS)
    versions = list(sel.versions_of(p))
    settings = settings_for(p.region)
    context = {
        "p": p,
        "blocks": _blocks(workflow.document_of(p)),
        "tasks": sel.tasks_of(p),
        "versions": versions,
        "returned": [
            (BLOCK_LABELS.get(code, code), text) for code, text in versions[0].comments.items()
        ]
        if versions and versions[0].decision == Status.RETURNED
        else None,
        "migration": sel.migration_of(p, settings.nomenclature_target),
        "effective_minutes": settings.effective_minutes,
        "editable": p.status != Status.SUBMITTED,
        "may_draft": _may(request, DRAFT_ANJAB, p),
        "may_manage": _may(request, MANAGE_STRUCTURE, p),
        "may_verify": _may(request, VERIFY_ANJAB, p) and p.status == Status.SUBMITTED,
        "may_evaluate": _may(request, VERIFY_ANJAB, p),
        "may_publish": _may(request, PUBLISH_LIBRARY, p) and p.verified_version is not None,
        "may_submit": p.status in (Status.DRAFT, Status.RETURNED),
    }
    return render(request, "positions/position.html", context)


@module_page("positions", DRAFT_ANJAB)
def anjab_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Edit the information blocks of the Anjab."""
    p = sel.position_for(request.user, pk, DRAFT_ANJAB)
    initial = {code: block_text(shape, cols, p.anjab.get(code)) for code, shape, cols in EDITABLE}
    form = AnjabForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        "positions/form.html",
        save=lambda d: anjab_services.anjab_update(actor=request.user, position=p, blocks=d),
        done=lambda _p: saved(request, _("Anjab saved."), "positions:position", pk=pk),
        context={"title": _("Anjab — %(title)s") % {"title": p.title}, "wide": True},
    )


@module_page("positions", DRAFT_ANJAB)
def task_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Add a task with its output, yearly volume and time norm."""
    p = sel.position_for(request.user, pk, DRAFT_ANJAB)
    form = TaskForm(request.POST or None)
    return form_page(
        request,
        form,
        "positions/form.html",
        save=lambda d: anjab_services.task_add(actor=request.user, position=p, **d),
        done=lambda _t: saved(request, _("Task added."), "positions:position", pk=pk),
        context={"title": _("New task — %(title)s") % {"title": p.title}},
    )


@module_page("positions", DRAFT_ANJAB)
def task_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Change a task."""
    task = sel.task_for(request.user, pk, DRAFT_ANJAB)
    initial = {
        f: getattr(task, f)
        for f in ("description", "output", "output_unit", "volume", "norm_minutes")
    }
    form = TaskForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        "positions/form.html",
        save=lambda d: anjab_services.task_update(actor=request.user, task=task, **d),
        done=lambda t: saved(request, _("Task saved."), "positions:position", pk=t.position_id),
        context={"title": _("Edit task")},
    )


@require_POST
@module_page("positions", DRAFT_ANJAB)
def task_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Remove a task."""
    task = sel.task_for(request.user, pk, DRAFT_ANJAB)
    try:
        p = anjab_services.task_delete(actor=request.user, task=task)
    except ValidationError as exc:
        flash_refusal(request, exc)
        return redirect("positions:position", pk=task.position_id)
    return saved(request, _("Task removed."), "positions:position", pk=p.pk)


@require_POST
@module_page("positions", DRAFT_ANJAB)
def submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Send the Anjab to Bagian Organisasi (422 with the reasons when it is not ready)."""
    p = sel.position_for(request.user, pk, DRAFT_ANJAB)
    try:
        workflow.anjab_submit(actor=request.user, position=p)
    except ValidationError as exc:
        flash_refusal(request, exc)
        return redirect("positions:position", pk=pk)
    return saved(request, _("Submitted for verification."), "positions:position", pk=pk)


@module_page("positions", VERIFY_ANJAB)
def review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Verify the submitted version: approve it, or return it with comments per block."""
    p = sel.position_for(request.user, pk, VERIFY_ANJAB)
    form = ReviewForm(request.POST or None)
    versions = list(sel.versions_of(p))
    diff = sel.version_diff(p, versions[0].number)[1] if versions else None
    return form_page(
        request,
        form,
        "positions/review.html",
        save=lambda d: workflow.anjab_review(
            actor=request.user, position=p, decision=d["decision"], comments=form.comments()
        ),
        done=lambda v: saved(request, _("Decision recorded."), "positions:position", pk=pk),
        context={
            "p": p,
            "diff": diff,
            "blocks": _blocks(workflow.document_of(p)),
            "tasks": sel.tasks_of(p),
        },
    )


@module_page("positions", VIEW_POSITIONS)
def version(request: AuthedHttpRequest, pk: int, number: int) -> HttpResponse:
    """One version with what changed since the one before."""
    p = sel.position_for(request.user, pk, VIEW_POSITIONS)
    found, diff = sel.version_diff(p, number)
    comments = [(BLOCK_LABELS.get(k, k), v) for k, v in found.comments.items()]
    context = {"p": p, "version": found, "diff": diff, "comments": comments, "labels": labels()}
    return render(request, "positions/version.html", context)


@module_page("positions", VIEW_POSITIONS)
def anjab_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The Anjab in the official layout as PDF (rendered locally)."""
    from weasyprint import HTML

    p = sel.position_for(request.user, pk, VIEW_POSITIONS)
    html = render_to_string(
        "positions/anjab_print.html",
        {
            "p": p,
            "blocks": _blocks(workflow.document_of(p)),
            "tasks": sel.tasks_of(p),
            "effective_minutes": settings_for(p.region).effective_minutes,
            "today": timezone.localdate(),
        },
        request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="anjab-{p.pk}.pdf"'
    return response


@module_page("positions", VIEW_POSITIONS)
def anjab_xlsx(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The Anjab and its ABK as a workbook."""
    p = sel.position_for(request.user, pk, VIEW_POSITIONS)
    content = exports.anjab_xlsx(p, workflow.document_of(p), labels())
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="anjab-{p.pk}.xlsx"'
    return response


@require_POST
@module_page("positions", PUBLISH_LIBRARY)
def publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Publish the approved version to the province library."""
    p = sel.position_for(request.user, pk, PUBLISH_LIBRARY)
    try:
        entry = library_services.library_publish(actor=request.user, position=p)
    except ValidationError as exc:
        flash_refusal(request, exc)
        return redirect("positions:position", pk=pk)
    return saved(request, _("Published to the library."), "positions:library_entry", pk=entry.pk)


urlpatterns = [
    path("<int:pk>/", position, name="position"),
    path("<int:pk>/anjab/", anjab_edit, name="anjab_edit"),
    path("<int:pk>/tugas/baru/", task_new, name="task_new"),
    path("tugas/<int:pk>/ubah/", task_edit, name="task_edit"),
    path("tugas/<int:pk>/hapus/", task_delete, name="task_delete"),
    path("<int:pk>/ajukan/", submit, name="submit"),
    path("<int:pk>/verifikasi/", review, name="review"),
    path("<int:pk>/versi/<int:number>/", version, name="version"),
    path("<int:pk>/pdf/", anjab_pdf, name="anjab_pdf"),
    path("<int:pk>/xlsx/", anjab_xlsx, name="anjab_xlsx"),
    path("<int:pk>/terbitkan/", publish, name="publish"),
]
