"""Pages used offline: the service worker that keeps a page and its assets on the phone.

A page that works offline (the posyandu session, the field survey) serves this worker from
its own folder, so that the worker's scope covers it, and keeps what is typed offline in
its outbox (``core/outbox.js``). A phone may be shared: the outbox belongs to the account
that filled it (``outbox_owner``), and the kept pages go when anyone signs out.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.crypto import salted_hmac

from replika.core.models import User


def offline_worker(request: HttpRequest, *, cache: str) -> HttpResponse:
    """The worker script; ``cache`` names its cache (``<family>-v<n>``), older ones go."""
    family = cache.rsplit("-v", 1)[0] + "-"
    context = {
        "cache": cache,
        "family": family,
        "static_prefix": settings.STATIC_URL,
        "login_url": resolve_url(settings.LOGIN_URL),
    }
    response = render(request, "core/offline_worker.js", context, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


def outbox_owner(user: User) -> str:
    """The opaque key naming an account's outbox on a phone (no id or name in the browser).

    Keyed on the password hash too would lose a cadre's waiting entries at a password
    change, so only the account's id goes in, under the site's secret.
    """
    return salted_hmac("replika.core.offline.outbox_owner", str(user.pk)).hexdigest()[:24]
