"""Call pages: the list, the organiser's forms, stage controls and evaluator assignment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.competition import selectors, services
from replika.competition.forms import AssignForm, CallForm, EvaluatorForm
from replika.competition.models import Assignment, Call, CallStage, Evaluator, ProposalStatus
from replika.competition.module import (
    ANY_COMPETITION,
    CHANGE_PROPOSAL,
    MANAGE_CALL,
    SCORE_PRESENTATION,
    SCORE_PROPOSAL,
)
from replika.competition.rules import TIE_BREAK_RULE
from replika.competition.views.common import (
    call_for,
    require_any,
    require_organiser,
    valid_data,
)
from replika.core.access import has_any, regions_for, scoped
from replika.core.http import AuthedHttpRequest, flash_refusal, form_page, saved


@login_required
def call_list(request: AuthedHttpRequest) -> HttpResponse:
    """The calls the user may see."""
    require_any(request, *ANY_COMPETITION)
    return render(
        request,
        "competition/call_list.html",
        {
            "calls": selectors.call_list(user=request.user),
            "is_organiser": has_any(request.user, MANAGE_CALL),
            "is_evaluator": has_any(request.user, SCORE_PROPOSAL)
            or has_any(request.user, SCORE_PRESENTATION),
        },
    )


@login_required
def call_new(request: AuthedHttpRequest) -> HttpResponse:
    """The organiser opens a call, with the KIPP 2023 weights filled in."""
    require_organiser(request)
    form = CallForm(request.POST or None, initial={"groups": ["umum", "replikasi", "khusus"]})
    return form_page(
        request,
        form,
        "competition/call_form.html",
        save=lambda _data: services.call_create(actor=request.user, **form.to_service()),
        done=lambda call: to_call(request, _("The call was created."), call),
        context={"call": None},
    )


@login_required
def call_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The organiser changes a call's facts, deadlines and weights."""
    require_organiser(request)
    call = call_for(request, pk)
    form = CallForm(request.POST or None, initial=CallForm.initial_for(call))
    return form_page(
        request,
        form,
        "competition/call_form.html",
        save=lambda _data: services.call_update(actor=request.user, call=call, **form.to_service()),
        done=lambda _c: to_call(request, _("The call was saved."), call),
        context={"call": call},
    )


def to_call(request: HttpRequest, message: str, call: Call) -> HttpResponse:
    """Say ``message`` on the call's page."""
    return saved(request, message, "competition:call", pk=call.pk)


def _assignments(request: HttpRequest, call: Call) -> QuerySet[Assignment]:
    """The call's assignments, for the organiser."""
    return scoped(
        Assignment.objects.filter(proposal__call=call).select_related("evaluator", "proposal"),
        request.user,
        MANAGE_CALL,
    )


@login_required
def call_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A call: its stages and rules; the organiser's controls; the region's proposals."""
    require_any(request, *ANY_COMPETITION)
    call = call_for(request, pk)
    is_organiser = has_any(request.user, MANAGE_CALL)
    proposals = selectors.proposals_of_call(user=request.user, call=call)
    context: dict[str, Any] = {
        "call": call,
        "criteria": call.criteria(),
        "tie_break": TIE_BREAK_RULE,
        "stages": [(value, label, i) for i, (value, label) in enumerate(CallStage.choices)],
        "stage_index": call.stage_index(),
        "proposals": proposals,
        "is_organiser": is_organiser,
        # An evaluator sees their own assignments here (not the regions' proposal list).
        "my_assignments": selectors.evaluator_queue(user=request.user).filter(proposal__call=call),
        "can_propose": call.stage == CallStage.PROPOSAL
        and regions_for(request.user, CHANGE_PROPOSAL).exists(),
    }
    if is_organiser:
        eligible = proposals.filter(status=ProposalStatus.SUBMITTED)
        context.update(
            {
                "ranking": selectors.ranking(call),
                "assignments": _assignments(request, call),
                "assign_form": AssignForm(
                    proposals=eligible, evaluators=selectors.evaluator_users()
                ),
                "can_assign": call.stage in (CallStage.ADMIN_CHECK, CallStage.EVALUATION),
            }
        )
    return render(request, "competition/call_detail.html", context)


@login_required
def call_advance(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The organiser moves the call to its next stage, after seeing what that will do.

    GET shows the consequences, the failed preconditions and the risks; the POST goes
    through only with the confirmation (and the risks accepted when there are some).
    """
    require_organiser(request)
    call = call_for(request, pk)
    preview = services.advance_preview(call)
    status = 200
    problem = ""
    if request.method == "POST":
        confirmed = request.POST.get("confirm") == "yes"
        accepted = request.POST.get("accept_warnings") == "yes"
        if not confirmed:
            problem, status = _("Confirm the move to the next stage."), 400
        elif preview.warnings and not accepted:
            problem, status = _("Tick that you accept the risks listed below."), 400
        else:
            try:
                services.call_advance(actor=request.user, call=call, accept_warnings=accepted)
            except ValidationError as exc:
                flash_refusal(request, exc)
                return redirect("competition:call_advance", pk=call.pk)
            messages.success(request, _("The call is now at: %s.") % call.get_stage_display())
            return redirect("competition:call", pk=call.pk)
    context = {
        "call": call,
        "preview": preview,
        "target_label": dict(CallStage.choices).get(preview.target or "", ""),
        "problem": problem,
    }
    return render(request, "competition/call_advance.html", context, status=status)


@login_required
@require_POST
def call_assign(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The organiser assigns one evaluator, or lets the system assign three per proposal."""
    require_organiser(request)
    call = call_for(request, pk)
    try:
        if request.POST.get("auto"):
            plan = services.auto_assignment_plan(call=call)
            if request.POST.get("confirm") != "yes":
                # First the plan: who goes where, and which proposals fall short and why.
                context = {"call": call, "plan": plan, "short": [r for r in plan if r.short]}
                return render(request, "competition/assign_plan.html", context)
            count = services.assignments_auto(actor=request.user, call=call)
            messages.success(request, _("%d assignments were made.") % count)
            short = [r for r in plan if r.short]
            if short:
                messages.warning(
                    request,
                    _("Fewer than three evaluators for: %s.")
                    % ", ".join(f"{r.proposal.title} ({r.total})" for r in short),
                )
        else:
            form = AssignForm(
                request.POST,
                proposals=selectors.proposals_of_call(user=request.user, call=call),
                evaluators=selectors.evaluator_users(),
            )
            services.assignment_create(actor=request.user, **valid_data(form))
            messages.success(request, _("The evaluator was assigned."))
    except ValidationError as exc:
        flash_refusal(request, exc)
    return redirect("competition:call", pk=call.pk)


@login_required
def evaluators(request: AuthedHttpRequest) -> HttpResponse:
    """The organiser appoints evaluators and records the region each comes from."""
    require_organiser(request)
    return form_page(
        request,
        EvaluatorForm(request.POST or None, regions=selectors.region_choices()),
        "competition/evaluators.html",
        save=lambda data: _appoint(request, data),
        done=lambda _e: saved(request, _("The evaluator was appointed."), "competition:evaluators"),
        context={"evaluators": selectors.evaluator_records()},
    )


def _appoint(request: AuthedHttpRequest, data: dict[str, Any]) -> Evaluator:
    """Appoint the account named in the form, refused when no account has that name."""
    user = selectors.user_by_username(data["username"])
    if user is None:
        raise ValidationError({"username": _("No account has this username.")})
    return services.evaluator_register(
        actor=request.user,
        user=user,
        home_region=data["home_region"],
        institution=data["institution"],
    )
