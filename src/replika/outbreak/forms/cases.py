"""Forms for cases, lab tests, transfers, contacts, follow-up and clusters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, Wilayah
from replika.outbreak.models import (
    Cluster,
    Disease,
    ExposureType,
    Outcome,
    PlaceOfCare,
    Sex,
    TestResult,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NIK = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 16})


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.region.name})"


class PlaceField(forms.ModelChoiceField):
    """A nagari/kelurahan of the region (by name, with its kecamatan)."""

    def label_from_instance(self, obj: Any) -> str:
        parent = obj.parent.name if obj.parent_id else ""
        return f"{obj.name} — {parent}" if parent else obj.name


def places_in(regions: QuerySet[Wilayah]) -> QuerySet[Wilayah]:
    """The desa-level places under some kab/kota."""
    codes = [r.code for r in regions]
    qs = Wilayah.objects.filter(level=4).select_related("parent")
    if not codes:
        return qs.none()
    from django.db.models import Q

    condition = Q()
    for code in codes:
        condition |= Q(code__startswith=code + ".")
    return qs.filter(condition).order_by("parent__name", "name")


class CaseForm(forms.Form):
    """A case as a facility reports it."""

    unit = UnitChoice(label=_("Reporting facility"), queryset=Unit.objects.none())
    disease = forms.ModelChoiceField(label=_("Disease"), queryset=Disease.objects.none())
    classification = forms.CharField(label=_("Classification"), max_length=30)
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False, widget=NIK)
    name = forms.CharField(label=_("Name"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = _date(_("Birth date"))
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    location = PlaceField(
        label=_("Nagari / kelurahan"), queryset=Wilayah.objects.none(), required=False
    )
    occupation = forms.CharField(label=_("Occupation"), max_length=80, required=False)
    reported_on = _date(_("Report date"), required=True)
    onset_date = _date(_("Symptom onset"))
    symptoms = forms.CharField(label=_("Symptoms"), max_length=255, required=False)
    comorbidities = forms.CharField(label=_("Comorbidities"), max_length=255, required=False)
    exposure = forms.CharField(label=_("Exposure / travel history"), max_length=255, required=False)
    place_of_care = forms.ChoiceField(
        label=_("Place of care"), choices=PlaceOfCare.choices, required=False
    )
    submit = forms.BooleanField(
        label=_("Send to the Dinas for verification now"), required=False, initial=True
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], diseases: QuerySet[Disease], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        only = list(units[:2])
        if len(only) == 1:
            # A facility's officer reports for their own facility: no choice to make.
            self.fields["unit"].initial = only[0].pk
            self.fields["unit"].empty_label = None  # type: ignore[attr-defined]
        self.fields["disease"].queryset = diseases  # type: ignore[attr-defined]
        regions = Wilayah.objects.filter(pk__in=units.values("region_id"))
        self.fields["location"].queryset = places_in(regions)  # type: ignore[attr-defined]
        codes: dict[str, str] = {}
        for disease in diseases:
            for code, label in disease.classifications:
                codes.setdefault(code, label)
        self.fields["classification"] = forms.ChoiceField(
            label=_("Classification"), choices=list(codes.items())
        )


class CaseEditForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False, widget=NIK)
    name = forms.CharField(label=_("Name"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = _date(_("Birth date"))
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    occupation = forms.CharField(label=_("Occupation"), max_length=80, required=False)
    onset_date = _date(_("Symptom onset"))
    symptoms = forms.CharField(label=_("Symptoms"), max_length=255, required=False)
    symptoms_end = _date(_("Symptoms ended"))
    comorbidities = forms.CharField(label=_("Comorbidities"), max_length=255, required=False)
    exposure = forms.CharField(label=_("Exposure / travel history"), max_length=255, required=False)
    place_of_care = forms.ChoiceField(
        label=_("Place of care"), choices=PlaceOfCare.choices, required=False
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class ClassifyForm(forms.Form):
    classification = forms.ChoiceField(label=_("New classification"), choices=())
    on = _date(_("Date"), required=True)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, disease: Disease, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["classification"].choices = [tuple(pair) for pair in disease.classifications]  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in Outcome.choices if c[0]])
    on = _date(_("Date"), required=True)
    symptoms_end = _date(_("Symptoms ended"))


class LabTestForm(forms.Form):
    specimen_type = forms.CharField(label=_("Specimen"), max_length=40)
    specimen_date = _date(_("Specimen date"), required=True)
    lab = UnitChoice(label=_("Laboratory"), queryset=Unit.objects.none(), required=False)
    method = forms.CharField(label=_("Method"), max_length=40)
    result = forms.ChoiceField(label=_("Result"), choices=TestResult.choices)
    result_date = _date(_("Result date"))

    def __init__(self, *args: Any, labs: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["lab"].queryset = labs  # type: ignore[attr-defined]


class LabResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=[c for c in TestResult.choices if c[0] != "pending"]
    )
    result_date = _date(_("Result date"), required=True)


class TransferForm(forms.Form):
    to_unit = UnitChoice(label=_("Receiving facility"), queryset=Unit.objects.none())
    comment = forms.CharField(label=_("Comment"), max_length=255)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units  # type: ignore[attr-defined]


class TransferAnswerForm(forms.Form):
    ACCEPT = "accept"
    DECLINE = "decline"
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[(ACCEPT, _("Accept the case")), (DECLINE, _("Decline the transfer"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Comment"),
        max_length=255,
        required=False,
        help_text=_("Required when declining."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.DECLINE and not data.get("answer", "").strip():
            self.add_error("answer", _("Say why the transfer is declined."))
        return data


class ClusterLinkForm(forms.Form):
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=Cluster.objects.none(), required=False
    )

    def __init__(self, *args: Any, clusters: QuerySet[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters  # type: ignore[attr-defined]


class ClusterForm(forms.Form):
    disease = forms.ModelChoiceField(label=_("Disease"), queryset=Disease.objects.none())
    name = forms.CharField(label=_("Name"), max_length=120)
    setting = forms.CharField(
        label=_("Setting (household, office, school…)"), max_length=60, required=False
    )
    opened_on = _date(_("Opened on"), required=True)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, diseases: QuerySet[Disease], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["disease"].queryset = diseases  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False, widget=NIK)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    location = PlaceField(
        label=_("Nagari / kelurahan"), queryset=Wilayah.objects.none(), required=False
    )
    relationship = forms.CharField(
        label=_("Relationship to the case"), max_length=60, required=False
    )
    exposure_date = _date(_("Last exposure"), required=True)
    exposure_type = forms.ChoiceField(label=_("Exposure type"), choices=ExposureType.choices)
    place = forms.CharField(label=_("Place of exposure"), max_length=120, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=0, max_value=43200
    )

    def __init__(self, *args: Any, region: Wilayah, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = places_in(Wilayah.objects.filter(pk=region.pk))  # type: ignore[attr-defined]


class EndDateForm(forms.Form):
    until = _date(_("Follow up until"), required=True)


class FollowUpForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            ("seen", _("Seen, well")),
            ("symptomatic", _("Symptomatic")),
            ("not_reached", _("Not reached")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ToCaseForm(forms.Form):
    classification = forms.ChoiceField(label=_("Classification"), choices=())
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False, widget=NIK)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = _date(_("Birth date"))
    onset_date = _date(_("Symptom onset"))
    symptoms = forms.CharField(label=_("Symptoms"), max_length=255, required=False)

    def __init__(self, *args: Any, disease: Disease, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["classification"].choices = [tuple(pair) for pair in disease.classifications]  # type: ignore[attr-defined]


class CaseFilter(forms.Form):
    q = forms.CharField(label=_("Name, case code or NIK"), max_length=40, required=False)
    disease = forms.ModelChoiceField(
        label=_("Disease"), queryset=Disease.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("draft", _("Draft")),
            ("pending", _("Pending verification")),
            ("verified", _("Verified")),
            ("declined", _("Declined")),
        ],
    )

    def __init__(self, *args: Any, diseases: QuerySet[Disease], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["disease"].queryset = diseases  # type: ignore[attr-defined]
