"""Forms of the follow-up pages (referrals, Rumah Gizi) and of the education pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, Wilayah
from replika.nutrition import rumah_gizi_rules as rg
from replika.nutrition import unit_kinds
from replika.nutrition.models import (
    Article,
    FacilityProfile,
    ReferralReason,
    ReferralStatus,
    RumahGiziStatus,
)

DATE = {"type": "date"}
# A label: plain or lazily translated text.
StrOrPromise = Any


def _date(label: StrOrPromise, required: bool = True) -> forms.DateField:
    """A date typed with the phone's date picker, today by default."""
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs=DATE),
    )


def _number(label: StrOrPromise, low: float, high: float, decimals: int) -> forms.DecimalField:
    """A required measurement typed with the phone's number pad."""
    return forms.DecimalField(
        label=label,
        min_value=low,
        max_value=high,
        decimal_places=decimals,
        widget=forms.NumberInput(attrs={"step": 10**-decimals, "inputmode": "decimal"}),
    )


def _any(choices: Any) -> list[tuple[str, Any]]:
    """Choices with a leading “all” entry, for list filters."""
    return [("", _("all")), *choices]


class ReferralFilterForm(forms.Form):
    """Filters of the referral list; an unknown value is an error on its field."""

    status = forms.ChoiceField(
        label=_("Status"), choices=_any(ReferralStatus.choices), required=False
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=_any(ReferralReason.choices), required=False
    )
    overdue = forms.BooleanField(
        label=_("Only overdue (referred more than 14 days ago, not examined)"), required=False
    )


# Reasons that concern a child (KEK and anaemia concern a pregnancy).
CHILD_REASONS = [
    (value, label)
    for value, label in ReferralReason.choices
    if value not in {ReferralReason.KEK, ReferralReason.ANAEMIA}
]


class ReferralOpenForm(forms.Form):
    """Refer a child to the puskesmas."""

    reason = forms.ChoiceField(label=_("Reason"), choices=CHILD_REASONS)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReferralAdvanceForm(forms.Form):
    """The next step of one referral: only the statuses the workflow allows are offered."""

    status = forms.ChoiceField(label=_("New status"))
    on = _date(_("Date"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when closing the referral."),
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = rg.next_statuses(current)
        # Only the steps the workflow allows are offered; anything else is a field error.
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in ReferralStatus.choices if value in allowed
        ]


def rumah_gizi_units(region: Wilayah) -> QuerySet[Unit]:
    """The active Rumah Gizi of a region (facility names, no personal data)."""
    return Unit.objects.filter(region=region, kind=unit_kinds.RUMAH_GIZI, active=True).order_by(
        "name"
    )


class EnrolmentForm(forms.Form):
    """Enrol the referred child at one of the region's Rumah Gizi."""

    rumah_gizi = forms.ModelChoiceField(label=_("Rumah Gizi"), queryset=Unit.objects.none())
    enrolled_on = _date(_("Enrolled on"))

    def __init__(self, *args: Any, region: Wilayah, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["rumah_gizi"]).queryset = rumah_gizi_units(region)


class EnrolmentFilterForm(forms.Form):
    """Filter of the Rumah Gizi list."""

    status = forms.ChoiceField(
        label=_("Status"), choices=_any(RumahGiziStatus.choices), required=False
    )


class FeedingDayForm(forms.Form):
    """A day of supplementary feeding."""

    day = _date(_("Day"))
    menu = forms.CharField(label=_("Menu"), max_length=200, required=False)


class WeeklyWeightForm(forms.Form):
    """A weekly weighing at the Rumah Gizi."""

    measured_on = _date(_("Weighed on"))
    weight = _number(_("Weight (kg)"), 0.5, 60, 2)
    lenhei = _number(_("Length or height (cm)"), 35, 130, 1)
    measure = forms.ChoiceField(
        label=_("Measurement position"),
        choices=[("l", _("lying (length)")), ("h", _("standing (height)")), ("", _("not known"))],
        required=False,
    )


class ExitForm(forms.Form):
    """Leaving the Rumah Gizi before graduation."""

    reason = forms.CharField(label=_("Reason for leaving"), max_length=200)
    on = _date(_("Left on"))


# --- education -------------------------------------------------------------------------


class ArticleForm(forms.ModelForm):
    """An education article."""

    class Meta:
        model = Article
        fields = ("title", "audience", "body", "published")
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class PregnancyClassForm(forms.Form):
    """A session of the pregnant-women class of a puskesmas."""

    unit = forms.ModelChoiceField(label=_("Puskesmas"), queryset=Unit.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    facilitator = forms.CharField(label=_("Facilitator"), max_length=120, required=False)
    online = forms.BooleanField(label=_("Online (WhatsApp)"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units


class AttendanceForm(forms.Form):
    """Which mothers of the puskesmas area attended a class."""

    mothers = forms.MultipleChoiceField(
        label=_("Mothers present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, mothers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["mothers"]).choices = [
            (str(pk), name) for pk, name in mothers
        ]


class FacilityProfileForm(forms.ModelForm):
    """The WhatsApp group link a posyandu or puskesmas publishes."""

    class Meta:
        model = FacilityProfile
        fields = ("whatsapp_url",)

    def clean_whatsapp_url(self) -> str:
        url: str = self.cleaned_data["whatsapp_url"]
        if url and not url.startswith(("https://chat.whatsapp.com/", "https://wa.me/")):
            raise forms.ValidationError(
                _("Enter a WhatsApp link (https://chat.whatsapp.com/… or https://wa.me/…).")
            )
        return url
