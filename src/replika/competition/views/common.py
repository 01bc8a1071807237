"""Helpers shared by the competition pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from replika.competition import selectors
from replika.competition.models import Call, Proposal
from replika.competition.module import CHANGE_PROPOSAL, MANAGE_CALL
from replika.core.access import get_for_user, has_any


def require_any(request: HttpRequest, *perms: str) -> None:
    """404 unless the user holds one of the permissions somewhere."""
    if not any(has_any(request.user, perm) for perm in perms):
        raise Http404


def require_organiser(request: HttpRequest) -> None:
    require_any(request, MANAGE_CALL)


def call_for(request: HttpRequest, pk: int) -> Call:
    """A call the user may see, else 404."""
    call = selectors.call_list(user=request.user).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def readable_proposal(request: HttpRequest, pk: int) -> Proposal:
    """A proposal the user may read through any of their doors, else 404."""
    for qs, perm in selectors.proposal_doors(user=request.user):
        try:
            return get_for_user(qs, request.user, pk, perm)
        except Http404:
            continue
    raise Http404


def editable_proposal(request: HttpRequest, pk: int) -> Proposal:
    """A proposal the user may change (its region's administrator), else 404."""
    return get_for_user(
        Proposal.objects.select_related("call", "region"), request.user, pk, CHANGE_PROPOSAL
    )


def valid_data(form: forms.BaseForm) -> dict[str, Any]:
    """A small form's data, else its errors as sentences (for a flash message) refused."""
    if not form.is_valid():
        raise ValidationError(
            [
                f"{form.fields[field].label}: {error}" if field in form.fields else str(error)
                for field, errors in form.errors.items()
                for error in errors
            ]
        )
    return form.cleaned_data
