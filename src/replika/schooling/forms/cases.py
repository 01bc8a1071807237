"""Forms of the case workflow: the phone report, the steps, attendance and support."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, Wilayah
from replika.schooling.models import (
    AtsType,
    CloseWhy,
    Level,
    Route,
    SchoolLevel,
    Sex,
    Source,
    Status,
)
from replika.schooling.rules.corrections import CORRECTABLE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


def date_field(label: Any, *, required: bool = True, today: bool = True) -> forms.DateField:
    """A date typed with the phone's date picker (today by default)."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        initial=timezone.localdate if today else None,
    )


class DigitsField(forms.CharField):
    """A number of ``length`` digits typed as people copy it from a card: "1305 0110 0512
    0001", with dots or dashes, or plain. The separators are dropped; whether the digits
    are right is the service's check, so the form and the API answer alike."""

    SEPARATORS = re.compile(r"[\s.\-]")

    def __init__(self, *, length: int, **kwargs: Any) -> None:
        # Room for a separator between groups of four, so the phone lets them be typed.
        super().__init__(max_length=length + length // 4 + 1, **kwargs)

    def to_python(self, value: Any) -> str:
        return self.SEPARATORS.sub("", super().to_python(value) or "")


def digits_field(label: Any, length: int, help_text: Any = "") -> forms.CharField:
    """A number typed on the phone's number pad (its checks are the service's)."""
    return DigitsField(
        length=length,
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=help_text,
    )


class LocationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Wilayah) -> str:
        parent = obj.parent.name if obj.parent_id and obj.parent else ""
        return f"{obj.name} — {parent}" if parent else obj.name


class ReportForm(forms.Form):
    """A found child, in the order a surveyor asks; the rest is optional."""

    location = LocationChoice(queryset=Wilayah.objects.none(), label=_("Nagari/kelurahan"))
    name = forms.CharField(label=_("Child's name"), max_length=120)
    sex = forms.TypedChoiceField(
        label=_("Sex"), choices=Sex.choices, coerce=int, widget=forms.RadioSelect
    )
    birth_date = date_field(_("Birth date"), today=False)
    ats_type = forms.ChoiceField(
        label=_("Out of school because"), choices=AtsType.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=())
    guardian_name = forms.CharField(label=_("Parent or guardian"), max_length=120, required=False)
    guardian_phone = forms.CharField(
        label=_("Guardian's phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    nik = digits_field(_("NIK"), 16, _("16 digits, from the family card (KK), when known."))
    no_kk = digits_field(_("Family card number (KK)"), 16)
    rt = digits_field(_("RT"), 3)
    rw = digits_field(_("RW"), 3)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    last_school_npsn = digits_field(_("Last school (NPSN)"), 8)
    last_level = forms.ChoiceField(
        label=_("Last level"), choices=[("", "—"), *SchoolLevel.choices], required=False
    )
    last_grade = forms.IntegerField(
        label=_("Last grade"), min_value=1, max_value=12, required=False
    )
    source = forms.ChoiceField(
        label=_("Found through"), choices=Source.choices, initial=Source.SURVEY
    )
    dtks = forms.BooleanField(label=_("In DTKS"), required=False)
    kip = forms.BooleanField(label=_("Holds KIP"), required=False)
    pkh = forms.BooleanField(label=_("Receives PKH"), required=False)
    # Given by the phone's outbox: the same report sent twice is written once.
    entry = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, locations: Any, reasons: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]
        self.fields["reason"].choices = reasons  # type: ignore[attr-defined]

    def clean_last_grade(self) -> int | None:
        return self.cleaned_data.get("last_grade")


class CorrectForm(ReportForm):
    """A registered child's details, checked as a registration, with the version of the
    values the form was drawn from (a form overtaken by another change is refused)."""

    nisn = digits_field(_("NISN"), 10, _("10 digits, when the child was a pupil."))
    version = forms.CharField(widget=forms.HiddenInput, max_length=64)

    # The report's fields in the order a correction may change them (its rule's list).
    field_order = tuple(name.removesuffix("_id") for name in CORRECTABLE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["entry"]


class SearchForm(forms.Form):
    """The register's filters; posted when it holds a NIK, so no NIK is ever in a URL."""

    q = forms.CharField(label=_("Name or NIK"), max_length=40, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Status.choices], required=False
    )
    queue = forms.ChoiceField(
        label=_("Queue"),
        required=False,
        choices=[
            ("", _("All")),
            ("verify", _("To verify")),
            ("residu", _("Residu (not located)")),
            ("assess", _("To assess")),
            ("place", _("To place")),
            ("follow", _("Followed up")),
            ("at_risk", _("At risk again")),
            ("done", _("Completed or closed")),
        ],
    )
    wilayah = forms.CharField(label=_("Area code"), max_length=20, required=False)


class StepForm(forms.Form):
    """A dated step with a note (verify, residu)."""

    on = date_field(_("Date"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class AssessForm(StepForm):
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices, widget=forms.RadioSelect)


class PlaceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.kind_label})"


class PlaceForm(StepForm):
    place = PlaceChoice(queryset=Unit.objects.none(), label=_("Learning place"))

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]


class CloseForm(StepForm):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CloseWhy.choices)


class CompleteForm(forms.Form):
    on = date_field(_("Date"))
    certificate = forms.CharField(label=_("Certificate or report earned"), max_length=120)
    next_level = forms.ChoiceField(
        label=_("Continues at"), choices=[("", "—"), *Level.choices], required=False
    )


class AttendanceForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=MONTH, input_formats=["%Y-%m", "%Y-%m-%d"])
    school_days = forms.IntegerField(label=_("School days"), min_value=0, max_value=26)
    days_present = forms.IntegerField(label=_("Days present"), min_value=0, max_value=26)
    stopped_coming = forms.BooleanField(label=_("Stopped coming"), required=False)


class SupportForm(forms.Form):
    item = forms.ChoiceField(label=_("Item"), choices=())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100, initial=1)
    given_on = date_field(_("Given on"))
    unit_cost = forms.DecimalField(
        label=_("Actual cost per unit (Rp)"),
        required=False,
        min_value=0,
        max_value=50_000_000,
        decimal_places=0,
        help_text=_("Leave empty to use the catalogue's cost."),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = items  # type: ignore[attr-defined]
