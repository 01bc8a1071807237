"""Django forms generated from a module's pydantic settings schema.

A region admin edits "what this region modifies" in a plain HTML form; the schema stays the
single source of truth for types, limits and defaults, and its errors land on the fields.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from replika.core import humanize
from replika.core.modules import ModuleSettings


def _base_type(annotation: Any) -> tuple[Any, bool]:
    """Strip ``Optional`` from an annotation; return (type, optional)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _limits(info: FieldInfo) -> dict[str, Any]:
    """Numeric and length limits declared with ``Field(ge=…, max_length=…)``."""
    found: dict[str, Any] = {}
    for meta in info.metadata:
        for attr in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            value = getattr(meta, attr, None)
            if value is not None:
                found[attr] = value
    return found


def _label(name: str, info: FieldInfo) -> str:
    return _(info.title) if info.title else name.replace("_", " ").capitalize()


def _choices(annotation: Any) -> list[tuple[str, str]] | None:
    if typing.get_origin(annotation) is Literal:
        # A code a module named (humanize.register_terms) shows by its name.
        return [(str(v), humanize.display_value(str(v))) for v in typing.get_args(annotation)]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [(str(m.value), str(m.value)) for m in annotation]
    return None


def _list_field(common: dict[str, Any]) -> forms.Field:
    """A text box with one item a line; the field's own help comes before that hint."""
    rest = {key: value for key, value in common.items() if key != "help_text"}
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        **rest,
        help_text=" ".join(
            filter(None, [str(common.get("help_text") or ""), _("One item a line.")])
        ),
    )


def form_field(name: str, info: FieldInfo) -> forms.Field:
    """The form field for one schema field."""
    annotation, optional = _base_type(info.annotation)
    limits = _limits(info)
    common: dict[str, Any] = {
        "label": _label(name, info),
        "required": False,
        "help_text": _(info.description) if info.description else "",
    }
    choices = _choices(annotation)
    if choices is not None:
        return forms.ChoiceField(choices=([("", "—")] if optional else []) + choices, **common)
    if annotation is bool:
        return forms.BooleanField(**common)
    if annotation is int:
        return forms.IntegerField(widget=forms.NumberInput(attrs={"step": 1}), **common)
    if annotation is float:
        return forms.FloatField(widget=forms.NumberInput(attrs={"step": "any"}), **common)
    if annotation is dt.date:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
        )
    if typing.get_origin(annotation) is list:
        return _list_field(common)
    max_length = limits.get("max_length")
    return forms.CharField(max_length=max_length if max_length else None, strip=True, **common)


def initial_from(settings: BaseModel) -> dict[str, Any]:
    """Form initial values from a settings object."""
    data: dict[str, Any] = {}
    for name, value in settings.model_dump(mode="json").items():
        data[name] = "\n".join(str(v) for v in value) if isinstance(value, list) else value
    return data


class SchemaForm(forms.Form):
    """A form over a module's settings schema; ``to_document`` gives the raw values."""

    REASON = "__reason"

    def __init__(
        self,
        schema: type[ModuleSettings],
        *args: Any,
        with_reasons: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.schema = schema
        for name, info in schema.model_fields.items():
            self.fields[name] = form_field(name, info)
            if with_reasons:
                # The region says why it departs from the origin: the adaptation plan.
                self.fields[name + self.REASON] = forms.CharField(
                    label=_("Why this differs from the origin (if it does)"),
                    required=False,
                    max_length=500,
                )

    def reasons(self) -> dict[str, str]:
        """The reason typed next to each setting, by setting name."""
        return {
            name[: -len(self.REASON)]: value
            for name, value in self.cleaned_data.items()
            if name.endswith(self.REASON) and value
        }

    def to_document(self) -> dict[str, Any]:
        """Cleaned values shaped for the schema (lists split, blanks left out)."""
        document: dict[str, Any] = {}
        for name, info in self.schema.model_fields.items():
            value = self.cleaned_data.get(name)
            annotation, _optional = _base_type(info.annotation)
            if typing.get_origin(annotation) is list:
                value = [line.strip() for line in (value or "").splitlines() if line.strip()]
            elif annotation is bool:
                value = bool(value)
            elif value in (None, ""):
                continue
            document[name] = value.isoformat() if isinstance(value, dt.date) else value
        return document

    def add_schema_errors(self, errors: dict[str, list[str]]) -> None:
        """Put validation messages from the schema on their fields."""
        for field, messages in errors.items():
            top = field.split(".")[0]
            target = top if top in self.fields else None
            for message in messages:
                self.add_error(target, message)


# Pydantic's own messages are English; these say the same in the user's language, by the
# error's type and its limits (``ctx``).
_SCHEMA_MESSAGES: dict[str, str] = {
    "less_than_equal": gettext_noop("Enter a number no greater than %(le)s."),
    "less_than": gettext_noop("Enter a number below %(lt)s."),
    "greater_than_equal": gettext_noop("Enter a number no smaller than %(ge)s."),
    "greater_than": gettext_noop("Enter a number above %(gt)s."),
    "string_too_short": gettext_noop("Enter at least %(min_length)s characters."),
    "string_too_long": gettext_noop("Enter at most %(max_length)s characters."),
    "too_short": gettext_noop("Give at least %(min_length)s items."),
    "too_long": gettext_noop("Give at most %(max_length)s items."),
    "int_parsing": gettext_noop("Enter a whole number."),
    "int_from_float": gettext_noop("Enter a whole number."),
    "int_type": gettext_noop("Enter a whole number."),
    "float_parsing": gettext_noop("Enter a number."),
    "float_type": gettext_noop("Enter a number."),
    "bool_parsing": gettext_noop("Choose yes or no."),
    "bool_type": gettext_noop("Choose yes or no."),
    "string_type": gettext_noop("Enter text."),
    "list_type": gettext_noop("Give a list, one item a line."),
    "date_parsing": gettext_noop("Enter a date such as 31/12/2026."),
    "date_from_datetime_parsing": gettext_noop("Enter a date such as 31/12/2026."),
    "date_type": gettext_noop("Enter a date such as 31/12/2026."),
    "missing": gettext_noop("This setting is required."),
    "extra_forbidden": gettext_noop("This setting does not exist for the service."),
    "literal_error": gettext_noop("Choose one of: %(expected)s."),
    "enum": gettext_noop("Choose one of: %(expected)s."),
}


def schema_error_message(error: Mapping[str, Any]) -> str:
    """One pydantic error as a sentence in the active language (its own text otherwise)."""
    template = _SCHEMA_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        message = str(error.get("msg", ""))
        # A validator's ValueError arrives as "Value error, <its message>".
        return message.removeprefix("Value error, ")
    context = {key: _number(value) for key, value in dict(error.get("ctx") or {}).items()}
    try:
        return _(template) % context
    except (KeyError, TypeError, ValueError):
        return _(template).split("%(")[0].strip()


def _number(value: Any) -> Any:
    """A limit shown the local way (23,5 in Indonesian)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return number_format(value, decimal_pos=None if isinstance(value, int) else 1)
