"""The evaluator's queue and scoring form, and the panel's presentation form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from replika.competition import selectors, services
from replika.competition.forms import PanelScoreForm, ScoreForm
from replika.competition.models import Assignment, CallStage, Proposal
from replika.competition.module import SCORE_PRESENTATION, SCORE_PROPOSAL
from replika.competition.views.common import require_any
from replika.core.access import get_for_user, has_any
from replika.core.http import AuthedHttpRequest, form_page, saved


@login_required
def queue(request: AuthedHttpRequest) -> HttpResponse:
    """The evaluator's assigned proposals and the panelist's presentations."""
    require_any(request, SCORE_PROPOSAL, SCORE_PRESENTATION)
    return render(
        request,
        "competition/queue.html",
        {
            "assignments": selectors.evaluator_queue(user=request.user),
            "presentations": selectors.panel_queue(user=request.user),
            # Where each running call stands, so an empty queue says when work will come.
            "running_calls": selectors.call_list(user=request.user).exclude(
                stage=CallStage.WINNERS
            ),
            "is_panelist": has_any(request.user, SCORE_PRESENTATION),
            "is_evaluator": has_any(request.user, SCORE_PROPOSAL),
        },
    )


@login_required
def score(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The evaluator scores each criterion of one assigned proposal."""
    assignment = get_for_user(
        Assignment.objects.filter(evaluator=request.user).select_related(
            "proposal", "proposal__call", "proposal__region"
        ),
        request.user,
        pk,
        SCORE_PROPOSAL,
    )
    proposal = assignment.proposal
    initial: dict[str, Any] = {}
    for code, score_row in selectors.scores_of(assignment).items():
        initial[f"score_{code}"] = score_row.value
        initial[f"comment_{code}"] = score_row.comment
    form = ScoreForm(request.POST or None, initial=initial)
    rows = [
        {
            "label": label,
            "weight": weight,
            "text": proposal.sections.get(code, ""),
            "score": form[f"score_{code}"],
            "comment": form[f"comment_{code}"],
        }
        for code, label, weight in proposal.call.criteria()
    ]
    return form_page(
        request,
        form,
        "competition/score_form.html",
        save=lambda _data: services.scores_submit(
            actor=request.user,
            assignment=assignment,
            scores=form.scores(),
            comments=form.comments(),
        ),
        done=lambda _s: saved(request, _("Your scores were saved."), "competition:queue"),
        context={
            "a": assignment,
            "p": proposal,
            "rows": rows,
            "open": proposal.call.stage == CallStage.EVALUATION,
            "not_yet": not selectors.stage_reached(proposal.call, CallStage.EVALUATION),
            "peers": selectors.peer_scores(assignment=assignment),
        },
    )


@login_required
def panel_score(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A panelist scores a top-N proposal's presentation, with a note for the results."""
    proposal = get_for_user(
        Proposal.objects.filter(shortlisted=True, call__stage=CallStage.PRESENTATION),
        request.user,
        pk,
        SCORE_PRESENTATION,
    )
    return form_page(
        request,
        PanelScoreForm(request.POST or None),
        "competition/panel_form.html",
        save=lambda data: services.panel_score_submit(
            actor=request.user, proposal=proposal, **data
        ),
        done=lambda _s: saved(request, _("The presentation score was saved."), "competition:queue"),
        context={"p": proposal},
    )
