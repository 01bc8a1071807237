"""Innovations that regions replicate, and each region's commitment to one of them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import User, Wilayah
from replika.core.tenancy import Tenant


class Innovation(models.Model):
    """A proven public-service innovation (a KIPP winner) that regions may replicate."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    origin_region = models.CharField(_("origin region"), max_length=120)
    owner_agency = models.CharField(_("owner agency"), max_length=200)
    award = models.CharField(_("award"), max_length=120, blank=True)
    award_year = models.PositiveSmallIntegerField(_("award year"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=80, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    must_keep = models.TextField(_("what must stay"), blank=True)
    may_modify = models.TextField(_("what may be modified"), blank=True)
    module_code = models.CharField(
        _("module"),
        max_length=40,
        blank=True,
        help_text=_("The Replika module that implements it, if any."),
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering: ClassVar = ["sort_order", "acronym"]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")

    def __str__(self) -> str:
        return self.acronym


class Stage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    COMMITTED = "committed", _("Committed")
    ADAPTING = "adapting", _("Adapting")
    PILOTING = "piloting", _("Piloting")
    LAUNCHED = "launched", _("Launched")
    INSTITUTIONALISED = "institutionalised", _("Institutionalised")
    STOPPED = "stopped", _("Stopped")


class Commitment(models.Model):
    """A region's commitment to replicate one innovation, with its adapted settings."""

    region = models.ForeignKey(
        Wilayah,
        on_delete=models.PROTECT,
        related_name="commitments",
        limit_choices_to={"level": Wilayah.REGION},
        verbose_name=_("region"),
    )
    innovation = models.ForeignKey(
        Innovation,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("innovation"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.IDENTIFIED
    )
    stage_since = models.DateField(_("in this stage since"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signatories = models.CharField(_("signatories"), max_length=255, blank=True)
    stopped_reason = models.TextField(_("reason for stopping"), blank=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    # Why each setting differs from the origin region's default: {setting: reason}.
    settings_reasons = models.JSONField(
        _("reasons for the modifications"), default=dict, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made up for the demonstration.")
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    tenant = Tenant(region="region")

    class Meta:
        ordering: ClassVar = ["region__code", "innovation__sort_order"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "innovation"], name="replication_one_commitment_per_pair"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["stage"])]

    def __str__(self) -> str:
        return f"{self.region} — {self.innovation}"


def evidence_path(instance: models.Model, filename: str) -> str:
    """A generated storage name: the uploader's file name never becomes a path."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:8]
    return f"replication/evidence/{uuid.uuid4().hex}{suffix}"


class StageChange(models.Model):
    """One step of a commitment's lifecycle: dated, attributed, with its evidence."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    on = models.DateField(_("date"))
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    tenant = Tenant(region="commitment__region")

    class Meta:
        ordering: ClassVar = ["on", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.commitment}: {self.from_stage} → {self.to_stage}"


class MentoringSession(models.Model):
    """A mentoring (pendampingan) session on one commitment."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="mentoring_sessions"
    )
    held_on = models.DateField(_("date"))
    mentor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("mentor")
    )
    participants = models.TextField(_("participants"), blank=True)
    topics = models.TextField(_("topics"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant = Tenant(region="commitment__region")

    class Meta:
        ordering: ClassVar = ["-held_on", "-id"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")

    def __str__(self) -> str:
        return f"{self.commitment} — {self.held_on}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


class Milestone(models.Model):
    """A step of the region's action plan (rencana aksi) for a commitment."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    owner = models.CharField(_("owner"), max_length=120)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    from_session = models.ForeignKey(
        MentoringSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("agreed in mentoring"),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    tenant = Tenant(region="commitment__region")

    class Meta:
        ordering: ClassVar = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes: ClassVar = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title


class MilestoneEvidence(models.Model):
    """A file proving a milestone (PDF or image), stored outside the web root."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    tenant = Tenant(region="milestone__commitment__region")

    class Meta:
        ordering: ClassVar = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class MilestoneComment(models.Model):
    """A comment on a milestone by the region, a mentor or the province."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"), max_length=4000)
    at = models.DateTimeField(auto_now_add=True)

    tenant = Tenant(region="milestone__commitment__region")

    class Meta:
        ordering: ClassVar = ["at"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"
