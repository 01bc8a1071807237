"""The office's form to publish a region's month of statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from replika.core.models import Wilayah


class PublishForm(forms.Form):
    """Which region and month to publish, and the note the public sees with a correction."""

    wilayah = forms.ChoiceField(label=_("Regency / city"))
    periode = forms.ChoiceField(label=_("Month"))
    note = forms.CharField(
        label=_("Release note (shown to the public)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when re-publishing: say what was corrected, e.g. “late reports of "
            "two hotels added”."
        ),
    )

    def __init__(
        self, *args: Any, regions: list[Wilayah], months: list[dt.date], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.regions = {r.code: r for r in regions}
        self.months = {m.strftime("%Y-%m"): m for m in months}
        region_field = cast(forms.ChoiceField, self.fields["wilayah"])
        month_field = cast(forms.ChoiceField, self.fields["periode"])
        region_field.choices = [(r.code, r.name) for r in regions]
        month_field.choices = [
            (key, date_format(month, "F Y")) for key, month in self.months.items()
        ]

    def clean_wilayah(self) -> Wilayah:
        return self.regions[self.cleaned_data["wilayah"]]

    def clean_periode(self) -> dt.date:
        return self.months[self.cleaned_data["periode"]]
