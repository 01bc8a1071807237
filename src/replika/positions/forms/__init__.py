"""Forms of SI JABPRI: they parse and check the shape of input; services decide the rest."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from replika.core.forms import LocalizedDecimalField
from replika.positions.blocks import BLOCK_LABELS, COLUMN_LABELS
from replika.positions.models import Kind, Status
from replika.positions.rules import HIGHEST_CLASS, LOWEST_CLASS
from replika.positions.rules.blocks import BLOCK_CODES, EDITABLE, LINES, ROWS, parse_block
from replika.positions.rules.catalogue import VERSIONS
from replika.positions.rules.evaluation import factors_for, method_for
from replika.positions.rules.limits import MAX_HOLDERS, MAX_NORM_MINUTES, MAX_TEXT, MAX_VOLUME

BLOCK_ERRORS = {
    "too_long": _("At most 4,000 characters."),
    "too_many": _("At most 60 lines."),
    "too_many_columns": _("Too many columns: separate at most %(n)s columns with |."),
    "empty_first_column": _("A line cannot start with |."),
}


class OpdForm(forms.Form):
    name = forms.CharField(label=_("Agency name"), max_length=160)
    code = forms.CharField(label=_("Agency code"), max_length=40, required=False)
    sotk_label = forms.CharField(
        label=_("Legal basis of the structure"),
        max_length=160,
        help_text=_("e.g. Perwako 45 Tahun 2021 tentang Kedudukan dan Susunan Organisasi"),
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class StructureForm(forms.Form):
    label = forms.CharField(label=_("Legal basis of the new structure"), max_length=160)
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class OrgUnitForm(forms.Form):
    parent = forms.TypedChoiceField(label=_("Under"), coerce=int)
    name = forms.CharField(label=_("Unit name"), max_length=160)

    def __init__(self, *args: Any, parents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["parent"]).choices = parents


class PositionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    code = forms.CharField(label=_("Position code"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    job_class = forms.IntegerField(
        label=_("Job class"), min_value=LOWEST_CLASS, max_value=HIGHEST_CLASS
    )
    holders = forms.IntegerField(
        label=_("Holders (bezetting)"), min_value=0, max_value=MAX_HOLDERS, initial=0
    )
    retiring_5y = forms.IntegerField(
        label=_("Holders retiring within 5 years"), min_value=0, max_value=MAX_HOLDERS, initial=0
    )
    nomenclature_version = forms.ChoiceField(
        label=_("Executor title catalogue"),
        choices=[("", "—"), *[(v, v) for v in VERSIONS]],
        required=False,
        help_text=_("For executor posts: the catalogue the title comes from."),
    )


class TaskForm(forms.Form):
    description = forms.CharField(label=_("Task"), max_length=MAX_TEXT)
    output = forms.CharField(label=_("Output"), max_length=200)
    output_unit = forms.CharField(label=_("Unit of output"), max_length=60)
    volume = LocalizedDecimalField(
        label=_("Volume per year"),
        min_value=Decimal(0),
        max_value=Decimal(MAX_VOLUME),
        max_digits=12,
        decimal_places=2,
    )
    norm_minutes = LocalizedDecimalField(
        label=_("Time norm (minutes per output)"),
        min_value=Decimal("0.01"),
        max_value=Decimal(MAX_NORM_MINUTES),
        max_digits=10,
        decimal_places=2,
    )


def _block_help(shape: str, columns: tuple[str, ...]) -> str:
    if shape == LINES:
        return str(_("One item per line."))
    if shape == ROWS:
        names = " | ".join(str(COLUMN_LABELS.get(c, c)) for c in columns)
        return str(_("One row per line: %(columns)s")) % {"columns": names}
    return ""


class AnjabForm(forms.Form):
    """One text area per editable block; rows are typed ``a | b`` on their own lines."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, shape, columns in EDITABLE:
            self.fields[code] = forms.CharField(
                label=BLOCK_LABELS[code],
                required=False,
                widget=forms.Textarea(attrs={"rows": 3 if shape != ROWS else 4}),
                help_text=_block_help(shape, columns),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for code, shape, columns in EDITABLE:
            if code not in data:
                continue
            try:
                data[code] = parse_block(shape, columns, data[code] or "")
            except ValueError as exc:
                message = BLOCK_ERRORS[str(exc)]
                self.add_error(code, str(message) % {"n": len(columns)})
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Status.APPROVED, _("Approve")), (Status.RETURNED, _("Return to the drafter"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in BLOCK_CODES:
            self.fields[f"comment_{code}"] = forms.CharField(
                label=BLOCK_LABELS[code],
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def comments(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"comment_{code}", "") for code in BLOCK_CODES}


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Title"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Kind.choices], required=False)
    agency = forms.CharField(label=_("Agency"), max_length=100, required=False)


class LibraryCopyForm(forms.Form):
    org_unit = forms.TypedChoiceField(label=_("Copy into unit"), coerce=int)
    holders = forms.IntegerField(
        label=_("Holders (bezetting)"), min_value=0, max_value=MAX_HOLDERS, initial=0
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["org_unit"]).choices = units


class ExportForm(forms.Form):
    region = forms.TypedChoiceField(label=_("Region"), coerce=int)
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "Excel (xlsx)"), ("csv", "CSV")], initial="xlsx"
    )

    def __init__(self, *args: Any, regions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = regions


# The factor names of the evaluation forms (PermenPANRB 34/2011), per method.
FACTOR_LABELS: dict[str, dict[str, Any]] = {
    "structural": {
        "1": _("Factor 1 — scope and effect of the programme"),
        "2": _("Factor 2 — organisational setting"),
        "3": _("Factor 3 — supervisory and managerial authority"),
        "4a": _("Factor 4A — nature of personal contacts"),
        "4b": _("Factor 4B — purpose of personal contacts"),
        "5": _("Factor 5 — difficulty of the work directed"),
        "6": _("Factor 6 — other conditions (with special situations)"),
    },
    "functional": {
        "1": _("Factor 1 — knowledge the position requires"),
        "2": _("Factor 2 — supervisory controls"),
        "3": _("Factor 3 — guidelines"),
        "4": _("Factor 4 — complexity"),
        "5": _("Factor 5 — scope and effect"),
        "6": _("Factor 6 — personal contacts"),
        "7": _("Factor 7 — purpose of contacts"),
        "8": _("Factor 8 — physical demands"),
        "9": _("Factor 9 — work environment"),
    },
}


class EvaluationForm(forms.Form):
    """One level per evaluation factor of the position's kind (level, and its points)."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = FACTOR_LABELS[method_for(kind)]
        for factor in factors_for(kind):
            choices = [
                (
                    n,
                    _("Level %(level)s — %(points)s points")
                    % {"level": n, "points": number_format(points, force_grouping=True)},
                )
                for n, points in enumerate(factor.points, start=1)
            ]
            self.fields[f"factor_{factor.code}"] = forms.TypedChoiceField(
                label=labels[factor.code], choices=[("", "—"), *choices], coerce=int
            )

    def levels(self) -> dict[str, int]:
        """The chosen level of each factor, by factor code."""
        return {
            name.removeprefix("factor_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("factor_")
        }
