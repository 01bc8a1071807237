"""Template filters that show stored values the way people read them (``core.humanize``)."""

from __future__ import annotations

from typing import Any

from django import template

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
