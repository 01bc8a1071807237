"""Per-request context: which of the user's memberships is active, and request logging."""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Callable, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

from replika.core.access import memberships_of
from replika.core.activation import settings_memo
from replika.core.models import Membership, Wilayah

SESSION_KEY = "replika_membership"
log = logging.getLogger("replika.request")


def active_membership(request: HttpRequest) -> Membership | None:
    """The membership the user works under now: the one chosen in the session, or the first."""
    memberships = memberships_of(request.user)
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0]


def region_of(membership: Membership | None) -> Wilayah | None:
    """The kab/kota a membership works in (None for province-wide roles)."""
    if membership is None:
        return None
    if membership.unit_id and membership.unit:
        return membership.unit.region
    if membership.wilayah.level == Wilayah.PROVINCE:
        return None
    if membership.wilayah.level == Wilayah.REGION:
        return membership.wilayah
    code = membership.wilayah.region_code()
    return Wilayah.objects.filter(code=code).first()


class ActiveMembershipMiddleware:
    """Sets ``request.membership`` and ``request.region`` and logs each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        membership = active_membership(request)
        # HttpRequest declares neither attribute: this middleware is what adds them (views
        # see them typed through AuthedHttpRequest).
        request.membership = membership  # type: ignore[attr-defined]
        request.region = region_of(membership)  # type: ignore[attr-defined]
        response = self.get_response(request)
        # Only the path, never the query string: filters may carry personal data.
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": getattr(request.user, "pk", None),
            },
        )
        return response


class SettingsMemoMiddleware:
    """Reads each module's settings in a region once per request (``settings_memo``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with settings_memo():
            return self.get_response(request)


API_PREFIX = "/api/"


class ApiErrorShapeMiddleware:
    """Gives every 4xx/5xx under /api/ the one JSON error shape.

    The API's own handlers already answer in that shape; this catches what is answered
    before them: an unknown path (Django's 404) and a method a path does not have (405).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        shaped = JsonResponse(
            {"detail": _STATUS_DETAIL.get(response.status_code, "Error."), "errors": []},
            status=response.status_code,
        )
        if response.has_header("Allow"):
            shaped["Allow"] = response["Allow"]
        return shaped


_STATUS_DETAIL = {
    400: "Bad request.",
    401: "Authentication required.",
    403: "Forbidden.",
    404: "Not found.",
    405: "Method not allowed.",
    413: "Request too large.",
    500: "Server error.",
}


# --- the real client address behind the trusted reverse proxy -----------------------------------

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(entries: Sequence[str]) -> list[_Network]:
    """The trusted proxies as networks (a bare address is a network of one)."""
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _is_trusted(address: str, trusted: list[_Network]) -> bool:
    """Whether ``address`` is a valid address inside one of the trusted networks."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def client_address(request: HttpRequest) -> str | None:
    """The address of the client: ``X-Forwarded-For`` is believed only from a trusted proxy.

    Anyone can send the header, so it counts only when the connection itself comes from one of
    ``REPLIKA_TRUSTED_PROXIES``; the header is then read from the right, skipping further
    trusted proxies, and the first other address is the client.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = _networks(settings.REPLIKA_TRUSTED_PROXIES)
    if remote is None or not _is_trusted(remote, trusted):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    client = remote
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            # A malformed hop was not written by our proxies: stop at the last trusted one.
            break
        client = hop
        if not _is_trusted(hop, trusted):
            break
    return client


# --- caches never keep what was rendered for a signed-in user ----------------------------------


class PrivateCacheMiddleware:
    """Marks every response made for a signed-in user or an API token ``Cache-Control: private``.

    A shared cache (a proxy, a CDN) may then never hand a page that shows one user's name
    or data to somebody else; a view that asked for ``public`` loses it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or "HTTP_AUTHORIZATION" in request.META:
            # patch_cache_control drops ``public`` when ``private`` is set.
            patch_cache_control(response, private=True)
        return response


# --- sessions: the idle timeout without a database write on every request ----------------------

TOUCHED_KEY = "_replika_touched"


class SessionTouchMiddleware:
    """Keeps a session alive while it is used, writing it at most once a minute.

    Sessions end after ``SESSION_COOKIE_AGE`` idle seconds. Django's way of measuring idleness,
    ``SESSION_SAVE_EVERY_REQUEST``, writes the session row on every request, and under load
    those writes queue behind each other (on SQLite they take the database's one write lock).
    Here a session is marked changed only when its last write is older than
    ``REPLIKA_SESSION_TOUCH_SECONDS`` (60 by default), so the idle timeout is exact to within
    that much and a busy user costs one write a minute instead of one per page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        touched = session.get(TOUCHED_KEY)
        if session.modified or not isinstance(touched, int) or now - touched >= _touch_every():
            # Setting the key marks the session modified: SessionMiddleware saves it (and
            # pushes its expiry SESSION_COOKIE_AGE into the future) after this returns.
            session[TOUCHED_KEY] = now
        return response


def _touch_every() -> int:
    return int(getattr(settings, "REPLIKA_SESSION_TOUCH_SECONDS", 60))
