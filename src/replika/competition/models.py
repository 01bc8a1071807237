"""The provincial innovation competition: calls, proposals, evaluators, scores."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.competition.rules import CRITERIA, DEFAULT_WEIGHTS
from replika.core.models import User, Wilayah
from replika.core.tenancy import Tenant


class CallStage(models.TextChoices):
    PROPOSAL = "proposal", _("Proposals open")
    ADMIN_CHECK = "admin_check", _("Administrative check")
    EVALUATION = "evaluation", _("Evaluation")
    SHORTLIST = "shortlist", _("Top N announced")
    PRESENTATION = "presentation", _("Presentation")
    WINNERS = "winners", _("Winners published")


STAGE_ORDER: list[str] = list(CallStage.values)


class Group(models.TextChoices):
    UMUM = "umum", _("General (Umum)")
    REPLIKASI = "replikasi", _("Replication (Replikasi)")
    KHUSUS = "khusus", _("Special (Khusus)")


def default_weights() -> dict[str, int]:
    """The KIPP 2023 weights, a fresh dict per call."""
    return dict(DEFAULT_WEIGHTS)


def default_groups() -> list[str]:
    """Every group is open unless the organiser narrows the call."""
    return list(Group.values)


class Call(models.Model):
    """One round of the competition, run by the province (not tenant data)."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    groups = models.JSONField(_("groups"), default=default_groups)
    weights = models.JSONField(_("criteria weights"), default=default_weights)
    stage = models.CharField(
        _("stage"), max_length=20, choices=CallStage.choices, default=CallStage.PROPOSAL
    )
    is_published = models.BooleanField(
        _("announced publicly"), default=False, help_text=_("Shown to everyone in the call list.")
    )
    proposal_deadline = models.DateField(_("proposal deadline"))
    evaluation_deadline = models.DateField(_("evaluation deadline"))
    presentation_date = models.DateField(_("presentation date"))
    top_n = models.PositiveSmallIntegerField(_("top N to presentation"), default=10)
    winner_count = models.PositiveSmallIntegerField(_("number of winners"), default=3)
    presentation_weight = models.PositiveSmallIntegerField(
        _("presentation weight (%)"),
        default=30,
        help_text=_("Share of the final score taken by the panel's presentation score."),
    )
    results_published_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-year", "name"]
        verbose_name = _("competition call")
        verbose_name_plural = _("competition calls")

    def __str__(self) -> str:
        return self.name

    @property
    def results_public(self) -> bool:
        """Whether the ranking may be shown to everyone."""
        return self.stage == CallStage.WINNERS

    def stage_index(self) -> int:
        """Position of the current stage in the stage order."""
        return STAGE_ORDER.index(self.stage)

    def group_labels(self) -> list[str]:
        """Labels of the groups this call accepts."""
        return [str(label) for value, label in Group.choices if value in self.groups]

    def criteria(self) -> list[tuple[str, str, int]]:
        """(code, label, weight) of each criterion in this call."""
        return [(code, str(label), int(self.weights.get(code, 0))) for code, label in CRITERIA]


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class AdminCheck(models.TextChoices):
    PENDING = "pending", _("Not checked yet")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class Proposal(models.Model):
    """An innovation proposed by a region's unit to a call."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="proposals")
    region = models.ForeignKey(
        Wilayah,
        on_delete=models.PROTECT,
        related_name="competition_proposals",
        limit_choices_to={"level": Wilayah.REGION},
        verbose_name=_("proposing region"),
    )
    unit_name = models.CharField(_("unit or agency"), max_length=200)
    title = models.CharField(_("title of the innovation"), max_length=200)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    admin_check = models.CharField(
        _("administrative check"),
        max_length=10,
        choices=AdminCheck.choices,
        default=AdminCheck.PENDING,
    )
    admin_note = models.TextField(_("administrative note"), blank=True)
    # Filled when the evaluation closes and when the winners are published, so that the
    # published ranking stays what was announced.
    evaluation_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    evaluation_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    shortlisted = models.BooleanField(default=False)
    presentation_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    final_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    final_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    tenant = Tenant(region="region")

    class Meta:
        ordering: ClassVar = ["call", "region__code", "title"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A PDF or image attached to a proposal, stored under a generated name."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.CharField(max_length=255, editable=False)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    tenant = Tenant(region="proposal__region")

    class Meta:
        ordering: ClassVar = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Evaluator(models.Model):
    """A person appointed province-wide to score proposals, with the region they come from."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="evaluator")
    home_region = models.ForeignKey(
        Wilayah,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home region"),
        help_text=_("Empty for evaluators from outside the regions (university, ministry)."),
    )
    institution = models.CharField(_("institution"), max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["user__username"]
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")

    def __str__(self) -> str:
        return str(self.user)


class Assignment(models.Model):
    """An evaluator assigned to score one proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    evaluator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="assignments")
    # Copied from the evaluator's record so the conflict check is visible on the row itself.
    evaluator_region = models.ForeignKey(
        Wilayah, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    tenant = Tenant(region="proposal__region")

    class Meta:
        ordering: ClassVar = ["proposal", "evaluator__username"]
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["proposal", "evaluator"], name="competition_one_assignment_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} — {self.proposal}"


class Score(models.Model):
    """One evaluator's score of one criterion of a proposal."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(max_length=30)
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    tenant = Tenant(region="assignment__proposal__region")

    class Meta:
        ordering: ClassVar = ["assignment", "criterion"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="competition_one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class PanelScore(models.Model):
    """A panelist's score of a shortlisted proposal's presentation, with a note."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="panel_scores")
    panelist = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    tenant = Tenant(region="proposal__region")

    class Meta:
        ordering: ClassVar = ["proposal", "panelist__username"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["proposal", "panelist"], name="competition_one_panel_score_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.panelist}: {self.value}"
