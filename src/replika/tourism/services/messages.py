"""The rules' problem codes as translated messages, per field."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from replika.tourism.rules import Problem


def problem_message(code: str) -> str:
    """The message for one problem code of ``rules.validation``."""
    messages = {
        "required": _("This field is required."),
        "not_whole_number": _("Enter a whole number."),
        "not_number": _("Enter a number."),
        "negative": _("The number may not be negative."),
        "more_days_than_month": _("The month does not have that many days."),
        "sold_above_available": _("Room-nights sold cannot exceed rooms available × days open."),
        "nights_below_guests": _(
            "Guest-nights cannot be fewer than guests arriving: each guest stays at least a night."
        ),
        "beds_below_rooms": _("Beds cannot be fewer than rooms."),
        "nights_without_rooms_sold": _("Guest-nights were reported but no room-night was sold."),
        "revenue_without_visitors": _("Ticket revenue needs at least one visitor."),
        "period_in_future": _("This month has not come yet."),
        "period_not_over": _("A month can be reported once it has ended."),
    }
    return messages.get(code, code)


def refuse(problems: Iterable[Problem]) -> None:
    """Raise one ValidationError naming every field with a problem (nothing is written)."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(problem_message(problem.code))
    if errors:
        raise ValidationError(errors)
