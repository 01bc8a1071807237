"""Template context shared by every page: navigation, memberships, current region."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest

from replika.core.access import memberships_of
from replika.core.modules import all_modules
from replika.core.nav import build_menu, fixed_url, menu_html
from replika.core.offline import outbox_owner


def _public_links() -> list[tuple[str, str]]:
    """Public pages the modules offer (aggregates, no login), for the footer."""
    return [
        (str(page.label), fixed_url(page.url_name))
        for module in all_modules()
        for page in module.public_pages
    ]


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_items": [],
            "menu_groups": [],
            "menu_html": "",
            "memberships": [],
            "active_membership": None,
            "public_links": _public_links,
        }
    # Built when a template shows it: the fragments htmx fetches never draw the menu.
    menu = functools.cache(lambda: build_menu(request))
    return {
        "public_links": _public_links,
        "menu_groups": menu,
        "menu_html": lambda: menu_html(menu()),
        "nav_items": lambda: [item for group in menu() for item in group.items],
        "memberships": memberships_of(user),
        "active_membership": getattr(request, "membership", None),
        "current_region": getattr(request, "region", None),
        "outbox_owner": outbox_owner(user),
    }
