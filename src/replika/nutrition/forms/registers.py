"""Forms of the registers: children, mothers, pregnancies and visits, adolescent girls."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit
from replika.nutrition.forms import fields
from replika.nutrition.models import Sex

PERSONAL_FIELDS = ("nik", "no_kk", "mother_nik", "father_nik", "address", "phone")


class PosyanduForm(forms.Form):
    """A form whose first field is the posyandu, limited to those the user may act on."""

    unit = forms.ModelChoiceField(label=_("Posyandu"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[Unit], personal: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if not personal:
            # Roles without VIEW_PERSONAL never see nor overwrite personal fields.
            for name in PERSONAL_FIELDS:
                self.fields.pop(name, None)


class ChildForm(PosyanduForm):
    """A child's e-PPGBM base fields."""

    name = forms.CharField(label=_("Child's name"), max_length=120)
    sex = forms.TypedChoiceField(
        label=_("Sex"), choices=Sex.choices, coerce=int, widget=forms.RadioSelect
    )
    birth_date = fields.date(_("Birth date"))
    nik = fields.nik(_("Child's NIK"))
    no_kk = fields.nik(_("Family card number (No KK)"))
    birth_order = forms.IntegerField(label=_("Child number"), required=False, min_value=1)
    birth_weight = fields.measured("birth_weight", _("Birth weight (kg)"))
    birth_length = fields.measured("birth_length", _("Birth length (cm)"))
    mother_name = forms.CharField(label=_("Mother's name"), max_length=120, required=False)
    mother_nik = fields.nik(_("Mother's NIK"))
    father_nik = fields.nik(_("Father's NIK"))
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    has_kia_book = forms.BooleanField(label=_("Has a KIA/KMS book"), required=False, initial=True)


class ChildEditForm(ChildForm):
    """A child's register entry, with leaving the posyandu."""

    active = forms.BooleanField(label=_("Still followed at this posyandu"), required=False)
    exit_reason = forms.CharField(label=_("Reason for leaving"), max_length=120, required=False)


class MotherForm(PosyanduForm):
    """A mother or pregnant woman."""

    name = forms.CharField(label=_("Name"), max_length=120)
    nik = fields.nik(_("NIK"))
    no_kk = fields.nik(_("Family card number (No KK)"))
    birth_date = fields.date(_("Birth date"), required=False)
    phone = forms.CharField(
        label=_("Phone (WhatsApp)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)


class GirlForm(PosyanduForm):
    """An adolescent girl."""

    name = forms.CharField(label=_("Name"), max_length=120)
    birth_date = fields.date(_("Birth date"))
    nik = fields.nik(_("NIK"))
    school = forms.CharField(label=_("School"), max_length=160, required=False)


class PregnancyForm(forms.Form):
    """A new pregnancy."""

    last_period = fields.date(_("First day of last period (HPHT)"), required=False)
    due_date = fields.date(
        _("Expected delivery date"),
        required=False,
        help_text=_("Left empty: 280 days after the last period."),
    )
    gravida = forms.IntegerField(label=_("Pregnancy number"), required=False, min_value=1)


class VisitForm(forms.Form):
    """An antenatal visit."""

    visit_date = fields.date(_("Visit date"), today=True)
    weight = fields.measured("mother_weight", _("Weight (kg)"))
    lila_cm = fields.measured("lila_cm", _("Upper-arm circumference, LiLA (cm)"))
    hb_g_dl = fields.measured("hb_g_dl", _("Haemoglobin (g/dL)"))
    ttd_tablets = forms.IntegerField(
        label=_("Iron tablets given"), min_value=0, max_value=200, initial=0
    )


class ScreeningForm(forms.Form):
    """An adolescent girl's screening: weight, height, LiLA, Hb and iron tablets."""

    screened_on = fields.date(_("Date"), today=True)
    weight = fields.measured("girl_weight", _("Weight (kg)"))
    height = fields.measured("girl_height", _("Height (cm)"))
    lila_cm = fields.measured("lila_cm", _("Upper-arm circumference, LiLA (cm)"))
    hb_g_dl = fields.measured("hb_g_dl", _("Haemoglobin (g/dL)"))
    ttd_tablets = forms.IntegerField(
        label=_("Iron tablets given"), min_value=0, max_value=60, initial=0
    )


class SearchForm(forms.Form):
    """Search a register by name or NIK, optionally at one posyandu."""

    q = forms.CharField(label=_("Name or NIK"), required=False, max_length=40)
    unit = forms.ModelChoiceField(
        label=_("Posyandu"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All posyandu"),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
