"""Competition pages: calls, proposals, the evaluator's queue and the public results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.competition import selectors, services
from replika.competition.forms import (
    AssignForm,
    CallForm,
    CheckForm,
    PanelScoreForm,
    ProposalForm,
    ScoreForm,
    UploadForm,
)
from replika.competition.models import (
    Assignment,
    Attachment,
    Call,
    CallStage,
    Proposal,
    ProposalStatus,
)
from replika.competition.module import (
    ANY_COMPETITION,
    CHANGE_PROPOSAL,
    MANAGE_CALL,
    SCORE_PRESENTATION,
    SCORE_PROPOSAL,
)
from replika.competition.rules import CRITERIA, TIE_BREAK_RULE
from replika.core.access import get_for_user, has_any, regions_for, scoped


def _require_any(request: HttpRequest, *perms: str) -> None:
    """404 unless the user holds one of the permissions somewhere."""
    if not any(has_any(request.user, perm) for perm in perms):
        raise Http404


def _require_organiser(request: HttpRequest) -> None:
    _require_any(request, MANAGE_CALL)


def _call(request: HttpRequest, pk: int) -> Call:
    """A call the user may see, else 404."""
    call = selectors.call_list(user=request.user).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    """A proposal the user may read through any of their doors, else 404."""
    for qs, perm in selectors.proposal_doors(user=request.user):
        try:
            return get_for_user(qs, request.user, pk, perm)
        except Http404:
            continue
    raise Http404


def _editable(request: HttpRequest, pk: int) -> Proposal:
    """A proposal the user may change (its region's administrator), else 404."""
    return get_for_user(
        Proposal.objects.select_related("call", "region"), request.user, pk, CHANGE_PROPOSAL
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _form_messages(form: Any) -> list[str]:
    """A small form's errors as sentences for a flash message."""
    return [
        f"{form.fields[field].label}: {error}" if field in form.fields else str(error)
        for field, errors in form.errors.items()
        for error in errors
    ]


def _status(request: HttpRequest) -> int:
    """422 for a form sent back with errors, 200 for a first view."""
    return 422 if request.method == "POST" else 200


@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    """The calls the user may see."""
    _require_any(request, *ANY_COMPETITION)
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
def call_new(request: HttpRequest) -> HttpResponse:
    """The organiser opens a call, with the KIPP 2023 weights filled in."""
    _require_organiser(request)
    form = CallForm(request.POST or None, initial={"groups": ["umum", "replikasi", "khusus"]})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, **form.to_service())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The call was created."))
            return redirect("competition:call", pk=call.pk)
    return render(
        request, "competition/call_form.html", {"form": form, "call": None}, status=_status(request)
    )


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser changes a call's facts, deadlines and weights."""
    _require_organiser(request)
    call = _call(request, pk)
    form = CallForm(request.POST or None, initial=CallForm.initial_for(call))
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(actor=request.user, call=call, **form.to_service())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The call was saved."))
            return redirect("competition:call", pk=call.pk)
    return render(
        request, "competition/call_form.html", {"form": form, "call": call}, status=_status(request)
    )


def _assignments(request: HttpRequest, call: Call) -> QuerySet[Assignment]:
    """The call's assignments, for the organiser."""
    return scoped(
        Assignment.objects.filter(proposal__call=call).select_related("evaluator", "proposal"),
        request.user,
        MANAGE_CALL,
    )


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A call: its stages and rules; the organiser's controls; the region's proposals."""
    _require_any(request, *ANY_COMPETITION)
    call = _call(request, pk)
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
@require_POST
def call_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser moves the call to its next stage."""
    _require_organiser(request)
    call = _call(request, pk)
    try:
        services.call_advance(actor=request.user, call=call)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The call is now at: %s.") % call.get_stage_display())
    return redirect("competition:call", pk=call.pk)


@login_required
@require_POST
def call_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser assigns one evaluator, or lets the system assign three per proposal."""
    _require_organiser(request)
    call = _call(request, pk)
    try:
        if request.POST.get("auto"):
            count = services.assignments_auto(actor=request.user, call=call)
            messages.success(request, _("%d assignments were made.") % count)
        else:
            form = AssignForm(
                request.POST,
                proposals=selectors.proposals_of_call(user=request.user, call=call),
                evaluators=selectors.evaluator_users(),
            )
            if not form.is_valid():
                raise ValidationError(_form_messages(form))
            services.assignment_create(actor=request.user, **form.cleaned_data)
            messages.success(request, _("The evaluator was assigned."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("competition:call", pk=call.pk)


@login_required
def proposal_new(request: HttpRequest, call_pk: int) -> HttpResponse:
    """A region administrator drafts the region's proposal."""
    call = _call(request, call_pk)
    regions = regions_for(request.user, CHANGE_PROPOSAL)
    if not regions.exists():
        raise Http404
    form = ProposalForm(request.POST or None, call=call)
    region_code = request.POST.get("region") or (regions.first().code if regions else "")
    if request.method == "POST" and form.is_valid():
        region = regions.filter(code=region_code).first()
        try:
            if region is None:
                raise ValidationError({"region": _("Choose one of your regions.")})
            proposal = services.proposal_create(
                actor=request.user, call=call, region=region, **form.to_service()
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("competition:proposal", pk=proposal.pk)
    return render(
        request,
        "competition/proposal_form.html",
        {"form": form, "call": call, "proposal": None, "regions": regions, "region": region_code},
        status=_status(request),
    )


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The region administrator edits the proposal until the deadline."""
    proposal = _editable(request, pk)
    initial = {
        "title": proposal.title,
        "unit_name": proposal.unit_name,
        "group": proposal.group,
        "video_url": proposal.video_url,
        **{f"section_{code}": proposal.sections.get(code, "") for code, _label in CRITERIA},
    }
    form = ProposalForm(request.POST or None, call=proposal.call, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(actor=request.user, proposal=proposal, **form.to_service())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The proposal was saved."))
            return redirect("competition:proposal", pk=proposal.pk)
    return render(
        request,
        "competition/proposal_form.html",
        {"form": form, "call": proposal.call, "proposal": proposal},
        status=_status(request),
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal, for its region, the organiser and its assigned evaluators."""
    proposal = _proposal(request, pk)
    call = proposal.call
    can_edit = has_any(request.user, CHANGE_PROPOSAL) and _may_change(request, proposal)
    return render(
        request,
        "competition/proposal_detail.html",
        {
            "p": proposal,
            "call": call,
            "sections": [
                (label, proposal.sections.get(code, "")) for code, label, _w in call.criteria()
            ],
            "attachments": proposal.attachments.all(),
            "can_edit": can_edit and call.stage == CallStage.PROPOSAL,
            "upload_form": UploadForm(),
            "is_organiser": has_any(request.user, MANAGE_CALL),
            "check_form": CheckForm(
                initial={"passed": "1" if proposal.admin_check != "failed" else "0"}
            ),
            "can_check": has_any(request.user, MANAGE_CALL)
            and call.stage == CallStage.ADMIN_CHECK
            and proposal.status == ProposalStatus.SUBMITTED,
        },
    )


def _may_change(request: HttpRequest, proposal: Proposal) -> bool:
    """Whether the user may change this proposal."""
    try:
        _editable(request, proposal.pk)
    except Http404:
        return False
    return True


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand the proposal in."""
    proposal = _editable(request, pk)
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)
    except ValidationError as exc:
        messages.error(request, " ".join(dict.fromkeys(exc.messages)))
    else:
        messages.success(request, _("The proposal was submitted."))
    return redirect("competition:proposal", pk=proposal.pk)


@login_required
@require_POST
def proposal_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a checked PDF or image to the proposal."""
    proposal = _editable(request, pk)
    form = UploadForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_form_messages(form))
        services.attachment_add(actor=request.user, proposal=proposal, upload=form.files["file"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("competition:proposal", pk=proposal.pk)
    messages.success(request, _("The attachment was added."))
    return redirect("competition:proposal", pk=proposal.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment, to whoever may read its proposal."""
    for qs, perm in selectors.proposal_doors(user=request.user):
        try:
            attachment = get_for_user(
                Attachment.objects.filter(proposal__in=qs.values("pk")), request.user, pk, perm
            )
        except Http404:
            continue
        if not default_storage.exists(attachment.file):
            raise Http404
        response = FileResponse(
            default_storage.open(attachment.file, "rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
    raise Http404


@login_required
@require_POST
def proposal_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser records the administrative check."""
    _require_organiser(request)
    proposal = get_for_user(Proposal.objects.select_related("call"), request.user, pk, MANAGE_CALL)
    form = CheckForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_form_messages(form))
        services.proposal_check(actor=request.user, proposal=proposal, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The check was recorded."))
    return redirect("competition:proposal", pk=proposal.pk)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The evaluator's assigned proposals and the panelist's presentations."""
    _require_any(request, SCORE_PROPOSAL, SCORE_PRESENTATION)
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
        Assignment.objects.filter(evaluator=request.user).select_related(
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
                actor=request.user,
                assignment=assignment,
                scores=form.scores(),
                comments=form.comments(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
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
        status=_status(request),
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
            services.panel_score_submit(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The presentation score was saved."))
            return redirect("competition:queue")
    return render(
        request,
        "competition/panel_form.html",
        {"p": proposal, "form": form},
        status=_status(request),
    )


def public_results(request: HttpRequest) -> HttpResponse:
    """Published winners of every call, for everyone (no sign-in)."""
    calls = [(call, selectors.ranking(call)) for call in selectors.published_calls()]
    return render(request, "competition/public_results.html", {"calls": calls})


def public_result(request: HttpRequest, pk: int) -> HttpResponse:
    """One call's published ranking with the panel's notes, for everyone."""
    call = selectors.published_calls().filter(pk=pk).first()
    if call is None:
        raise Http404
    return render(
        request,
        "competition/public_result.html",
        {"call": call, "ranking": selectors.ranking(call), "tie_break": TIE_BREAK_RULE},
    )
