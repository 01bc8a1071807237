"""Forms of the replication app."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.models import Wilayah
from replika.replication.models import Commitment, Innovation, MilestoneStatus, Stage
from replika.replication.rules import allowed_next


class CommitmentForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    signatories = forms.CharField(label=_("Signatories"), max_length=255, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class InnovationForm(forms.ModelForm):
    """A candidate innovation the province adds to the catalogue."""

    class Meta:
        model = Innovation
        fields = (
            "acronym",
            "name",
            "origin_region",
            "owner_agency",
            "award",
            "award_year",
            "category",
            "summary",
            "must_keep",
            "may_modify",
        )
        widgets: ClassVar = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "must_keep": forms.Textarea(attrs={"rows": 3}),
            "may_modify": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_award_year(self) -> int | None:
        year: int | None = self.cleaned_data["award_year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("The date cannot be in the future."))
        return year


class NewCommitmentForm(forms.Form):
    region: forms.ModelChoiceField[Wilayah] = forms.ModelChoiceField(
        label=_("Region"), queryset=None, to_field_name="code"
    )
    innovation = forms.ModelChoiceField(
        label=_("Innovation"), queryset=Innovation.objects.all(), to_field_name="code"
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, initial=Stage.COMMITTED)
    signed_on = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, regions: QuerySet[Wilayah], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions


class TransitionForm(forms.Form):
    """Move a commitment to one of the stages its current stage allows."""

    to_stage = forms.ChoiceField(label=_("New stage"))
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for today."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when stopping: say why."),
    )
    evidence = forms.FileField(
        label=_("Evidence (PDF or image)"),
        required=False,
        help_text=_("A signed commitment letter, a regulation such as a Perwali, a launch report."),
    )

    def __init__(self, *args: Any, commitment: Commitment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        cast(forms.ChoiceField, self.fields["to_stage"]).choices = [
            (s, labels[s]) for s in allowed_next(commitment.stage)
        ]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    owner = forms.CharField(label=_("Owner"), max_length=120)
    due_on = forms.DateField(
        label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=MilestoneStatus.choices, initial=MilestoneStatus.PLANNED
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence (PDF or image, at most 10 MB)"))


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MentoringForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    participants = forms.CharField(
        label=_("Participants"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_ups = forms.CharField(
        label=_("Agreed follow-ups"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: what; who; due date (YYYY-MM-DD). Each becomes a milestone."),
    )
