"""Form fields shared by the nutrition forms; measured values take their range from the limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.nutrition.rules.limits import limit

if TYPE_CHECKING:  # the stubs' helper type; nothing to import at run time
    from django_stubs_ext import StrOrPromise

# ISO format: a type=date input shows nothing when given a localized date.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def measured(
    key: str, label: StrOrPromise, *, required: bool = False, spinner: bool = True
) -> forms.DecimalField:
    """A measured value typed on the phone's decimal pad, within its plausible range.

    ``spinner=False`` gives a plain text box: on the session screen the up/down arrows of a
    number box change a weight when the cadre scrolls the page.
    """
    bounds = limit(key)
    attrs: dict[str, Any] = {"inputmode": "decimal"}
    if spinner:
        attrs["step"] = float(bounds.step)
        widget: forms.Widget = forms.NumberInput(attrs=attrs)
    else:
        attrs["autocomplete"] = "off"
        widget = forms.TextInput(attrs=attrs)
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=bounds.low,
        max_value=bounds.high,
        decimal_places=bounds.decimals,
        widget=widget,
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
