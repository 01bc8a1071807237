"""Template filters that show stored values the way people read them (``core.humanize``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from replika.core import humanize, modules

register = template.Library()


@register.filter
def human(value: Any) -> str:
    """Yes/no for booleans, local numbers and dates, lists and mappings as plain text."""
    return humanize.display_value(value)


@register.filter
def action_label(event: Any) -> str:
    """The human name of an audit event's action."""
    return humanize.action_label(event.action, event.model)


@register.filter
def field_label(event: Any, field: str) -> str:
    """The human name of a field changed by an audit event."""
    return humanize.field_label(event.model, field)


@register.simple_tag
def change_value(event: Any, field: str, value: Any) -> str:
    """A value changed by an audit event, a choice shown by its label."""
    return humanize.change_value(event.model, field, value)


@register.filter
def module_name(code: str) -> str:
    """A module's name from its code (the code itself for a module not installed)."""
    module = modules.get_module(code)
    return str(module.name) if module is not None else code


@register.filter
def job_label(kind: str) -> str:
    """The human name of a background job's kind (``nutrition.import`` → "e-PPGBM import")."""
    return humanize.action_label(kind)


@register.filter
def freshness(refreshed_at: dt.datetime | None) -> str:
    """How fresh a page's figures are ("diperbarui 5 menit lalu"), the moment itself in the
    ``<time>``; nothing when they were never refreshed.

    Drawn in Python: through the template engine this one line was a twentieth of a
    signed-in dashboard's CPU, and it is drawn on every view (the rest of the page is kept).
    """
    if not refreshed_at:
        return ""
    local = timezone.localtime(refreshed_at)
    return format_html(
        '<p class="muted freshness"><time datetime="{}" title="{}">{}</time></p>',
        local.isoformat(),
        date_format(local, "DATETIME_FORMAT"),
        _("updated %(ago)s ago") % {"ago": timesince(refreshed_at)},
    )
