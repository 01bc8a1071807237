"""Monthly report forms (accommodation and attraction), the period chooser, moderation."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from replika.tourism.forms.fields import count, date
from replika.tourism.models import Place
from replika.tourism.rules import AXES


class AccommodationReportForm(forms.Form):
    """The VHTS questionnaire's monthly figures."""

    rooms = count(
        _("Rooms available"),
        "rooms",
        required=False,
        help_text=_("Blank: the rooms in the registry."),
    )
    beds = count(
        _("Beds available"), "beds", required=False, help_text=_("Blank: the beds in the registry.")
    )
    days = count(
        _("Days open this month"),
        "days",
        required=False,
        help_text=_("Blank: every day of the month."),
    )
    rooms_sold = count(
        _("Room-nights sold"), help_text=_("Rooms occupied, summed over the nights.")
    )
    guests_domestic = count(_("Guests arriving, domestic"))
    guests_foreign = count(_("Guests arriving, foreign"), required=False)
    nights_domestic = count(_("Guest-nights, domestic"))
    nights_foreign = count(_("Guest-nights, foreign"), required=False)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=255,
        help_text=_("Only when correcting a month already filed."),
    )

    def figures(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class AttractionReportForm(forms.Form):
    """Visitors of an attraction or a tourism village in the month."""

    visitors_domestic = count(_("Visitors, domestic"))
    visitors_foreign = count(_("Visitors, foreign"), required=False)
    ticket_revenue = count(_("Ticket revenue (Rp, optional)"), "ticket_revenue", required=False)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=255,
        help_text=_("Only when correcting a month already filed."),
    )

    def figures(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    starts_on = date(_("Starts on"))
    ends_on = date(_("Ends on"))
    venue = forms.CharField(label=_("Venue"), required=False, max_length=160)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea
    )
    place: forms.ModelChoiceField[Place] = forms.ModelChoiceField(
        label=_("Registry entry"), queryset=Place.objects.none(), required=False
    )

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["place"]).queryset = places

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The event cannot end before it starts."))
        return data


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and publish")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note to the submitter"), required=False, max_length=255)


class AssessmentForm(forms.Form):
    """The five ADWI axes, each scored 0–100 by the village itself."""

    assessed_on = date(_("Assessed on"))
    daya_tarik = count(_("Attractions (daya tarik)"), "score")
    amenitas = count(_("Amenities (amenitas)"), "score")
    digital = count(_("Digital presence"), "score")
    kelembagaan = count(_("People and institutions"), "score")
    resiliensi = count(_("Resilience and sustainability"), "score")
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea
    )

    def scores(self) -> dict[str, int]:
        return {axis: self.cleaned_data[axis] for axis in AXES}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )
