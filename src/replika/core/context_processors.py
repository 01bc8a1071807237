"""Template context shared by every page: navigation, memberships, current region."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from replika.core.access import memberships_of
from replika.core.modules import all_modules
from replika.core.nav import fixed_url, menu_html_for
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
            "menu_html": "",
            "memberships": [],
            "active_membership": None,
            "public_links": _public_links,
        }
    return {
        "public_links": _public_links,
        # Drawn when a template shows it: the fragments htmx fetches never draw the menu.
        "menu_html": lambda: menu_html_for(request),
        "memberships": memberships_of(user),
        "active_membership": getattr(request, "membership", None),
        "current_region": getattr(request, "region", None),
        "outbox_owner": outbox_owner(user),
    }
