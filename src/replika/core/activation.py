"""Activation facts: where each module is live, and its effective settings there.

Core asks these questions; it does not know who answers them. The replication app (which
records commitments and their stages) registers the provider when it starts, so core never
imports it. Without a provider no module is live anywhere and every region runs on the
origin's defaults — a safe answer for a platform without the programme app.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from django.db.models import QuerySet

from replika.core import modules
from replika.core.models import Wilayah


class ActivationProvider(Protocol):
    """What the app that records commitments answers for core."""

    def live_region_ids(self, module_code: str) -> QuerySet[Any]:
        """Ids of the kab/kota where the module is live, as a subquery (``values("…")``)."""
        ...

    def live_module_codes(self, region: Wilayah | None) -> Collection[str]:
        """Codes of the modules live in one kab/kota, or anywhere when ``region`` is None."""
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


def is_module_live(module_code: str, region: Wilayah | None) -> bool:
    """Whether a module is live in a kab/kota (asked once per request, see ``settings_memo``)."""
    if region is None or _provider is None:
        return False
    provider = _provider
    return _remembered(
        ("live", module_code, region.pk),
        lambda: provider.live_region_ids(module_code).filter(region_id=region.pk).exists(),
    )


def _registered_in_order(codes: Collection[str]) -> list[str]:
    """The registered modules among ``codes``, in registration order (the menu's order)."""
    return [m.code for m in modules.all_modules() if m.code in codes]


def live_modules_in(region: Wilayah | None) -> list[str]:
    """Codes of the registered modules live in a kab/kota."""
    if region is None or _provider is None:
        return []
    provider = _provider
    return list(
        _remembered(
            ("modules", region.pk),
            lambda: _registered_in_order(provider.live_module_codes(region)),
        )
    )


def modules_live_anywhere() -> list[str]:
    """Codes of the registered modules live in at least one region."""
    if _provider is None:
        return []
    return _registered_in_order(_provider.live_module_codes(None))


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
    key = (module_code, region.pk)
    if memo is not None and key in memo:
        return memo[key]
    settings = module.validate_settings(_provider.settings_document(module_code, region))
    if memo is not None:
        memo[key] = settings
    return settings


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
