"""Navigation built from the active membership's role and the region's live modules.

The menu is a short row of groups so that it fits a phone and a wide screen alike however
many modules are live: the home link, the platform apps (replication, the competition), one
group per live module, and the account group with the platform's own pages (users, audit
history, profile). A group holding a single entry is shown as that entry's link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from replika.core import modules
from replika.core.activation import (
    effective_settings,
    live_fingerprint,
    live_modules_in,
    modules_live_anywhere,
)
from replika.core.roles import MANAGE_MEMBERS, MANAGE_UNITS, VIEW_AUDIT, role_allows

ACCOUNT_GROUP = "account"

# The menu and the footer link to the same pages on every request, by names that take no
# arguments: their addresses change only with the URL configuration and the script prefix.
_fixed_urls: dict[tuple[str, str, object], str] = {}


def fixed_url(name: str) -> str:
    """``reverse(name)`` for a URL name without arguments, resolved once per process."""
    key = (name, get_script_prefix(), get_urlconf())
    url = _fixed_urls.get(key)
    if url is None:
        url = _fixed_urls[key] = reverse(name)
    return url


def resolve_fixed_urls() -> None:
    """Resolve every address the menu and the footer can show (a server's start-up does this
    once, before its workers are forked, so none of them pays for it on a request)."""
    names = [page.url_name for module in modules.all_modules() for page in module.public_pages]
    names += [entry.url_name for module in modules.all_modules() for entry in module.menu]
    names += [p.entry.url_name for p in (*modules.PLATFORM_MENU_FIRST, *modules.PLATFORM_MENU)]
    names += ["core:home", "core:members", "core:units", "core:audit", "core:profile"]
    for name in names:
        fixed_url(name)


@receiver(setting_changed)
def _forget_fixed_urls(*, setting: str, **_kwargs: Any) -> None:
    """A test that swaps the URL configuration gets addresses from the new one."""
    if setting == "ROOT_URLCONF":
        _fixed_urls.clear()


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool = False


@dataclass(frozen=True)
class NavGroup:
    """A heading of the menu and the entries under it."""

    code: str
    label: str
    items: list[NavItem] = field(default_factory=list)

    @property
    def active(self) -> bool:
        """Whether the page shown belongs to this group."""
        return any(item.active for item in self.items)

    @property
    def single(self) -> NavItem | None:
        """The one entry of a group that holds only one (shown as a plain link)."""
        return self.items[0] if len(self.items) == 1 and self.code != ACCOUNT_GROUP else None


def module_codes_for(request: HttpRequest) -> list[str]:
    """Modules usable in the current context: the region's live ones, or all live ones."""
    region = getattr(request, "region", None)
    return live_modules_in(region) if region is not None else modules_live_anywhere()


def _setting_on(
    request: HttpRequest, module_code: str, entry: modules.MenuEntry, read: dict[str, object]
) -> bool:
    """Whether the region has switched on the sub-programme a menu entry belongs to.

    ``read`` keeps the module's settings once read: every menu entry of a module asks the
    same document, and each read is a query plus a validation.
    """
    region = getattr(request, "region", None)
    if entry.setting is None or region is None:
        return True
    if module_code not in read:
        read[module_code] = effective_settings(module_code, region)
    return bool(getattr(read[module_code], entry.setting))


