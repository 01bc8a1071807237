"""Typed requests and the one form-page pattern every view uses.

The pattern: GET shows the form; a valid POST calls one service; a refusal (the form's own
checks or the service's ``ValidationError``) shows the form again, with the reason on each
field, answered 422 so that scripts and tests see the refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from replika.core.forms import add_service_errors

if TYPE_CHECKING:
    from replika.core.models import Membership, User, Wilayah

T = TypeVar("T")


class AuthedHttpRequest(HttpRequest):
    """A request of a signed-in user, as the middleware leaves it (for type checking)."""

    user: User
    membership: Membership | None
    region: Wilayah | None


class AuthedApiRequest(HttpRequest):
    """An API request that passed the router's authentication: ``auth`` is the caller."""

    auth: User


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    template: str,
    *,
    save: Callable[[dict[str, Any]], T],
    done: Callable[[T], HttpResponse],
    context: Mapping[str, Any] | None = None,
    refused: Callable[[ValidationError], None] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` with its data and answer ``done``.

    ``context`` may name its own ``form`` (a page with two forms); ``refused`` puts a
    service's refusal on the form where the form has its own way (else by field name).
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as exc:
            if refused is None:
                add_service_errors(form, exc)
            else:
                refused(exc)
        else:
            return done(result)
    status = 422 if request.method == "POST" else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)


def saved(request: HttpRequest, message: str, to: str, **kwargs: Any) -> HttpResponse:
    """Say ``message`` on the next page and go to the URL named ``to``."""
    messages.success(request, message)
    return redirect(to, **kwargs)


def flash_refusal(request: HttpRequest, exc: ValidationError) -> None:
    """Show each reason of a refused action as an error message on the next page."""
    for message in exc.messages:
        messages.error(request, message)
