"""Caching of public aggregates: pages and API answers anyone may read, the same for all.

Entries are keyed by a namespace (a module), the namespace's *version*, the language and the
full request (path and query). A module bumps its version when the numbers behind its public
outputs change (nutrition: after a summary refresh), which orphans every older entry at once;
entries also expire after ``REPLIKA_PUBLIC_CACHE_SECONDS`` (300 by default), which bounds how
stale a process can be when the cache is local memory and the refresh ran in another process
(the worker). In production the cache is Redis (``REDIS_URL``), shared by every process, so a
bump reaches all of them at once.

Only anonymous requests are served from or stored in the cache: a signed-in visitor's page
carries their name and menu, is rendered afresh and is marked ``Cache-Control: private``.
Dashboards cache only their aggregate parts, keyed by what the viewer may see
(``aggregate_key``), and draw the rest of the page for each request.
"""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from replika.core import replica

T = TypeVar("T")
# A page may hold forms (the language switch): their CSRF token belongs to one visitor, so
# the stored copy holds a placeholder that each visitor's own token replaces.
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"@@replika-csrf-token@@"
_VERSION_KEY = "replika:public:version:{namespace}"
# Set on a request whose answer is the same for every anonymous visitor (see ``share``).
_SHARED_ATTR = "_replika_shared_namespace"


def timeout() -> int:
    """Seconds a public entry lives (the ``REPLIKA_PUBLIC_CACHE_SECONDS`` setting)."""
    return int(settings.REPLIKA_PUBLIC_CACHE_SECONDS)


def version(namespace: str) -> str:
    """The current version token of a namespace (created on first use)."""
    key = _VERSION_KEY.format(namespace=namespace)
    current = cache.get(key)
    if current is None:
        # add() keeps a token another process set in the meantime.
        cache.add(key, uuid.uuid4().hex, timeout=None)
        current = cache.get(key) or ""
    return str(current)


def bump(namespace: str) -> None:
    """Give a namespace a new version, so every entry cached under the old one is ignored."""
    cache.set(_VERSION_KEY.format(namespace=namespace), uuid.uuid4().hex, timeout=None)


def public_key(namespace: str, request: HttpRequest, kind: str = "page") -> str:
    """The cache key of a public answer: namespace, version, language and the full query."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"replika:public:{namespace}:{kind}:{version(namespace)}:{get_language()}:{digest}"


def aggregate_key(namespace: str, *parts: object) -> str:
    """The cache key of aggregates drawn for signed-in users (dashboards).

    ``parts`` must hold everything that decides what is drawn, including what the viewer may
    see (their grants): two users share an entry only when they would see the same thing. The
    namespace's version orphans every entry when the summaries behind it change.
    """
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"replika:aggregate:{namespace}:{version(namespace)}:{get_language()}:{digest}"


def remember(key: str, compute: Callable[[], T]) -> T:
    """The cached value under ``key``, computing and storing it when absent."""
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value, timeout=timeout())
    return value


def share(request: HttpRequest, namespace: str) -> None:
    """Mark the answer to ``request`` as an aggregate the same for every anonymous visitor.

    ``replika.core.public_answers`` may then serve it to the next anonymous visitors before
    the middleware stack runs, until ``namespace`` is bumped. Only for answers that hold no
    personal data and do not depend on who asks (public pages, the public API).
    """
    setattr(request, _SHARED_ATTR, namespace)


def shared_namespace(request: HttpRequest) -> str | None:
    """The namespace a view shared its answer under (``share``), or None."""
    namespace = getattr(request, _SHARED_ATTR, None)
    return namespace if isinstance(namespace, str) else None


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def public_page(namespace: str, max_age: int = 900) -> Callable[[Any], Any]:
    """Serve a public GET page from the cache to anonymous visitors; never cache signed-in pages.

    Anonymous answers are marked ``public`` for shared caches too; a signed-in visitor's page
    (their name in the header) is ``private`` and never stored.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        @replica.reads_summaries  # public pages are aggregates: a replica may serve them
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if _signed_in(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)
                return response
            key = public_key(namespace, request)
            stored = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                # Only plain successes without cookies are shared (a cookie is per visitor).
                if response.status_code != 200 or response.cookies:
                    return response
                content = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
                stored = (content, response["Content-Type"])
                cache.set(key, stored, timeout=timeout())
            content, content_type = stored
            if CSRF_PLACEHOLDER in content:
                content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(content, content_type=content_type)
            patch_cache_control(response, public=True, max_age=max_age)
            share(request, namespace)
            return response

        return wrapped

    return decorate
