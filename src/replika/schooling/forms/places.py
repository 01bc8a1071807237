"""Forms of learning places, early warnings, enrolment figures, imports and exports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from replika.core.forms import LocalizedDecimalField
from replika.core.importing import FileLimits, FileRefused, check_file, size_text
from replika.core.models import Unit, Wilayah
from replika.core.uploads import display_name
from replika.schooling import unit_kinds
from replika.schooling.forms.cases import DATE, LocationChoice, PlaceChoice, digits_field
from replika.schooling.models import BANDS, Level, SchoolLevel, Sex, WarningStatus

KIND_CHOICES = [
    (unit_kinds.SEKOLAH, _("School")),
    (unit_kinds.FILIAL, _("Filial class")),
    (unit_kinds.SKB, _("SKB")),
    (unit_kinds.PKBM, _("PKBM")),
]


class CapacityMixin(forms.Form):
    """One seats box per level."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in Level.choices:
            self.fields[f"seats_{code}"] = forms.IntegerField(
                label=_("Seats: %(level)s") % {"level": label},
                min_value=0,
                max_value=5000,
                required=False,
            )

    def capacity(self) -> dict[str, int]:
        return {
            code: self.cleaned_data.get(f"seats_{code}") or 0
            for code, _label in Level.choices
            if self.cleaned_data.get(f"seats_{code}") is not None
        }


class PlaceCreateForm(CapacityMixin):
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    name = forms.CharField(label=_("Name"), max_length=160)
    location = LocationChoice(queryset=Wilayah.objects.none(), label=_("Nagari/kelurahan"))
    npsn = digits_field(_("NPSN"), 8)
    parent = PlaceChoice(
        queryset=Unit.objects.none(), label=_("Parent school (filial class only)"), required=False
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)

    field_order = ["kind", "name", "location", "npsn", "parent", "address"]

    def __init__(self, *args: Any, locations: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]
        self.fields["parent"].queryset = schools  # type: ignore[attr-defined]


class CapacityForm(CapacityMixin):
    pass


class WarningForm(forms.Form):
    school = PlaceChoice(queryset=Unit.objects.none(), label=_("School"))
    name = forms.CharField(label=_("Pupil's name"), max_length=120)
    sex = forms.TypedChoiceField(
        label=_("Sex"), choices=Sex.choices, coerce=int, widget=forms.RadioSelect
    )
    birth_date = forms.DateField(label=_("Birth date"), widget=DATE)
    nisn = digits_field(_("NISN"), 10)
    level = forms.ChoiceField(label=_("Level"), choices=SchoolLevel.choices)
    grade = forms.IntegerField(label=_("Grade"), min_value=1, max_value=12)
    attendance = LocalizedDecimalField(
        label=_("Attendance this term (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
    )
    repeated_grades = forms.IntegerField(
        label=_("Grades repeated"), min_value=0, max_value=6, initial=0
    )
    dtks = forms.BooleanField(label=_("In DTKS"), required=False)
    kip = forms.BooleanField(label=_("Holds KIP"), required=False)
    pkh = forms.BooleanField(label=_("Receives PKH"), required=False)
    works_or_married = forms.BooleanField(label=_("Works or is married"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]


class WarningDecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("What happened"),
        choices=[c for c in WarningStatus.choices if c[0] != WarningStatus.OPEN],
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class FigureForm(forms.Form):
    wilayah = forms.ModelChoiceField(
        queryset=Wilayah.objects.none(), label=_("Regency/city or district")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(
        label=_("Level (age band)"), choices=[(c, f"{c} ({band})") for c, band in BANDS]
    )
    population = forms.IntegerField(
        label=_("Population of the age band"), min_value=0, max_value=10_000_000
    )
    pupils_at_level = forms.IntegerField(
        label=_("Pupils at the level (any age)"), min_value=0, max_value=10_000_000
    )
    pupils_at_level_of_age = forms.IntegerField(
        label=_("Pupils at the level of the band's age"), min_value=0, max_value=10_000_000
    )
    of_age_in_school = forms.IntegerField(
        label=_("Band's age in school at any level"), min_value=0, max_value=10_000_000
    )
    left = forms.IntegerField(
        label=_("Band's age no longer in school"), min_value=0, max_value=10_000_000, initial=0
    )
    ever_enrolled = forms.IntegerField(
        label=_("Band's age ever or now in school"), min_value=0, max_value=10_000_000, initial=0
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].queryset = areas  # type: ignore[attr-defined]


MAX_UPLOAD = 20 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"), choices=())
    file = forms.FileField(
        label=_("File (.xlsx or .csv, at most 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        """Refuse anything that is not a small xlsx or CSV, by its content and its name."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": size_text(MAX_UPLOAD)}
            )
        content = upload.read()
        try:
            self.file_type = check_file(upload.name, content, FileLimits())
        except FileRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        self.content = content
        self.display_name = display_name(upload.name)
        return upload


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("xlsx", _("Register as Excel (xlsx)")),
            ("csv", _("Register as CSV")),
            ("pdf", _("Dashboard report (PDF)")),
            ("dashboard_xlsx", _("Dashboard tables as Excel (xlsx)")),
            ("dashboard_csv", _("Dashboard tables as CSV")),
        ],
    )
    wilayah = forms.CharField(label=_("Area code (optional)"), max_length=20, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from replika.schooling.models import Status

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *Status.choices]  # type: ignore[attr-defined]
