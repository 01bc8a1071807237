"""The kecamatan population form: one field per kecamatan, or rows pasted from a sheet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from replika.core.models import Wilayah
from replika.outbreak.rules import population as rules
from replika.outbreak.services.population import FIRST_YEAR


def field_name(code: str) -> str:
    """The form field of a kecamatan (dots are awkward in field names and ids)."""
    return "k_" + code.replace(".", "_")


def row_message(problem: rules.RowProblem) -> str:
    """A pasted row's problem, in words, with the row number the user sees."""
    words = {
        rules.BAD_FORMAT: gettext("write the kecamatan code and the population, two columns"),
        rules.UNKNOWN_CODE: gettext("%(value)s is not a kecamatan code of this region"),
        rules.BAD_NUMBER: gettext("%(value)s is not a population (a whole number from 1)"),
        rules.REPEATED: gettext("%(value)s is listed twice"),
    }[problem.problem] % {"value": problem.value}
    return gettext("Row %(row)d: %(problem)s.") % {"row": problem.row, "problem": words}


class PopulationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=2100)
    rows = forms.CharField(
        label=_("Or import: paste rows from a spreadsheet (kecamatan code; population)"),
        help_text=_("One kecamatan a line, e.g. 13.74.01;21.500. Pasted rows replace the fields."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20_000,
    )

    def __init__(self, *args: Any, kecamatan: list[Wilayah], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kecamatan = kecamatan
        for place in kecamatan:
            self.fields[field_name(place.code)] = forms.IntegerField(
                label=f"{place.name} ({place.code})",
                min_value=1,
                max_value=rules.MAX_POPULATION,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = {
            place.code: data[field_name(place.code)]
            for place in self.kecamatan
            if data.get(field_name(place.code)) is not None
        }
        pasted, problems = rules.read_population_rows(
            data.get("rows") or "", {place.code for place in self.kecamatan}
        )
        for problem in problems:
            self.add_error("rows", row_message(problem))
        values.update(pasted)
        if not values and not self.errors:
            raise forms.ValidationError(gettext("Enter the population of at least one kecamatan."))
        data["values"] = values
        return data

    def kecamatan_fields(self) -> list[forms.BoundField]:
        return [self[field_name(place.code)] for place in self.kecamatan]
