"""Navigation built from the active membership's role and the region's live modules."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from replika.core import modules
from replika.core.activation import effective_settings, live_modules_in, modules_live_anywhere
from replika.core.roles import MANAGE_MEMBERS, VIEW_AUDIT, role_allows


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool = False


def module_codes_for(request: HttpRequest) -> list[str]:
    """Modules usable in the current context: the region's live ones, or all live ones."""
    region = getattr(request, "region", None)
    return live_modules_in(region) if region is not None else modules_live_anywhere()


def _setting_on(request: HttpRequest, module_code: str, entry: modules.MenuEntry) -> bool:
    """Whether the region has switched on the sub-programme a menu entry belongs to."""
    region = getattr(request, "region", None)
    if entry.setting is None or region is None:
        return True
    return bool(getattr(effective_settings(module_code, region), entry.setting))


def _platform_items(
    entries: list[tuple[modules.MenuEntry, tuple[str, ...]]], role: str
) -> list[tuple[str, str]]:
    """The platform-wide entries the role may open."""
    return [
        (str(entry.label), reverse(entry.url_name))
        for entry, any_of in entries
        if any(role_allows(role, perm) for perm in any_of)
    ]


def build_nav(request: HttpRequest) -> list[NavItem]:
    """Menu entries for the signed-in user under the active membership."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    role = membership.role
    items = [(_("Home"), reverse("core:home"))]
    items.extend(_platform_items(modules.PLATFORM_MENU_FIRST, role))
    for code in module_codes_for(request):
        module = modules.get_module(code)
        if module is None:
            continue
        items.extend(
            (str(entry.label), reverse(entry.url_name))
            for entry in module.menu
            if role_allows(role, entry.permission) and _setting_on(request, code, entry)
        )
    items.extend(_platform_items(modules.PLATFORM_MENU, role))
    if role_allows(role, MANAGE_MEMBERS):
        items.append((_("Users"), reverse("core:members")))
    if role_allows(role, VIEW_AUDIT):
        items.append((_("Audit"), reverse("core:audit")))
    path = request.path
    return [
        NavItem(label=label, url=url, active=(path == url or (url != "/" and path.startswith(url))))
        for label, url in items
    ]
