"""The evaluator's queue and scoring form, and the panel's presentation form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from replika.competition import selectors, services
from replika.competition.forms import PanelScoreForm, ScoreForm
from replika.competition.models import Assignment, CallStage, Proposal
from replika.competition.module import SCORE_PRESENTATION, SCORE_PROPOSAL
from replika.competition.views.common import require_any, status_for
from replika.core.access import get_for_user
from replika.core.forms import add_service_errors as add_errors
from replika.core.views import signed_in


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The evaluator's assigned proposals and the panelist's presentations."""
    require_any(request, SCORE_PROPOSAL, SCORE_PRESENTATION)
    return render(
        request,
        "competition/queue.html",
        {
            "assignments": selectors.evaluator_queue(user=request.user),
            "presentations": selectors.panel_queue(user=request.user),
        },
    )


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluator scores each criterion of one assigned proposal."""
    assignment = get_for_user(
        Assignment.objects.filter(evaluator=signed_in(request)).select_related(
            "proposal", "proposal__call", "proposal__region"
        ),
        request.user,
        pk,
        SCORE_PROPOSAL,
    )
    proposal = assignment.proposal
    existing = selectors.scores_of(assignment)
    initial: dict[str, Any] = {}
    for code, score_row in existing.items():
        initial[f"score_{code}"] = score_row.value
        initial[f"comment_{code}"] = score_row.comment
    form = ScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_submit(
                actor=signed_in(request),
                assignment=assignment,
                scores=form.scores(),
                comments=form.comments(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your scores were saved."))
            return redirect("competition:queue")
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
    return render(
        request,
        "competition/score_form.html",
        {
            "a": assignment,
            "p": proposal,
            "form": form,
            "rows": rows,
            "open": proposal.call.stage == CallStage.EVALUATION,
            "peers": selectors.peer_scores(assignment=assignment),
        },
        status=status_for(request),
    )


@login_required
def panel_score(request: HttpRequest, pk: int) -> HttpResponse:
    """A panelist scores a top-N proposal's presentation, with a note for the results."""
    proposal = get_for_user(
        Proposal.objects.filter(shortlisted=True, call__stage=CallStage.PRESENTATION),
        request.user,
        pk,
        SCORE_PRESENTATION,
    )
    form = PanelScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_score_submit(
                actor=signed_in(request), proposal=proposal, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The presentation score was saved."))
            return redirect("competition:queue")
    return render(
        request,
        "competition/panel_form.html",
        {"p": proposal, "form": form},
        status=status_for(request),
    )
