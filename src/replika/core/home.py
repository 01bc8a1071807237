"""What the home page shows each role: the things that need their attention."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from replika.core import modules
from replika.core.nav import module_codes_for
from replika.core.roles import VIEW_AUDIT, role_allows
from replika.core.selectors import audit_recent


def _module_links(request: HttpRequest, role: str) -> list[dict[str, Any]]:
    """The live modules' entry points the active role may open."""
    links = []
    for code in module_codes_for(request):
        module = modules.get_module(code)
        if module is None:
            continue
        entries = [e for e in module.menu if role_allows(role, e.permission)]
        if entries:
            links.append({"module": module, "entries": entries})
    return links


def _panels(request: HttpRequest, role: str) -> list[SafeString]:
    """The home cards registered by the apps, rendered for the role that may see them."""
    # Each panel renders its own template with autoescaping; the result is trusted HTML.
    return [
        mark_safe(panel.render(request))  # noqa: S308
        for panel in modules.HOME_PANELS.values()
        if role_allows(role, panel.permission)
    ]


def home_context(request: HttpRequest) -> dict[str, Any]:
    """Context for the home page under the active membership."""
    membership = getattr(request, "membership", None)
    context: dict[str, Any] = {"membership": membership}
    if membership is None:
        return context
    context["panels"] = _panels(request, membership.role)
    if role_allows(membership.role, VIEW_AUDIT):
        context["recent_audit"] = list(audit_recent(user=request.user)[:5])
    context["module_links"] = _module_links(request, membership.role)
    return context
