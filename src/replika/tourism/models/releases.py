"""Publication of a region's monthly statistics (a BPS-style release) and its history.

Figures are provisional ("angka sementara") until the tourism office publishes the month;
the public then sees the figures as published, frozen in the release version. A report
filed or corrected afterwards marks the month revised: the office re-publishes it, and the
public is told the figures were corrected ("angka diperbaiki"). Every version is kept.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.models import Wilayah
from replika.core.tenancy import Tenant


class ReleaseStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    REVISED = "revised", _("Changed since publication")


class MonthRelease(models.Model):
    """The publication state of one region's month: published, or changed since."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("month"))  # the first day of the month
    status = models.CharField(max_length=10, choices=ReleaseStatus.choices)
    version = models.PositiveSmallIntegerField(default=1)  # how often it was published
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Reports filed or corrected since the last publication (what a re-publish would add).
    changes = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    tenant = Tenant(region="region", module="tourism")

    class Meta:
        ordering: ClassVar = ["-period", "region__code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["region", "period"], name="tourism_one_release_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.period:%Y-%m} v{self.version}"

    @property
    def corrected(self) -> bool:
        """Published more than once: the public sees "angka diperbaiki"."""
        return self.version > 1


class ReleaseVersion(models.Model):
    """One publication of a month: who, when, why, and the figures the public sees."""

    release = models.ForeignKey(MonthRelease, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The region's sums and compliance, and each kecamatan's: {"region": …, "districts": …}.
    figures = models.JSONField()

    tenant = Tenant(region="release__region", module="tourism")

    class Meta:
        ordering: ClassVar = ["-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["release", "version"], name="tourism_one_release_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.release} v{self.version}"
