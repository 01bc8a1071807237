"""Forms of the replication app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from replika.replication.models import Innovation, Stage


class CommitmentForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    signed_on = forms.DateField(
        label=_("Signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    signatories = forms.CharField(label=_("Signatories"), max_length=255, required=False)
    stopped_reason = forms.CharField(
        label=_("Reason for stopping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the stage is Stopped."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class NewCommitmentForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, to_field_name="code")
    innovation = forms.ModelChoiceField(
        label=_("Innovation"), queryset=Innovation.objects.all(), to_field_name="code"
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, initial=Stage.COMMITTED)
    signed_on = forms.DateField(
        label=_("Signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, regions=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
