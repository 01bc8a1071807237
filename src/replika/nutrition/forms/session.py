"""Forms of the posyandu session: choosing the posyandu-month and one row per child."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit
from replika.nutrition.forms.fields import DATE, measured
from replika.nutrition.models import Measure

MEASURED = ("weight", "lenhei", "headc", "armc")


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
        widget=DATE,
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

    weight = measured("weight", _("Weight (kg)"))
    lenhei = measured("lenhei", _("Length/height (cm)"))
    measure = forms.ChoiceField(
        label=_("Position"),
        choices=[
            (Measure.LYING, _("lying")),
            (Measure.STANDING, _("standing")),
            (Measure.UNKNOWN, _("?")),
        ],
        required=False,
    )
    headc = measured("headc", _("Head (cm)"))
    armc = measured("armc", _("Arm, LiLA (cm)"))
    oedema = forms.BooleanField(label=_("Oedema"), required=False)
    # The revision of the month the cadre saw ("" when none was saved): a row changed on
    # the server meanwhile is a conflict, not overwritten.
    rev = forms.CharField(required=False, widget=forms.HiddenInput)
    # The id the page made for this entry: a replayed entry (an outbox synced twice) writes once.
    entry = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # The cadre's answer to a plausibility question: the unusual value is right.
    confirm = forms.BooleanField(label=_("The value is right"), required=False)

    def is_filled(self) -> bool:
        """Whether the cadre typed anything in this row (empty rows are skipped)."""
        return any((self.data.get(self.add_prefix(name)) or "").strip() for name in MEASURED)
