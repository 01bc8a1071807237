"""Forms of the follow-up pages: referrals and the Rumah Gizi programme."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit
from replika.nutrition.forms.fields import date, measured
from replika.nutrition.models import (
    ReferralReason,
    ReferralStatus,
    RumahGiziStatus,
)
from replika.nutrition.rules import followup as rg


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
    q = forms.CharField(label=_("Name"), required=False, max_length=60)
    unit = forms.ModelChoiceField(
        label=_("Posyandu"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All posyandu"),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the posyandu the user may see are offered; another one is a field error.
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units


# Reasons that concern a child (KEK and anaemia concern a pregnancy or an adolescent girl).
CHILD_REASONS = [
    (value, label)
    for value, label in ReferralReason.choices
    if value
    not in {
        ReferralReason.KEK,
        ReferralReason.ANAEMIA,
        ReferralReason.KEK_GIRL,
        ReferralReason.ANAEMIA_GIRL,
    }
]


class ReferralOpenForm(forms.Form):
    """Refer a child to the puskesmas."""

    reason = forms.ChoiceField(label=_("Reason"), choices=CHILD_REASONS)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReferralAdvanceForm(forms.Form):
    """The next step of one referral: only the statuses the workflow allows are offered."""

    status = forms.ChoiceField(
        label=_("New status"),
        help_text=_("Required: choose the step the referral has reached."),
        error_messages={"required": _("Choose the step the referral has reached.")},
    )
    on = date(_("Date"), required=False, today=True)
    note = forms.CharField(
        label=_("Outcome of this step"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required: what the puskesmas found or did (when closing, why the referral is closed)."
        ),
        error_messages={"required": _("Write what the puskesmas found or did at this step.")},
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = rg.next_statuses(current)
        # Only the steps the workflow allows are offered, after an empty choice, so an
        # untouched form never advances the referral; anything else is a field error.
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("— choose the step —")),
            *((value, label) for value, label in ReferralStatus.choices if value in allowed),
        ]


class EnrolmentForm(forms.Form):
    """Enrol the referred child at one of the region's Rumah Gizi."""

    rumah_gizi = forms.ModelChoiceField(label=_("Rumah Gizi"), queryset=Unit.objects.none())
    enrolled_on = date(_("Enrolled on"), today=True)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["rumah_gizi"]).queryset = units


class EnrolmentFilterForm(forms.Form):
    """Filter of the Rumah Gizi list."""

    status = forms.ChoiceField(
        label=_("Status"), choices=_any(RumahGiziStatus.choices), required=False
    )


class FeedingDayForm(forms.Form):
    """A day of supplementary feeding."""

    day = date(_("Day"), today=True)
    menu = forms.CharField(label=_("Menu"), max_length=200, required=False)


class WeeklyWeightForm(forms.Form):
    """A weekly weighing at the Rumah Gizi."""

    measured_on = date(_("Weighed on"), today=True)
    weight = measured("weight", _("Weight (kg)"), required=True)
    lenhei = measured("lenhei", _("Length or height (cm)"), required=True)
    measure = forms.ChoiceField(
        label=_("Measurement position"),
        choices=[("l", _("lying (length)")), ("h", _("standing (height)")), ("", _("not known"))],
        required=False,
    )
    armc = measured("armc", _("Upper-arm circumference, LiLA (cm)"))
    oedema = forms.BooleanField(label=_("Bilateral pitting oedema"), required=False)


class ExitForm(forms.Form):
    """Leaving the Rumah Gizi before graduation."""

    reason = forms.CharField(label=_("Reason for leaving"), max_length=200)
    on = date(_("Left on"), today=True)
