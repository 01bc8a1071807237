"""Typed requests and the one form-page pattern every view uses.

The pattern: GET shows the form; a valid POST calls one service; a refusal (the form's own
checks or the service's ``ValidationError``) shows the form again, with the reason on each
field, answered 422 so that scripts and tests see the refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from replika.core.forms import add_service_errors

if TYPE_CHECKING:
    from replika.core.models import Membership, User, Wilayah

T = TypeVar("T")


class AuthedHttpRequest(HttpRequest):
    """A request of a signed-in user, as the middleware leaves it (for type checking)."""

    user: User
    membership: Membership | None
    region: Wilayah | None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    template: str,
    *,
    save: Callable[[dict[str, Any]], T],
    done: Callable[[T], HttpResponse],
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` with its data and answer ``done``."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return done(result)
    status = 422 if request.method == "POST" else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)
