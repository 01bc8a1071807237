"""View guards: a module page exists only where the module is live and the user may use it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from replika.core.access import has_any
from replika.core.activation import is_module_live, modules_live_anywhere


def module_page(module_code: str, perm: str) -> Callable[..., Any]:
    """Guard a module's page: signed in, holding ``perm``, module live here (else 404)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_any(request.user, perm):
                raise Http404
            region = getattr(request, "region", None)
            live = (
                is_module_live(module_code, region)
                if region is not None
                else module_code in modules_live_anywhere()
            )
            if not live:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
