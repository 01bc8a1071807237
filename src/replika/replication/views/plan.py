"""Lifecycle, action plan and mentoring pages of a commitment."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core.access import get_for_user
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.replication import services
from replika.replication.forms import (
    CommentForm,
    EvidenceForm,
    MentoringForm,
    MilestoneForm,
    TransitionForm,
)
from replika.replication.models import (
    Milestone,
    MilestoneEvidence,
    StageChange,
)
from replika.replication.permissions import CHANGE_COMMITMENT, LOG_MENTORING, VIEW_COMMITMENT
from replika.replication.views.common import commitment_for, commitment_form_page


def _milestone(request: HttpRequest, pk: int, perm: str) -> Milestone:
    return get_for_user(
        Milestone.objects.select_related("commitment__region", "commitment__innovation"),
        request.user,
        pk,
        perm,
    )


@login_required
@require_POST
def commitment_transition(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Move the commitment to another stage, with a note and evidence."""
    commitment = commitment_for(request, pk, CHANGE_COMMITMENT)
    return commitment_form_page(
        request,
        commitment,
        TransitionForm(request.POST, request.FILES, commitment=commitment),
        "replication/transition_form.html",
        service=services.commitment_transition,
        message=_("The stage was changed."),
    )


@login_required
def milestone_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Add a milestone to the action plan."""
    commitment = commitment_for(request, pk, CHANGE_COMMITMENT)
    return form_page(
        request,
        MilestoneForm(request.POST or None),
        "replication/milestone_form.html",
        save=lambda data: services.milestone_create(
            actor=request.user,
            commitment=commitment,
            title=data["title"],
            owner=data["owner"],
            due_on=data["due_on"],
        ),
        done=lambda _m: redirect("replication:commitment", pk=commitment.pk),
        context={"c": commitment},
    )


@login_required
def milestone_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A milestone: edit (region), evidence, comments (anyone who may read it)."""
    milestone = _milestone(request, pk, VIEW_COMMITMENT)
    can_edit = _may(request, pk, CHANGE_COMMITMENT)
    editing = request.method == "POST" and "m-title" in request.POST
    if editing and not can_edit:
        raise Http404
    return form_page(
        request,
        _milestone_form(milestone, request.POST if editing else None),
        "replication/milestone_detail.html",
        save=lambda data: services.milestone_update(
            actor=request.user, milestone=milestone, **data
        ),
        done=lambda _m: saved(
            request, _("The milestone was saved."), "replication:milestone", pk=milestone.pk
        ),
        context=_milestone_context(milestone, can_edit=can_edit),
    )


def _milestone_form(milestone: Milestone, data: Any = None) -> MilestoneForm:
    """The milestone's edit form, filled with its facts."""
    initial = {
        "title": milestone.title,
        "owner": milestone.owner,
        "due_on": milestone.due_on,
        "status": milestone.status,
    }
    return MilestoneForm(data, initial=initial, prefix="m")


def _milestone_context(milestone: Milestone, *, can_edit: bool) -> dict[str, Any]:
    """What the milestone page shows besides the form being sent."""
    return {
        "m": milestone,
        "can_edit": can_edit,
        "evidence_form": EvidenceForm(),
        "comment_form": CommentForm(),
        "evidence": milestone.evidence.select_related("uploaded_by"),
        "comments": milestone.comments.select_related("author"),
    }


def _may(request: HttpRequest, pk: int, perm: str) -> bool:
    try:
        _milestone(request, pk, perm)
    except Http404:
        return False
    return True


@login_required
@require_POST
def milestone_evidence(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Upload evidence for a milestone (checked type and size)."""
    milestone = _milestone(request, pk, CHANGE_COMMITMENT)
    return form_page(
        request,
        EvidenceForm(request.POST, request.FILES),
        "replication/evidence_form.html",
        save=lambda data: services.milestone_evidence_add(
            actor=request.user, milestone=milestone, upload=data["file"]
        ),
        done=lambda _e: saved(
            request, _("The evidence was uploaded."), "replication:milestone", pk=milestone.pk
        ),
        context={"m": milestone},
    )


@login_required
def evidence_download(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """Download one evidence file, for whoever may read its milestone."""
    evidence = get_for_user(MilestoneEvidence, request.user, pk, VIEW_COMMITMENT)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )


@login_required
def stage_evidence_download(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """Download the evidence of a stage change."""
    change = get_for_user(StageChange, request.user, pk, VIEW_COMMITMENT)
    if not change.evidence:
        raise Http404
    return FileResponse(
        change.evidence.open("rb"), as_attachment=True, filename=change.evidence_name or "evidence"
    )


@login_required
@require_POST
def milestone_comment(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Comment on a milestone (region, mentors and the province)."""
    milestone = _milestone(request, pk, VIEW_COMMITMENT)
    comment_form = CommentForm(request.POST)
    # Bad input answers 422 on the milestone page, with the error on the comment field and
    # the text kept; the page's own "form" stays the (unsent) milestone form.
    context = _milestone_context(milestone, can_edit=_may(request, pk, CHANGE_COMMITMENT))
    context.update(form=_milestone_form(milestone), comment_form=comment_form)
    return form_page(
        request,
        comment_form,
        "replication/milestone_detail.html",
        save=lambda data: services.milestone_comment_add(
            actor=request.user, milestone=milestone, body=data["body"]
        ),
        done=lambda _c: redirect("replication:milestone", pk=milestone.pk),
        context=context,
    )


@login_required
def mentoring_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Log a mentoring session; agreed follow-ups become milestones."""
    commitment = commitment_for(request, pk, LOG_MENTORING)
    return commitment_form_page(
        request,
        commitment,
        MentoringForm(request.POST or None),
        "replication/mentoring_form.html",
        service=services.mentoring_log,
        message=_("The mentoring session was recorded."),
    )
