"""Proposal pages: the region's form, the detail, attachments and the administrative check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.competition import selectors, services
from replika.competition.forms import CheckForm, ProposalForm, UploadForm
from replika.competition.models import Attachment, CallStage, Proposal, ProposalStatus
from replika.competition.module import CHANGE_PROPOSAL, MANAGE_CALL
from replika.competition.rules import CRITERIA
from replika.competition.views.common import (
    call_for,
    editable_proposal,
    readable_proposal,
    require_organiser,
    valid_data,
)
from replika.core.access import get_for_user, has_any, regions_for
from replika.core.http import AuthedHttpRequest, flash_refusal, form_page, saved


@login_required
def proposal_new(request: AuthedHttpRequest, call_pk: int) -> HttpResponse:
    """A region administrator drafts the region's proposal."""
    call = call_for(request, call_pk)
    regions = regions_for(request.user, CHANGE_PROPOSAL)
    if not regions.exists():
        raise Http404
    form = ProposalForm(request.POST or None, call=call)
    first = regions.first()
    region_code = request.POST.get("region") or (first.code if first else "")

    def create(_data: dict[str, Any]) -> Proposal:
        region = regions.filter(code=region_code).first()
        if region is None:
            raise ValidationError({"region": _("Choose one of your regions.")})
        return services.proposal_create(
            actor=request.user, call=call, region=region, **form.to_service()
        )

    return form_page(
        request,
        form,
        "competition/proposal_form.html",
        save=create,
        done=lambda proposal: to_proposal(request, _("The draft was saved."), proposal),
        context={"call": call, "proposal": None, "regions": regions, "region": region_code},
    )


@login_required
def proposal_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The region administrator edits the proposal until the deadline."""
    proposal = editable_proposal(request, pk)
    initial = {
        "title": proposal.title,
        "unit_name": proposal.unit_name,
        "group": proposal.group,
        "video_url": proposal.video_url,
        **{f"section_{code}": proposal.sections.get(code, "") for code, _label in CRITERIA},
    }
    form = ProposalForm(request.POST or None, call=proposal.call, initial=initial)
    return form_page(
        request,
        form,
        "competition/proposal_form.html",
        save=lambda _data: services.proposal_update(
            actor=request.user, proposal=proposal, **form.to_service()
        ),
        done=lambda _p: to_proposal(request, _("The proposal was saved."), proposal),
        context={"call": proposal.call, "proposal": proposal},
    )


def to_proposal(request: HttpRequest, message: str, proposal: Proposal) -> HttpResponse:
    """Say ``message`` on the proposal's page."""
    return saved(request, message, "competition:proposal", pk=proposal.pk)


@login_required
def proposal_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A proposal, for its region, the organiser and its assigned evaluators."""
    proposal = readable_proposal(request, pk)
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
        editable_proposal(request, proposal.pk)
    except Http404:
        return False
    return True


@login_required
@require_POST
def proposal_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Hand the proposal in."""
    proposal = editable_proposal(request, pk)
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)
    except ValidationError as exc:
        messages.error(request, " ".join(dict.fromkeys(exc.messages)))
    else:
        messages.success(request, _("The proposal was submitted."))
    return redirect("competition:proposal", pk=proposal.pk)


@login_required
@require_POST
def proposal_upload(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Attach a checked PDF or image to the proposal."""
    proposal = editable_proposal(request, pk)
    form = UploadForm(request.POST, request.FILES)
    try:
        upload = valid_data(form)["file"]
        services.attachment_add(actor=request.user, proposal=proposal, upload=upload)
    except ValidationError as exc:
        flash_refusal(request, exc)
        return redirect("competition:proposal", pk=proposal.pk)
    return to_proposal(request, _("The attachment was added."), proposal)


@login_required
def attachment_download(request: AuthedHttpRequest, pk: int) -> FileResponse:
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
def proposal_check(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The organiser records the administrative check."""
    require_organiser(request)
    proposal = get_for_user(Proposal.objects.select_related("call"), request.user, pk, MANAGE_CALL)
    try:
        services.proposal_check(
            actor=request.user, proposal=proposal, **valid_data(CheckForm(request.POST))
        )
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("The check was recorded."))
    return redirect("competition:proposal", pk=proposal.pk)
