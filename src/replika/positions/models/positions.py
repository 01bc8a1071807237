"""Positions (jabatan) with their Anjab blocks, tasks and ABK, and the verified versions."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, User, Wilayah
from replika.positions.models.structure import POSITIONS_TENANT, OrgUnit, through
from replika.positions.rules import HIGHEST_CLASS, LOWEST_CLASS


class Kind(models.TextChoices):
    JPT = "jpt", _("Senior executive (JPT)")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Supervisor (pengawas)")
    PELAKSANA = "pelaksana", _("Executor (pelaksana)")
    FUNGSIONAL = "fungsional", _("Functional (fungsional)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Position(models.Model):
    """A job (jabatan) in the tree: register facts, Anjab blocks and the ABK it comes to."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("title"), max_length=160)
    title_key = models.CharField(_("title for comparison"), max_length=160, editable=False)
    code = models.CharField(_("position code"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    job_class = models.PositiveSmallIntegerField(_("job class"))
    holders = models.PositiveIntegerField(_("holders (bezetting)"), default=0)
    retiring_5y = models.PositiveIntegerField(_("holders retiring within 5 years"), default=0)
    nomenclature_version = models.CharField(_("title catalogue"), max_length=40, blank=True)
    anjab = models.JSONField(_("Anjab"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The ABK as it stands now (recomputed on every change of tasks, holders or settings).
    total_minutes = models.DecimalField(
        _("workload (minutes a year)"), max_digits=16, decimal_places=2, default=0
    )
    need = models.DecimalField(_("staff need"), max_digits=12, decimal_places=4, default=0)
    need_people = models.PositiveIntegerField(_("staff needed (people)"), default=0)
    ej = models.DecimalField(
        _("job efficiency (EJ)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    pj = models.CharField(_("job performance grade (PJ)"), max_length=1, blank=True)
    # The ABK of the latest approved version: what the official job map shows.
    verified_version = models.PositiveIntegerField(null=True, blank=True)
    verified_need_people = models.PositiveIntegerField(null=True, blank=True)
    verified_total_minutes = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # Job evaluation (PermenPANRB 34/2011): the factor levels a verifier recorded and the
    # points and class they come to; the entered ``job_class`` stays what the regulation set.
    factor_levels = models.JSONField(_("factor levels"), default=dict, blank=True)
    evaluated_points = models.PositiveIntegerField(_("evaluation points"), null=True, blank=True)
    evaluated_class = models.PositiveSmallIntegerField(
        _("evaluated job class"), null=True, blank=True
    )
    evaluated_at = models.DateTimeField(null=True, blank=True)
    evaluated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin = models.ForeignKey(
        "positions.LibraryEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    tenant = POSITIONS_TENANT

    class Meta:
        ordering: ClassVar = ["org_unit", "-job_class", "title"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes: ClassVar = [models.Index(fields=["region", "status"])]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["org_unit", "title_key"], name="positions_title_once_per_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(job_class__gte=LOWEST_CLASS, job_class__lte=HIGHEST_CLASS),
                name="positions_job_class_on_scale",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="pelaksana") | models.Q(job_class__lte=7),
                name="positions_executor_class_at_most_7",
            ),
            models.CheckConstraint(
                condition=models.Q(retiring_5y__lte=models.F("holders")),
                name="positions_retiring_within_holders",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def class_mismatch(self) -> bool:
        """Whether an evaluation gives another class than the one entered."""
        return self.evaluated_class is not None and self.evaluated_class != self.job_class

    @property
    def is_verified(self) -> bool:
        """Whether the position has an approved version."""
        return self.verified_version is not None


class Task(models.Model):
    """A main task (tugas pokok): its output, yearly volume and time norm in minutes."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("position")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("task"), max_length=500)
    output = models.CharField(_("output"), max_length=200)
    output_unit = models.CharField(_("unit of output"), max_length=60)
    volume = models.DecimalField(_("volume per year"), max_digits=12, decimal_places=2)
    norm_minutes = models.DecimalField(_("time norm (minutes)"), max_digits=10, decimal_places=2)

    tenant = through("position")

    class Meta:
        ordering: ClassVar = ["position", "order", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(volume__gte=0, norm_minutes__gte=0),
                name="positions_task_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def minutes(self) -> object:
        """Volume × norm: the task's yearly workload in minutes."""
        return self.volume * self.norm_minutes


class AnjabVersion(models.Model):
    """A submitted version of a position's Anjab and ABK, and the verifier's decision."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="versions", verbose_name=_("position")
    )
    number = models.PositiveIntegerField(_("version"))
    document = models.JSONField(_("document"))
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    decision = models.CharField(
        _("decision"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    comments = models.JSONField(_("comments"), default=dict, blank=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    tenant = through("position")

    class Meta:
        ordering: ClassVar = ["position", "-number"]
        verbose_name = _("Anjab version")
        verbose_name_plural = _("Anjab versions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["position", "number"], name="positions_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.position} v{self.number}"
