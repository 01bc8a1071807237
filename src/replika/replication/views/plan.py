"""Lifecycle, action plan and mentoring pages of a commitment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core.access import get_for_user
from replika.core.forms import add_service_errors as _errors_to_form
from replika.replication import services
from replika.replication.forms import (
    CommentForm,
    EvidenceForm,
    MentoringForm,
    MilestoneForm,
    TransitionForm,
)
from replika.replication.models import (
    Commitment,
    Milestone,
    MilestoneEvidence,
    StageChange,
)
from replika.replication.permissions import CHANGE_COMMITMENT, LOG_MENTORING, VIEW_COMMITMENT


def _commitment(request: HttpRequest, pk: int, perm: str) -> Commitment:
    return get_for_user(
        Commitment.objects.select_related("region", "innovation"), request.user, pk, perm
    )


def _milestone(request: HttpRequest, pk: int, perm: str) -> Milestone:
    return get_for_user(
        Milestone.objects.select_related("commitment__region", "commitment__innovation"),
        request.user,
        pk,
        perm,
    )


@login_required
@require_POST
def commitment_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the commitment to another stage, with a note and evidence."""
    commitment = _commitment(request, pk, CHANGE_COMMITMENT)
    form = TransitionForm(request.POST, request.FILES, commitment=commitment)
    if form.is_valid():
        try:
            services.commitment_transition(
                actor=request.user, commitment=commitment, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The stage was changed."))
            return redirect("replication:commitment", pk=commitment.pk)
    return render(
        request, "replication/transition_form.html", {"c": commitment, "form": form}, status=422
    )


@login_required
def milestone_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a milestone to the action plan."""
    commitment = _commitment(request, pk, CHANGE_COMMITMENT)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.milestone_create(
                actor=request.user,
                commitment=commitment,
                title=data["title"],
                owner=data["owner"],
                due_on=data["due_on"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            return redirect("replication:commitment", pk=commitment.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "replication/milestone_form.html", {"c": commitment, "form": form}, status=status
    )


@login_required
def milestone_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A milestone: edit (region), evidence, comments (anyone who may read it)."""
    milestone = _milestone(request, pk, VIEW_COMMITMENT)
    can_edit = _may(request, pk, CHANGE_COMMITMENT)
    initial = {
        "title": milestone.title,
        "owner": milestone.owner,
        "due_on": milestone.due_on,
        "status": milestone.status,
    }
    form = MilestoneForm(request.POST or None, initial=initial, prefix="m")
    if request.method == "POST" and "m-title" in request.POST:
        if not can_edit:
            raise Http404
        if form.is_valid():
            try:
                services.milestone_update(
                    actor=request.user, milestone=milestone, **form.cleaned_data
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("The milestone was saved."))
                return redirect("replication:milestone", pk=milestone.pk)
    return _milestone_page(
        request,
        milestone,
        form=form,
        can_edit=can_edit,
        status=422 if request.method == "POST" else 200,
    )


def _milestone_page(
    request: HttpRequest,
    milestone: Milestone,
    *,
    form: MilestoneForm,
    can_edit: bool,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "replication/milestone_detail.html",
        {
            "m": milestone,
            "form": form,
            "can_edit": can_edit,
            "evidence_form": EvidenceForm(),
            "comment_form": comment_form or CommentForm(),
            "evidence": milestone.evidence.select_related("uploaded_by"),
            "comments": milestone.comments.select_related("author"),
        },
        status=status,
    )


def _may(request: HttpRequest, pk: int, perm: str) -> bool:
    try:
        _milestone(request, pk, perm)
    except Http404:
        return False
    return True


@login_required
@require_POST
def milestone_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload evidence for a milestone (checked type and size)."""
    milestone = _milestone(request, pk, CHANGE_COMMITMENT)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.milestone_evidence_add(
                actor=request.user, milestone=milestone, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The evidence was uploaded."))
            return redirect("replication:milestone", pk=milestone.pk)
    return render(
        request, "replication/evidence_form.html", {"m": milestone, "form": form}, status=422
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Download one evidence file, for whoever may read its milestone."""
    evidence = get_for_user(MilestoneEvidence, request.user, pk, VIEW_COMMITMENT)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )


@login_required
def stage_evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Download the evidence of a stage change."""
    change = get_for_user(StageChange, request.user, pk, VIEW_COMMITMENT)
    if not change.evidence:
        raise Http404
    return FileResponse(
        change.evidence.open("rb"), as_attachment=True, filename=change.evidence_name or "evidence"
    )


@login_required
@require_POST
def milestone_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on a milestone (region, mentors and the province)."""
    milestone = _milestone(request, pk, VIEW_COMMITMENT)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_comment_add(
                actor=request.user, milestone=milestone, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            return redirect("replication:milestone", pk=milestone.pk)
    # Bad input answers 422 with the error on the comment field and the text kept.
    initial = {
        "title": milestone.title,
        "owner": milestone.owner,
        "due_on": milestone.due_on,
        "status": milestone.status,
    }
    return _milestone_page(
        request,
        milestone,
        form=MilestoneForm(initial=initial, prefix="m"),
        can_edit=_may(request, pk, CHANGE_COMMITMENT),
        comment_form=form,
        status=422,
    )


@login_required
def mentoring_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a mentoring session; agreed follow-ups become milestones."""
    commitment = _commitment(request, pk, LOG_MENTORING)
    form = MentoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentoring_log(actor=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The mentoring session was recorded."))
            return redirect("replication:commitment", pk=commitment.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "replication/mentoring_form.html", {"c": commitment, "form": form}, status=status
    )
