"""Core models: regions, users, memberships, units, audit history, API tokens, jobs, imports."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.tenancy import Tenant
from replika.core.unit_kinds import unit_kind_label, validate_unit_kind


class WilayahKind(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency")
    KOTA = "kota", _("City")
    KECAMATAN = "kecamatan", _("District")
    NAGARI = "nagari", _("Nagari")
    KELURAHAN = "kelurahan", _("Urban village")
    DESA = "desa", _("Village")


class Wilayah(models.Model):
    """An administrative region, identified by its dotted Kemendagri code.

    The dotted code is itself a materialised path (``13.71.01.1001`` lies under ``13.71.01``),
    so a subtree is one indexed prefix query on ``code``.
    """

    PROVINCE = 1
    REGION = 2
    DISTRICT = 3
    VILLAGE = 4

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=WilayahKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=10, decimal_places=3, null=True, blank=True
    )
    population_male = models.PositiveIntegerField(null=True, blank=True)
    population_female = models.PositiveIntegerField(null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes: ClassVar = [models.Index(fields=["level", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def subtree_prefix(self) -> str:
        """The code prefix shared by every descendant."""
        return f"{self.code}."

    def ancestor_codes(self) -> list[str]:
        """Codes of this region and every ancestor, the root first."""
        parts = self.code.split(".")
        return [".".join(parts[: i + 1]) for i in range(len(parts))]

    def region_code(self) -> str | None:
        """Code of the kab/kota this region belongs to (None for the province)."""
        parts = self.code.split(".")
        return ".".join(parts[:2]) if len(parts) >= 2 else None


class Unit(models.Model):
    """A facility or organisational unit inside a region (puskesmas, posyandu, school, OPD).

    Units nest (a posyandu under its puskesmas); ``path`` is the materialised chain of ids
    so that everything under a unit is one prefix query.
    """

    # A code registered by a module (core.unit_kinds); no choices here, so a new module's
    # kinds need no core migration.
    kind = models.CharField(_("kind"), max_length=20, validators=[validate_unit_kind])
    code = models.CharField(_("code"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=160)
    region = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="units", verbose_name=_("region")
    )
    location = models.ForeignKey(
        Wilayah,
        on_delete=models.PROTECT,
        related_name="located_units",
        null=True,
        blank=True,
        verbose_name=_("location"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    active = models.BooleanField(_("active"), default=True)

    tenant = Tenant(region="region", location="location", unit_path="path")

    class Meta:
        ordering: ClassVar = ["region__code", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "kind", "code"],
                condition=~models.Q(code=""),
                name="core_unit_code_unique_per_region",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        """The human name of the unit's kind."""
        return unit_kind_label(self.kind)


class User(AbstractUser):
    """A person who signs in; what they may do comes from their memberships."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="id"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        """The name shown in the interface."""
        return self.full_name or self.get_full_name() or self.username


class Membership(models.Model):
    """A role held by a user over a region subtree, optionally narrowed to one unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    wilayah = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("region")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=40)
    # The kab/kota the membership lies in (None for province-wide roles), kept so that
    # memberships are scoped by the one door like any other regional row.
    region = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    tenant = Tenant(region="region", location="wilayah", unit_path="unit__path")

    class Meta:
        ordering: ClassVar = ["wilayah__code", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "wilayah", "role"],
                condition=models.Q(unit__isnull=True),
                name="core_membership_unique_region_role",
            ),
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=models.Q(unit__isnull=False),
                name="core_membership_unique_unit_role",
            ),
        ]

    def __str__(self) -> str:
        from replika.core.roles import role_label

        where = self.unit.name if self.unit_id and self.unit else self.wilayah.name
        return f"{role_label(self.role)} — {where}"


class AuditEvent(models.Model):
    """One change made through a service: who, what, when, before → after."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    action = models.CharField(max_length=60)
    model = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200, blank=True)
    region = models.ForeignKey(
        Wilayah, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(default=dict, blank=True)

    tenant = Tenant(region="region")

    class Meta:
        ordering: ClassVar = ["-at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["model", "object_id", "-at"]),
            models.Index(fields=["actor", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model}#{self.object_id}"


TOKEN_PREFIX = "rpk_"  # noqa: S105 — a visible marker, not a secret


class RoleRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class RoleRequest(models.Model):
    """A grant of a role that opens personal data, waiting for a second administrator."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests")
    wilayah = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=40)
    # The kab/kota of the place (None for the province), so the one door scopes requests.
    region = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=RoleRequestStatus.choices, default=RoleRequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant = Tenant(region="region", location="wilayah", unit_path="unit__path")

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("role request")
        verbose_name_plural = _("role requests")

    def __str__(self) -> str:
        return f"{self.user} → {self.role} ({self.status})"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        """Tokens that still authenticate: not revoked and not past their expiry."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Every token ends: a forgotten one on an old laptop stops working by itself.
    expires_at = models.DateTimeField(_("expires"))
    # A read-only token may only read (GET); any other API call answers 403.
    read_only = models.BooleanField(_("read only"), default=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        """Whether the token's lifetime is over."""
        return self.expires_at <= timezone.now()

    @staticmethod
    def new_secret() -> str:
        """A fresh random token string, shown to its owner once."""
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(secret: str) -> str:
        """The stored digest of a token string."""
        return hashlib.sha256(secret.encode()).hexdigest()


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """A background job's progress, polled by pages to draw a progress bar."""

    kind = models.CharField(max_length=60)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="jobs")
    region = models.ForeignKey(
        Wilayah, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # The permission the job was started under: its file is served only while the owner
    # still holds it (in ``region`` when the job has one).
    permission = models.CharField(max_length=80, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    # What to run again on a retry: the task's dotted path and its keyword arguments (ids
    # and names only, never personal data).
    task_path = models.CharField(max_length=200, blank=True)
    task_kwargs = models.JSONField(default=dict, blank=True)
    # The worker process that picked the job up, to tell a dead worker's jobs.
    worker = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        """Progress as a whole percentage."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class WorkerBeat(models.Model):
    """The last sign of life of a background process (a task worker or the scheduler)."""

    WORKER = "worker"
    SCHEDULER = "scheduler"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, default=WORKER)
    host = models.CharField(max_length=120, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-seen_at"]

    def __str__(self) -> str:
        return self.name


class PeriodicRun(models.Model):
    """When a periodic job last ran; the row is also the lock two schedulers contend for."""

    code = models.CharField(max_length=80, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_enqueued_id = models.CharField(max_length=64, blank=True)
    last_error = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.code


class ImportRunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class ImportRun(models.Model):
    """One file import: who, which file, what it wrote; the rows it writes point back here.

    Its counters are updated in the same transaction as each chunk of rows, so after a
    failure they say exactly what was committed.
    """

    kind = models.CharField(max_length=60)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_runs"
    )
    region = models.ForeignKey(
        Wilayah, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    job = models.ForeignKey(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_runs"
    )
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=8, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportRunStatus.choices, default=ImportRunStatus.RUNNING
    )
    reason = models.CharField(max_length=255, blank=True)
    read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    tenant = Tenant(region="region")

    class Meta:
        ordering: ClassVar = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Plain values of a model's concrete fields, for audit before/after."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.attname] = field.value_from_object(instance)
    return data
