"""Helpers shared by the replication pages."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse

from replika.core.access import get_for_user
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.replication.models import Commitment


def commitment_for(request: HttpRequest, pk: int, perm: str) -> Commitment:
    """A commitment the user holds ``perm`` on, else 404."""
    return get_for_user(
        Commitment.objects.select_related("region", "innovation", "updated_by"),
        request.user,
        pk,
        perm,
    )


def to_commitment(request: HttpRequest, message: str, commitment: Commitment) -> HttpResponse:
    """Say ``message`` on the commitment's page."""
    return saved(request, message, "replication:commitment", pk=commitment.pk)


def commitment_form_page(
    request: AuthedHttpRequest,
    commitment: Commitment,
    form: forms.BaseForm,
    template: str,
    *,
    service: Callable[..., object],
    message: str,
) -> HttpResponse:
    """A form about one commitment: ``service`` applies it, ``message`` says so on its page."""
    return form_page(
        request,
        form,
        template,
        save=lambda data: service(actor=request.user, commitment=commitment, **data),
        done=lambda _result: to_commitment(request, message, commitment),
        context={"c": commitment},
    )
