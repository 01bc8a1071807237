"""The growth calculator's form (no child is stored)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.nutrition.forms.fields import DATE, measured


class MeasurementForm(forms.Form):
    """One measurement, as a cadre reads it off the scale and the length board."""

    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("1", _("Boy")), ("2", _("Girl"))], widget=forms.RadioSelect
    )
    birth_date = forms.DateField(label=_("Birth date"), widget=DATE)
    visit_date = forms.DateField(
        label=_("Measured on"),
        widget=DATE,
        initial=timezone.localdate,
    )
    weight = measured("weight", _("Weight (kg)"))
    lenhei = measured("lenhei", _("Length or height (cm)"))
    measure = forms.ChoiceField(
        label=_("Measurement position"),
        choices=[("l", _("lying (length)")), ("h", _("standing (height)")), ("", _("not known"))],
        required=False,
    )
    oedema = forms.BooleanField(label=_("Oedema in both feet"), required=False)
    headc = measured("headc", _("Head circumference (cm)"))
    armc = measured("armc", _("Upper-arm circumference (cm)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        birth, visit = data.get("birth_date"), data.get("visit_date")
        if birth and visit:
            if birth > visit:
                self.add_error("birth_date", _("The birth date is after the measurement date."))
            elif (visit - birth) > dt.timedelta(days=1826):
                self.add_error("birth_date", _("The WHO standards cover children up to 60 months."))
        if visit and visit > timezone.localdate():
            self.add_error("visit_date", _("The measurement date cannot be in the future."))
        if data.get("weight") is None and data.get("lenhei") is None:
            self.add_error("weight", _("Enter at least the weight or the length/height."))
        return data
