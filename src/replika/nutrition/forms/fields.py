"""Form fields shared by the nutrition forms; measured values take their range from the limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.forms import LocalizedDecimalField
from replika.nutrition.rules.limits import limit

if TYPE_CHECKING:  # the stubs' helper type; nothing to import at run time
    from django_stubs_ext import StrOrPromise

# ISO format: a type=date input shows nothing when given a localized date.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def measured(key: str, label: StrOrPromise, *, required: bool = False) -> LocalizedDecimalField:
    """A measured value typed on the phone's decimal pad ("12,4" or "12.4"), within its range."""
    bounds = limit(key)
    return LocalizedDecimalField(
        label=label,
        required=required,
        min_value=bounds.low,
        max_value=bounds.high,
        decimal_places=bounds.decimals,
    )


def date(
    label: StrOrPromise, *, required: bool = True, today: bool = False, **kw: Any
) -> forms.DateField:
    """A date typed with the phone's date picker (today by default when ``today``)."""
    if today:
        kw.setdefault("initial", timezone.localdate)
    return forms.DateField(label=label, required=required, widget=DATE, **kw)


def nik(label: StrOrPromise) -> forms.CharField:
    """A 16-digit NIK typed on the phone's number pad (checked by the service)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("16 digits, from the family card (KK)."),
    )
