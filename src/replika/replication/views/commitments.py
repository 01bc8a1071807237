"""Replication pages: commitments, their facts and how each region adapts its module."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core import jobs, modules
from replika.core.access import can_in, has_any, regions_for
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.core.schema_forms import SchemaForm, initial_from
from replika.replication import selectors, services, tasks
from replika.replication.forms import (
    CommitmentForm,
    InnovationForm,
    NewCommitmentForm,
    TransitionForm,
)
from replika.replication.models import Commitment, Innovation, Stage
from replika.replication.permissions import (
    CHANGE_COMMITMENT,
    CHANGE_SETTINGS,
    LOG_MENTORING,
    MANAGE_INNOVATIONS,
    VIEW_COMMITMENT,
)
from replika.replication.rules import is_live
from replika.replication.views.common import (
    commitment_for,
    commitment_form_page,
    to_commitment,
)


@login_required
def commitment_list(request: AuthedHttpRequest) -> HttpResponse:
    """Commitments the user may see, filterable by region, innovation and stage."""
    if not has_any(request.user, VIEW_COMMITMENT):
        raise Http404
    qs = selectors.commitment_list(user=request.user)
    region = request.GET.get("region", "")
    innovation = request.GET.get("innovation", "")
    stage = request.GET.get("stage", "")
    if region:
        qs = qs.filter(region__code=region)
    if innovation:
        qs = qs.filter(innovation__code=innovation)
    if stage:
        qs = qs.filter(stage=stage)
    return render(
        request,
        "replication/commitment_list.html",
        {
            "commitments": qs,
            "regions": regions_for(request.user, VIEW_COMMITMENT),
            "innovations": Innovation.objects.all(),
            "stages": Stage.choices,
            "filter": {"region": region, "innovation": innovation, "stage": stage},
            "can_create": has_any(request.user, CHANGE_COMMITMENT),
        },
    )


def _settings_rows(commitment: Commitment) -> list[dict[str, Any]]:
    """Each setting with the origin region's default and the region's value, marked if changed."""
    module = modules.get_module(commitment.innovation.module_code)
    if module is None:
        return []
    defaults = module.default_settings().model_dump(mode="json")
    effective = module.validate_settings(commitment.settings).model_dump(mode="json")
    rows = []
    for name, info in module.settings_schema.model_fields.items():
        rows.append(
            {
                "name": name,
                "label": _(info.title) if info.title else name,
                "default": defaults.get(name),
                "value": effective.get(name),
                "changed": name in commitment.settings,
                "reason": commitment.settings_reasons.get(name, ""),
            }
        )
    return rows


@login_required
def commitment_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One commitment: facts, stage, and the adaptation shown against the origin defaults."""
    commitment = commitment_for(request, pk, VIEW_COMMITMENT)
    return render(
        request,
        "replication/commitment_detail.html",
        {
            "c": commitment,
            "live": is_live(commitment.stage),
            "settings_rows": _settings_rows(commitment),
            "has_module": modules.get_module(commitment.innovation.module_code) is not None,
            "can_edit": can_in(request.user, CHANGE_COMMITMENT, commitment.region),
            "can_configure": can_in(request.user, CHANGE_SETTINGS, commitment.region),
            "can_mentor": can_in(request.user, LOG_MENTORING, commitment.region),
            "transition_form": TransitionForm(commitment=commitment),
            "history": commitment.stage_changes.select_related("by"),
            "milestones": commitment.milestones.select_related("from_session"),
            "sessions": commitment.mentoring_sessions.select_related("mentor"),
            "kpis": selectors.kpis_for(commitment),
            "today": timezone.localdate(),
        },
    )


@login_required
def commitment_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Change a commitment's stage and facts."""
    commitment = commitment_for(request, pk, CHANGE_COMMITMENT)
    form = CommitmentForm(
        request.POST or None,
        initial={
            "signed_on": commitment.signed_on,
            "signatories": commitment.signatories,
            "notes": commitment.notes,
        },
    )
    return commitment_form_page(
        request,
        commitment,
        form,
        "replication/commitment_form.html",
        service=services.commitment_update,
        message=_("The commitment was saved."),
    )


@login_required
def commitment_new(request: AuthedHttpRequest) -> HttpResponse:
    """Record a new commitment in a region the user administers."""
    regions = regions_for(request.user, CHANGE_COMMITMENT)
    if not regions.exists():
        raise Http404
    return form_page(
        request,
        NewCommitmentForm(request.POST or None, regions=regions),
        "replication/commitment_new.html",
        save=lambda data: services.commitment_create(actor=request.user, **data),
        done=lambda c: to_commitment(request, _("The commitment was recorded."), c),
    )


@login_required
def commitment_settings(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Edit how the region adapts the module; errors are shown per field."""
    commitment = commitment_for(request, pk, CHANGE_SETTINGS)
    module = modules.get_module(commitment.innovation.module_code)
    if module is None:
        raise Http404
    effective = module.validate_settings(commitment.settings)
    initial = initial_from(effective)
    initial.update({f"{k}__reason": v for k, v in commitment.settings_reasons.items()})
    form = SchemaForm(
        module.settings_schema, request.POST or None, initial=initial, with_reasons=True
    )
    return form_page(
        request,
        form,
        "replication/commitment_settings.html",
        save=lambda _data: services.commitment_settings_update(
            actor=request.user,
            commitment=commitment,
            data=form.to_document(),
            reasons=form.reasons(),
        ),
        done=lambda _c: to_commitment(request, _("The settings were saved."), commitment),
        context={"c": commitment, "module": module},
        refused=lambda exc: form.add_schema_errors(exc.message_dict),
    )


@login_required
@require_POST
def commitment_export(request: AuthedHttpRequest) -> HttpResponse:
    """Queue an xlsx export of the commitments the user may see, then show its progress."""
    if not has_any(request.user, VIEW_COMMITMENT):
        raise Http404
    job = jobs.start(
        owner=request.user,
        kind="replication.export_commitments",
        task=tasks.export_commitments,
        permission=VIEW_COMMITMENT,
        user_id=request.user.pk,
    )
    return redirect("core:job", job_id=job.pk)


@login_required
def innovation_list(request: AuthedHttpRequest) -> HttpResponse:
    """The catalogue: the five innovations and the candidates the province adds."""
    if not has_any(request.user, VIEW_COMMITMENT):
        raise Http404
    can_add = has_any(request.user, MANAGE_INNOVATIONS)
    if request.method == "POST" and not can_add:
        raise Http404
    return form_page(
        request,
        InnovationForm(request.POST or None),
        "replication/innovation_list.html",
        save=lambda data: services.innovation_add(actor=request.user, data=data),
        done=lambda _i: saved(
            request, _("The innovation was added to the catalogue."), "replication:innovations"
        ),
        context={"innovations": Innovation.objects.all(), "can_add": can_add},
    )
