"""Forms for SKDR, logistics, the disease catalogue, imports and the dashboard filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, Wilayah
from replika.outbreak.forms.cases import DATE, UnitChoice
from replika.outbreak.models import Disease, Item, Priority
from replika.outbreak.rules import catalogue

LINES = 5  # item lines on the request form


class SkdrForm(forms.Form):
    unit = UnitChoice(label=_("Facility"), queryset=Unit.objects.none())
    disease = forms.ModelChoiceField(label=_("Disease"), queryset=Disease.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    week = forms.IntegerField(label=_("Epidemiological week"), min_value=1, max_value=53)
    cases = forms.IntegerField(label=_("Cases"), min_value=0, max_value=1_000_000)
    deaths = forms.IntegerField(label=_("Deaths"), min_value=0, max_value=1_000_000, initial=0)
    visits = forms.IntegerField(
        label=_("All new patients (any diagnosis)"),
        min_value=0,
        max_value=10_000_000,
        required=False,
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], diseases: QuerySet[Disease], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["disease"].queryset = diseases.exclude(skdr_code="")  # type: ignore[attr-defined]


class RequestForm(forms.Form):
    unit = UnitChoice(label=_("Facility"), queryset=Unit.objects.none())
    applicant = forms.CharField(label=_("Applicant"), max_length=120)
    letter_number = forms.CharField(label=_("Letter number"), max_length=60)
    letter = forms.FileField(label=_("Letter (PDF)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        for n in range(LINES):
            self.fields[f"item_{n}"] = forms.ModelChoiceField(
                label=_("Item %(n)s") % {"n": n + 1}, queryset=Item.objects.all(), required=n == 0
            )
            self.fields[f"quantity_{n}"] = forms.IntegerField(
                label=_("Quantity"), min_value=1, max_value=1_000_000, required=n == 0
            )
            self.fields[f"usage_{n}"] = forms.CharField(
                label=_("Usage"), max_length=120, required=False
            )
            self.fields[f"priority_{n}"] = forms.ChoiceField(
                label=_("Priority"),
                choices=Priority.choices,
                initial=Priority.MEDIUM,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(LINES):
            item, quantity = data.get(f"item_{n}"), data.get(f"quantity_{n}")
            if item is not None and quantity is None:
                self.add_error(f"quantity_{n}", _("Enter the quantity."))
            if item is None and quantity is not None:
                self.add_error(f"item_{n}", _("Choose the item."))
        return data


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=255)


class ApproveForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, warehouses: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = warehouses  # type: ignore[attr-defined]


class RealiseForm(forms.Form):
    """One sent item and quantity per requested line (substitutes allowed)."""

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"item_{line.pk}"] = forms.ModelChoiceField(
                label=_("Sent for: %(item)s × %(qty)s") % {"item": line.item, "qty": line.quantity},
                queryset=Item.objects.all(),
                initial=line.item_id,
            )
            self.fields[f"quantity_{line.pk}"] = forms.IntegerField(
                label=_("Quantity sent"), min_value=0, max_value=1_000_000, initial=line.quantity
            )


class StockForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Unit.objects.none())
    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.all())
    quantity = forms.IntegerField(label=_("Quantity in stock"), min_value=0, max_value=1_000_000)

    def __init__(self, *args: Any, warehouses: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = warehouses  # type: ignore[attr-defined]


class AdoptForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Wilayah.objects.none())
    code = forms.ChoiceField(
        label=_("Disease from the province list"),
        choices=[(d.code, d.name) for d in catalogue.PROVINCE_DISEASES],
    )

    def __init__(self, *args: Any, regions: QuerySet[Wilayah], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class DiseaseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    contact_before = forms.IntegerField(
        label=_("Contact window: days before onset/specimen"), min_value=0, max_value=30
    )
    contact_after = forms.IntegerField(
        label=_("Contact window: days after"), min_value=0, max_value=60
    )
    follow_up_days = forms.IntegerField(label=_("Follow-up days"), min_value=0, max_value=60)
    isolation_days = forms.IntegerField(label=_("Isolation days"), min_value=0, max_value=60)
    symptom_free_days = forms.IntegerField(
        label=_("Symptom-free days before isolation ends"), min_value=0, max_value=30
    )
    skdr_code = forms.CharField(label=_("SKDR code"), max_length=8, required=False)
    weekly_threshold = forms.IntegerField(
        label=_("Weekly alert threshold (0: none)"), min_value=0, max_value=100000
    )
    nik_required = forms.BooleanField(label=_("NIK required"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False)
    classifications = forms.MultipleChoiceField(
        label=_("Case classifications used in this region"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Chosen from the province list. A classification that cases already use cannot be "
            "dropped."
        ),
        error_messages={"required": _("Keep at least one classification.")},
    )

    def __init__(self, *args: Any, disease: Disease, **kwargs: Any):
        super().__init__(*args, **kwargs)
        entry = catalogue.template(disease.code)
        pairs = entry.classifications if entry else disease.classifications
        self.fields["classifications"].choices = [  # type: ignore[attr-defined]
            (code, label) for code, label in pairs
        ]


class ImportForm(forms.Form):
    unit = UnitChoice(label=_("Facility"), queryset=Unit.objects.none())
    disease = forms.ModelChoiceField(label=_("Disease"), queryset=Disease.objects.none())
    file = forms.FileField(label=_("Case line list (CSV or xlsx)"))

    def __init__(
        self, *args: Any, units: QuerySet[Unit], diseases: QuerySet[Disease], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["disease"].queryset = diseases  # type: ignore[attr-defined]


class SkdrImportForm(forms.Form):
    file = forms.FileField(label=_("SKDR W2 weekly counts (CSV or xlsx)"))


class DashboardFilter(forms.Form):
    disease = forms.ChoiceField(
        label=_("Disease"), choices=[(d.code, d.name) for d in catalogue.PROVINCE_DISEASES]
    )
    wilayah = forms.ModelChoiceField(
        label=_("Area"), queryset=Wilayah.objects.none(), required=False, to_field_name="code"
    )
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("To"), widget=DATE, required=False)

    def __init__(self, *args: Any, places: QuerySet[Wilayah], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].queryset = places  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("start", _("The start must not be after the end."))
        if start and end and (end - start).days > 731:
            self.add_error("start", _("Ask for at most two years at a time."))
        return data
