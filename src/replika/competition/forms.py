"""Forms of the competition; the services make the final checks."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from replika.competition.models import Call, Group
from replika.competition.rules import CRITERIA, DEFAULT_WEIGHTS
from replika.competition.services import CALL_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    groups = forms.MultipleChoiceField(
        label=_("Groups"), choices=Group.choices, widget=forms.CheckboxSelectMultiple
    )
    proposal_deadline = forms.DateField(label=_("Proposal deadline"), widget=DATE)
    evaluation_deadline = forms.DateField(label=_("Evaluation deadline"), widget=DATE)
    presentation_date = forms.DateField(label=_("Presentation date"), widget=DATE)
    top_n = forms.IntegerField(label=_("Top N to the presentation"), min_value=1, initial=10)
    winner_count = forms.IntegerField(label=_("Number of winners"), min_value=1, initial=3)
    presentation_weight = forms.IntegerField(
        label=_("Weight of the presentation (%)"),
        min_value=0,
        max_value=100,
        initial=30,
        help_text=_("Final score = evaluation × (100 − w)% + presentation × w%."),
    )
    is_published = forms.BooleanField(label=_("Announce the call publicly"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in CRITERIA:
            self.fields[f"weight_{code}"] = forms.IntegerField(
                label=_("Weight: %s") % label,
                min_value=0,
                max_value=100,
                initial=DEFAULT_WEIGHTS[code],
            )

    def to_service(self) -> dict[str, Any]:
        """The cleaned data as the call services take it."""
        data = dict(self.cleaned_data)
        data["weights"] = {code: data.pop(f"weight_{code}") for code, _label in CRITERIA}
        data["description"] = data.get("description", "")
        return data

    @staticmethod
    def initial_for(call: Call) -> dict[str, Any]:
        """Initial values from an existing call."""
        initial: dict[str, Any] = {
            key: getattr(call, key) for key in CALL_FIELDS if key != "weights"
        }
        initial.update({f"weight_{code}": w for code, w in call.weights.items()})
        return initial


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title of the innovation"), max_length=200)
    unit_name = forms.CharField(label=_("Proposing unit or agency"), max_length=200)
    group = forms.ChoiceField(label=_("Group"), choices=Group.choices)
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("A link to the presentation video (YouTube, Google Drive, …)."),
    )

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["group"]).choices = [
            c for c in Group.choices if c[0] in call.groups
        ]
        for code, label in CRITERIA:
            self.fields[f"section_{code}"] = forms.CharField(
                label=label,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def to_service(self) -> dict[str, Any]:
        """The cleaned data as the proposal services take it."""
        data = dict(self.cleaned_data)
        data["sections"] = {code: data.pop(f"section_{code}") for code, _label in CRITERIA}
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class CheckForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Passed")), ("0", _("Failed"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(forms.Form):
    proposal: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Proposal"), queryset=None
    )
    evaluator: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Evaluator"), queryset=None
    )

    def __init__(self, *args: Any, proposals: Any, evaluators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["proposal"]).queryset = proposals
        cast(forms.ModelChoiceField, self.fields["evaluator"]).queryset = evaluators


class ScoreForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in CRITERIA:
            self.fields[f"score_{code}"] = forms.IntegerField(
                label=_("%s (0–100)") % label, min_value=0, max_value=100
            )
            self.fields[f"comment_{code}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"score_{code}"] for code, _label in CRITERIA}

    def comments(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"comment_{code}"] for code, _label in CRITERIA}


class PanelScoreForm(forms.Form):
    value = forms.IntegerField(label=_("Presentation score (0–100)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Panel note (published with the results)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvaluatorForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("An existing account; add the person under Users first."),
    )
    home_region: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Home region"),
        queryset=None,
        required=False,
        to_field_name="code",
        help_text=_("Leave empty for evaluators from outside the regions."),
    )
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["home_region"]).queryset = regions
