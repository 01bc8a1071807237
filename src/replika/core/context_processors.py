"""Template context shared by every page: navigation, memberships, current region."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from replika.core.access import memberships_of
from replika.core.nav import build_nav


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "memberships": [], "active_membership": None}
    return {
        "nav_items": build_nav(request),
        "memberships": memberships_of(user),
        "active_membership": getattr(request, "membership", None),
        "current_region": getattr(request, "region", None),
    }
