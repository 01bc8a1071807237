"""Anonymous visitors' public answers served before the middleware stack runs.

A public page or public API answer is the same for every anonymous visitor, yet each hit
used to pass through sessions, authentication, locale, CSRF, CSP, axes, memberships and the
request log before the view found its answer in the cache; under a crowd that stack was most
of the work. ``PublicAnswerCacheMiddleware`` sits right after the security and static-file
middleware and answers such a request from a stored copy of the whole response (status,
headers, body) instead.

What may be stored is decided in two places, and both must agree:

- the view opts in with ``replika.core.cache.share`` (``public_page`` does it for every page
  it guards): only aggregate answers the same for everyone are marked;
- the request and the response look anonymous: a GET without ``Authorization``, carrying no
  cookie but the CSRF and language cookies (so no session, no messages: a signed-in visitor
  always has a session cookie and is never served from here), answered 200 without
  ``private``/``no-store`` and setting no cookie but the CSRF one.

Entries are keyed by scheme, host, path and query and the language the locale middleware
would choose, and remember the namespace's version: a bump (a summary refresh) orphans them
at once, and they expire after ``REPLIKA_PUBLIC_CACHE_SECONDS`` anyway. A page's CSRF form
field is stored as a placeholder and filled with the visitor's own token, the cookie set as
Django's CSRF middleware would.

A missing answer is drawn once per process: when several visitors ask for the same answer at
the same moment (a crowd's first second on a fresh worker, or everyone's next hit after a
summary refresh orphaned the copies), one thread draws it and the others wait for its copy
instead of each drawing it too, on the same core, and all finishing late. Answers that were
not stored when last drawn (a sign-in form, a refused query) are remembered, so their
visitors do not wait for each other.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache as django_cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import translation

from replika.core import cache

log = logging.getLogger("replika.request")
_KEY = "replika:answer:{digest}"
# Headers a hit recomputes rather than replays.
_RECOMPUTED = frozenset({"content-length"})
_UNSHAREABLE = ("private", "no-store", "no-cache")
# How long a visitor waits for another thread drawing the same answer before drawing it too
# (a draw stuck on a slow database must not hold its followers for ever).
FOLLOW_SECONDS = 5.0
# How many keys found not shareable a process remembers (keys carry the query string, so a
# stranger could make up any number of them; past the bound the memory starts afresh).
_UNSHARED_LIMIT = 10_000


def _allowed_cookies() -> frozenset[str]:
    """The only cookies an anonymous request may carry to be served here."""
    return frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})


def eligible(request: HttpRequest) -> bool:
    """Whether the request is an anonymous GET that a shared answer may serve."""
    if request.method != "GET":
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if settings.CSRF_USE_SESSIONS:
        return False
    return set(request.COOKIES) <= _allowed_cookies()


def _language(request: HttpRequest) -> str:
    """The language LocaleMiddleware will activate for this request."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, _prefixed = is_language_prefix_patterns_used(urlconf)
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


def answer_key(request: HttpRequest, language: str) -> str:
    """The key of a request's shared answer (get_host also rejects a host not allowed)."""
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{language}"
    return _KEY.format(digest=hashlib.sha256(where.encode()).hexdigest())


def _shareable_body(request: HttpRequest, response: HttpResponse) -> bytes | None:
    """The body to store, the CSRF token replaced by the placeholder; None if unsafe."""
    content = response.content
    if settings.CSRF_COOKIE_NAME not in response.cookies:
        return content  # the view never asked for a token: the body holds none
    match = cache.CSRF_FIELD.search(content)
    if match is None:
        return None  # a token went somewhere other than a form field: keep out
    token = match.group(0)[len(match.group(1)) : -len(match.group(2))]
    stored = cache.CSRF_FIELD.sub(rb"\1" + cache.CSRF_PLACEHOLDER + rb"\2", content)
    return None if token and token in stored else stored


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a response the view marked shared is an anonymous, plain success."""
    if response.status_code != 200 or response.streaming:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in _UNSHAREABLE):
        return False
    return set(response.cookies) <= {settings.CSRF_COOKIE_NAME}


def _shareable(request: HttpRequest, response: HttpResponse, language: str) -> bytes | None:
    """The body to store of an answer the view shared, or None when it may not be stored."""
    if not _storable(request, response):
        return None
    if response.get("Content-Language", language) != language:
        return None
    return _shareable_body(request, response)


class _Flights:
    """The answers being drawn in this process right now, so that each is drawn once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._drawing: dict[str, threading.Event] = {}
        self._unshared: set[str] = set()

    def claim(self, key: str) -> tuple[threading.Event, bool]:
        """The event of ``key``'s draw, and whether this thread is to draw it (and ``land``
        it when done) or to wait on it."""
        with self._lock:
            event = self._drawing.get(key)
            if event is not None:
                return event, False
            event = self._drawing[key] = threading.Event()
            return event, True

    def land(self, key: str, event: threading.Event) -> None:
        with self._lock:
            if self._drawing.get(key) is event:
                del self._drawing[key]
        event.set()

    def unshared(self, key: str) -> bool:
        """Whether ``key``'s answer was not stored when last drawn (its visitors need not wait)."""
        return key in self._unshared

    def mark(self, key: str, *, shared: bool) -> None:
        """Remember whether ``key``'s answer was stored the last time it was drawn."""
        if shared == (key not in self._unshared):
            return
        with self._lock:
            if shared:
                self._unshared.discard(key)
                return
            if len(self._unshared) >= _UNSHARED_LIMIT:
                self._unshared.clear()
            self._unshared.add(key)


class PublicAnswerCacheMiddleware:
    """Serves anonymous GETs of shared public answers from the cache, before the stack."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Django's own CSRF code reads and sets the visitor's CSRF cookie on a hit.
        self.csrf = CsrfViewMiddleware(get_response)
        self.flights = _Flights()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not eligible(request):
            return self.get_response(request)
        started = time.perf_counter()
        language = _language(request)
        key = answer_key(request, language)
        stored = self._current(key)
        if stored is not None:
            return self._replay(request, stored, started)
        if self.flights.unshared(key):
            return self._draw(request, key, language)
        flight, leading = self.flights.claim(key)
        if not leading:
            # Another thread is drawing this answer: its copy serves this visitor too.
            flight.wait(FOLLOW_SECONDS)
            stored = self._current(key)
            if stored is not None:
                return self._replay(request, stored, started)
            return self._draw(request, key, language)
        try:
            return self._draw(request, key, language)
        finally:
            self.flights.land(key, flight)

    @staticmethod
    def _current(key: str) -> dict[str, Any] | None:
        """The stored answer under ``key``, unless a bump of its namespace orphaned it."""
        stored = django_cache.get(key)
        if stored is not None and stored["version"] == cache.version(stored["namespace"]):
            return stored
        return None

    def _draw(self, request: HttpRequest, key: str, language: str) -> HttpResponse:
        """The answer from the stack, stored for the crowd when it is shareable.

        Whether it was stored is remembered: visitors of an answer that is not (a form, a
        personal page, a refused query) do not wait for each other next time.
        """
        response = self.get_response(request)
        namespace = cache.shared_namespace(request)
        body = None if namespace is None else _shareable(request, response, language)
        if namespace is not None and body is not None:
            self._store(key, namespace, response, body)
        self.flights.mark(key, shared=body is not None)
        return response

    def _store(self, key: str, namespace: str, response: HttpResponse, body: bytes) -> None:
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _RECOMPUTED]
        entry: dict[str, Any] = {
            "namespace": namespace,
            "version": cache.version(namespace),
            "headers": headers,
            "body": body,
        }
        django_cache.set(key, entry, timeout=cache.timeout())

    def _replay(self, request: HttpRequest, stored: dict[str, Any], started: float) -> HttpResponse:
        body: bytes = stored["body"]
        with_token = cache.CSRF_PLACEHOLDER in body
        if with_token:
            self.csrf.process_request(request)
            body = body.replace(cache.CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(body)
        for name, value in stored["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(body))
        if with_token:
            self.csrf.process_response(request, response)
        # At DEBUG, not INFO as the stack logs: a hit is anonymous and the same for all, the
        # proxy's access log already has it, and formatting a JSON line would cost more CPU
        # than the hit itself.
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": None,
                    "cache": "shared",
                },
            )
        return response