def _is_active(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def _item(label: object, url: str) -> NavItem:
    return NavItem(label=str(label), url=url)


def _platform_groups(entries: list[modules.PlatformEntry], role: str) -> list[NavGroup]:
    """The platform apps' groups, with the entries the role may open, in registration order."""
    groups: dict[str, NavGroup] = {}
    for platform in entries:
        if not any(role_allows(role, perm) for perm in platform.any_of):
            continue
        group = groups.setdefault(
            platform.group, NavGroup(code=platform.group, label=str(platform.group_label))
        )
        group.items.append(_item(platform.entry.label, fixed_url(platform.entry.url_name)))
    return list(groups.values())


def _module_groups(request: HttpRequest, role: str) -> list[NavGroup]:
    """One group per live module, with the entries the role may open there."""
    groups = []
    read: dict[str, object] = {}
    for code in module_codes_for(request):
        module = modules.get_module(code)
        if module is None:
            continue
        items = [
            _item(entry.label, fixed_url(entry.url_name))
            for entry in module.menu
            if role_allows(role, entry.permission) and _setting_on(request, code, entry, read)
        ]
        if items:
            groups.append(NavGroup(code=f"module-{code}", label=module.menu_label(), items=items))
    return groups


def _account_group(role: str) -> NavGroup:
    """The platform's own pages: users, audit history, the profile."""
    group = NavGroup(code=ACCOUNT_GROUP, label=_("Account"))
    if role_allows(role, MANAGE_MEMBERS):
        group.items.append(_item(_("Users"), fixed_url("core:members")))
    if role_allows(role, MANAGE_UNITS):
        group.items.append(_item(_("Facilities"), fixed_url("core:units")))
    if role_allows(role, VIEW_AUDIT):
        group.items.append(_item(_("Audit"), fixed_url("core:audit")))
    group.items.append(_item(_("Profile"), fixed_url("core:profile")))
    return group


def _groups(request: HttpRequest) -> list[NavGroup]:
    """The menu under the active membership, no entry marked current (``_at`` marks them)."""
    home_url = fixed_url("core:home")
    home = NavGroup(code="home", label=_("Home"), items=[_item(_("Home"), home_url)])
    membership = getattr(request, "membership", None)
    if membership is None:
        return [home, _account_group("")]
    role = membership.role
    return [
        home,
        *_platform_groups(modules.PLATFORM_MENU_FIRST, role),
        *_module_groups(request, role),
        *_platform_groups(modules.PLATFORM_MENU, role),
        _account_group(role),
    ]


# Menus already built, and drawn, in this process. Every signed-in page shows the menu, and
# building and drawing it cost a twelfth of a dashboard's CPU; yet it depends only on what
# ``_menu_key`` holds, and on the page shown only for which entries are current. The key
# holds the commitments' facts themselves, so a module going live (in any process) changes
# the key rather than needing a message to every process. A full store starts over: pages
# with ids in their path each make an entry of their own.
MENUS_KEPT = 512
_menus: dict[tuple[Any, ...], list[NavGroup]] = {}
_drawn: dict[tuple[Any, ...], SafeString] = {}

T = TypeVar("T")


def _kept(store: dict[tuple[Any, ...], T], key: tuple[Any, ...], build: Callable[[], T]) -> T:
    value = store.get(key)
    if value is None:
        if len(store) >= MENUS_KEPT:
            store.clear()
        value = store[key] = build()
    return value


def _menu_key(request: HttpRequest) -> tuple[Any, ...]:
    """Everything the menu is built from, but the page shown."""
    membership = getattr(request, "membership", None)
    return (
        membership.role if membership is not None else None,
        live_fingerprint(getattr(request, "region", None)),
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        modules.registry_version(),
    )


def _at(groups: list[NavGroup], path: str) -> list[NavGroup]:
    """A copy of ``groups`` with the entries matching ``path`` marked current."""
    return [
        NavGroup(
            code=group.code,
            label=group.label,
            items=[replace(item, active=_is_active(path, item.url)) for item in group.items],
        )
        for group in groups
    ]


def _menu_of(request: HttpRequest) -> tuple[tuple[Any, ...], list[NavGroup]]:
    """The key of the request's menu and its groups, none of them current (kept; do not
    change them)."""
    key = _menu_key(request)
    return key, _kept(_menus, key, lambda: _groups(request))


def build_menu(request: HttpRequest) -> list[NavGroup]:
    """The menu of the signed-in user under the active membership, as groups."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return _at(_menu_of(request)[1], request.path)


def menu_html_for(request: HttpRequest) -> SafeString:
    """The signed-in user's menu drawn for the page shown (``menu_html``, kept)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return SafeString("")
    key, groups = _menu_of(request)
    path = request.path
    current = tuple(
        item.url for group in groups for item in group.items if _is_active(path, item.url)
    )
    return _kept(_drawn, (key, current), lambda: menu_html(_at(groups, path)))


@receiver(setting_changed)
def _forget_menus(**_kwargs: Any) -> None:
    """A test that changes a setting (the URLs, the languages) gets menus built anew."""
    _menus.clear()
    _drawn.clear()


def build_nav(request: HttpRequest) -> list[NavItem]:
    """Every menu entry of the signed-in user, flat, in menu order."""
    return [item for group in build_menu(request) for item in group.items]


_CURRENT = mark_safe(' aria-current="page"')


def _current(item: NavItem) -> SafeString:
    return _CURRENT if item.active else SafeString("")


def menu_html(groups: list[NavGroup]) -> SafeString:
    """The menu's list items, drawn in Python: every signed-in page shows the menu, and
    drawing its two dozen links through the template engine cost a tenth of a dashboard."""
    parts = []
    for group in groups:
        single = group.single
        if single is not None:
            parts.append(
                format_html(
                    '<li class="menu-group"><a class="menu-link" href="{}"{}>{}</a></li>',
                    single.url,
                    _current(single),
                    single.label,
                )
            )
            continue
        items = format_html_join(
            "",
            '<li><a href="{}"{}>{}</a></li>',
            ((item.url, _current(item), item.label) for item in group.items),
        )
        parts.append(
            format_html(
                '<li class="menu-group menu-group-{}"><details class="menu-drop" data-menu-group>'
                '<summary{}>{}</summary><ul class="submenu">{}</ul></details></li>',
                group.code,
                mark_safe(' class="active"') if group.active else "",
                group.label,
                items,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html
