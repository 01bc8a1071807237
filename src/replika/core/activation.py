"""Activation facts: where each module is live, and its effective settings there.

Core asks these questions; it does not know who answers them. The replication app (which
records commitments and their stages) registers the provider when it starts, so core never
imports it. Without a provider no module is live anywhere and every region runs on the
origin's defaults — a safe answer for a platform without the programme app.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.db.models import QuerySet

from replika.core import modules
from replika.core.models import Wilayah


class ActivationProvider(Protocol):
    """What the app that records commitments answers for core."""

    def live_region_ids(self, module_code: str) -> QuerySet[Any]:
        """Ids of the kab/kota where the module is live, as a subquery (``values("…")``)."""
        ...

    def activation_rows(self) -> Iterable[tuple[str, int, bool, str]]:
        """Every commitment to a module, read at once: (module code, kab/kota id, whether it is
        at a live stage, its settings document as JSON text). Should a region commit to two
        innovations of one module, the first in the catalogue's order gives the settings, as
        ``settings_document`` does."""
        ...

    def settings_document(self, module_code: str, region: Wilayah) -> dict[str, Any]:
        """The region's stored settings document for a module ({} when it has none)."""
        ...


_provider: ActivationProvider | None = None


def register_provider(provider: ActivationProvider | None) -> None:
    """Install the activation provider (replication does so in ``ready``); None removes it."""
    global _provider
    _provider = provider


def provider() -> ActivationProvider | None:
    """The installed provider, if any."""
    return _provider


def live_region_ids(module_code: str) -> QuerySet[Any]:
    """Ids of the regions where a module is live, usable as a subquery."""
    if _provider is None:
        return Wilayah.objects.none().values("id")
    return _provider.live_region_ids(module_code)


@dataclass(frozen=True)
class _Facts:
    """Every commitment's liveness and settings, read in one query (see ``_facts``)."""

    live: frozenset[tuple[str, int]]
    documents: dict[tuple[str, int], str]

    def document(self, module_code: str, region_id: int) -> dict[str, Any]:
        """The stored settings of a region's commitment to a module (parsed on demand:
        ``effective_settings`` keeps the validated result for the request)."""
        text = self.documents.get((module_code, region_id))
        return json.loads(text) if text else {}


def _read_facts(provider: ActivationProvider) -> _Facts:
    live: set[tuple[str, int]] = set()
    documents: dict[tuple[str, int], str] = {}
    for module_code, region_id, is_live, settings in provider.activation_rows():
        documents.setdefault((module_code, region_id), settings)
        if is_live:
            live.add((module_code, region_id))
    return _Facts(live=frozenset(live), documents=documents)


def _facts() -> _Facts:
    """Where each module is live and with which settings, from one small read.

    A page asks these several times: whether its module is live in its region (the guard
    and the view), the menu's live modules and their settings, the regions behind a
    dashboard. One query over the commitments (a few per region) answers all of them; it is
    read once per request (``settings_memo``) and afresh outside one.
    """
    if _provider is None:
        return _Facts(live=frozenset(), documents={})
    provider = _provider
    return _remembered(("facts",), lambda: _read_facts(provider))


def is_module_live(module_code: str, region: Wilayah | None) -> bool:
    """Whether a module is live in a kab/kota."""
    if region is None:
        return False
    return (module_code, region.pk) in _facts().live


def live_region_id_list(module_code: str) -> list[int]:
    """Ids of the regions where a module is live, in id order (for cache keys and sets)."""
    return sorted(region_id for code, region_id in _facts().live if code == module_code)


def _registered_in_order(codes: Collection[str]) -> list[str]:
    """The registered modules among ``codes``, in registration order (the menu's order)."""
    return [m.code for m in modules.all_modules() if m.code in codes]


def live_modules_in(region: Wilayah | None) -> list[str]:
    """Codes of the registered modules live in a kab/kota."""
    if region is None:
        return []
    return _registered_in_order(
        {code for code, region_id in _facts().live if region_id == region.pk}
    )


def modules_live_anywhere() -> list[str]:
    """Codes of the registered modules live in at least one region."""
    return _registered_in_order({code for code, _region_id in _facts().live})


def live_fingerprint(region: Wilayah | None) -> tuple[Any, ...]:
    """What a kab/kota's live modules and their stored settings are, as a hashable value (for
    a province-wide context, the modules live anywhere). Two requests with equal
    fingerprints see the same live modules with the same settings, so what is drawn from
    them alone (the menu) can be kept under it."""
    facts = _facts()
    if region is None:
        return (None, tuple(sorted({code for code, _region_id in facts.live})))
    codes = sorted(code for code, region_id in facts.live if region_id == region.pk)
    return (region.pk, tuple((code, facts.documents.get((code, region.pk))) for code in codes))


# Activation facts already read in this request: settings by (module, region id), and
# whether a module is live. A page reads its region's settings in the view and again in the
# services it calls (a row save: three times), and asks whether its module is live in the
# guard, the menu and the view; one read is enough. Kept only inside ``settings_memo`` (each
# request), so a script, a task or a test that changes commitments reads them afresh.
_memo: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar(
    "replika_settings_memo", default=None
)

T = TypeVar("T")


def _remembered(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, once per request when a memo is active."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@contextmanager
def settings_memo() -> Iterator[None]:
    """Remember each module's settings per region until the block ends (one request)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def forget_settings() -> None:
    """Drop the facts remembered so far (a service changed a commitment or its settings)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def effective_settings(module_code: str, region: Wilayah | None) -> modules.ModuleSettings:
    """A module's settings in a region: its document over the origin's defaults.

    Province-wide work (no region) runs on the origin's defaults.
    """
    module = modules.get_module(module_code)
    if module is None:
        raise LookupError(module_code)
    if region is None or _provider is None:
        return module.default_settings()
    memo = _memo.get()
    if memo is None:
        # A script or a task: read just this document, afresh.
        return module.validate_settings(_provider.settings_document(module_code, region))
    key = (module_code, region.pk)
    if key not in memo:
        memo[key] = module.validate_settings(_facts().document(module_code, region.pk))
    return memo[key]


S = TypeVar("S", bound=modules.ModuleSettings)


def settings_accessor(code: str, schema: type[S]) -> Callable[[Wilayah | None], S]:
    """Make a module's typed ``settings_for(region)`` (its effective settings there)."""

    def settings_for(region: Wilayah | None) -> S:
        settings = effective_settings(code, region)
        if not isinstance(settings, schema):
            raise TypeError(f"module {code!r} does not use {schema.__name__}")
        return settings

    settings_for.__doc__ = f"The effective {schema.__name__} of a region (defaults if None)."
    return settings_for
