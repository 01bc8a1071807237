"""Forms of the posyandu session: choosing the posyandu-month and one row per child."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit
from replika.nutrition.models import Measure

if TYPE_CHECKING:  # the stubs' helper type; nothing to import at run time
    from django_stubs_ext import StrOrPromise

MEASURED = ("weight", "lenhei", "headc", "armc")


def _measure(label: StrOrPromise, low: float, high: float, places: int = 1) -> forms.DecimalField:
    """A measurement typed on the phone's decimal pad, with a plausible range."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        decimal_places=places,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class SessionChoiceForm(forms.Form):
    """Which posyandu and which month."""

    unit = forms.ModelChoiceField(label=_("Posyandu"), queryset=Unit.objects.none())
    month = forms.CharField(
        label=_("Month"),
        widget=forms.TextInput(attrs={"type": "month"}),
        initial=lambda: timezone.localdate().strftime("%Y-%m"),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean_month(self) -> str:
        text = self.cleaned_data["month"]
        try:
            month = dt.datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007 - a month, no time
        except ValueError as exc:
            raise forms.ValidationError(_("Enter a month as YYYY-MM.")) from exc
        if month > timezone.localdate():
            raise forms.ValidationError(_("The month cannot be in the future."))
        return text


class SessionDateForm(forms.Form):
    """The day the posyandu met (inside the session's month)."""

    visit_date = forms.DateField(
        label=_("Session date"),
        # ISO format: a type=date input shows nothing when given a localized date.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, period: dt.date, last_day: dt.date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.period, self.last_day = period, last_day

    def clean_visit_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["visit_date"]
        if not self.period <= day <= self.last_day:
            raise forms.ValidationError(_("The date must be in the session's month."))
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class SessionRowForm(forms.Form):
    """One child's measurement on the session screen (prefixed with the child's id)."""

    weight = _measure(_("Weight (kg)"), 0.5, 60, places=2)
    lenhei = _measure(_("Length/height (cm)"), 35, 130)
    measure = forms.ChoiceField(
        label=_("Position"),
        choices=[
            (Measure.LYING, _("lying")),
            (Measure.STANDING, _("standing")),
            (Measure.UNKNOWN, _("?")),
        ],
        required=False,
    )
    headc = _measure(_("Head (cm)"), 20, 60)
    armc = _measure(_("Arm, LiLA (cm)"), 5, 30)
    oedema = forms.BooleanField(label=_("Oedema"), required=False)

    def is_filled(self) -> bool:
        """Whether the cadre typed anything in this row (empty rows are skipped)."""
        return any((self.data.get(self.add_prefix(name)) or "").strip() for name in MEASURED)
