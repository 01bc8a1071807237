"""Form fields shared by the tourism forms; ranges come from ``rules.limits``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms

from replika.tourism.rules.limits import LIMITS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def count(
    label: StrOrPromise, key: str = "count", *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.IntegerField:
    """A whole number typed on the phone's number pad, within its plausible range."""
    low, high = LIMITS[key]
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )


def date(label: StrOrPromise, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)
