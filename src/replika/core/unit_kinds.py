"""Kinds of facility or organisational unit, registered by the modules that use them.

A posyandu belongs to nutrition, a school to schooling, an OPD to positions: each module
registers its kinds when it loads, so adding a module adds no migration to core (the
``Unit.kind`` column stores the code and validates it against this table).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

UNIT_KINDS: dict[str, str | Promise] = {}

OTHER = "lainnya"


def register_unit_kind(code: str, label: str | Promise) -> str:
    """Add a unit kind (several modules may register the same code, e.g. a hospital)."""
    if len(code) > 20:
        raise ValueError(f"unit kind {code!r} is longer than 20 characters")
    UNIT_KINDS.setdefault(code, label)
    return code


def unit_kind_choices() -> list[tuple[str, str]]:
    """(code, label) pairs of every registered kind, for forms."""
    return [(code, str(label)) for code, label in UNIT_KINDS.items()]


def unit_kind_label(code: str) -> str:
    """The human label of a kind (the code itself when no module registers it any more)."""
    label = UNIT_KINDS.get(code)
    return str(label) if label is not None else code


def validate_unit_kind(value: str) -> None:
    """Refuse a kind no module has registered."""
    if value not in UNIT_KINDS:
        raise ValidationError(
            _("Unknown kind of unit: %(kind)s."), code="unknown_unit_kind", params={"kind": value}
        )


register_unit_kind(OTHER, _("Other"))
