"""Pages used offline: the service worker that keeps a page and its assets on the phone.

A page that works offline (the posyandu session, the field survey) serves this worker from
its own folder, so that the worker's scope covers it, and keeps what is typed offline in
its outbox (``core/outbox.js``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url


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
