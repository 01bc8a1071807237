"""``{% audit_rows events as rows %}``: the audit events as the signed-in viewer may see them."""

from __future__ import annotations

from typing import Any

from django import template

from replika.core.audit import Row, rows_for

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_rows(context: dict[str, Any], events: Any) -> list[Row]:
    """Every audit table goes through here, so no page shows more than the viewer's role may."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return rows_for(user, events or [])
