"""The province library: approved positions a region shares for the others to copy."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import User, Wilayah


class LibraryEntry(models.Model):
    """A published copy of an approved Anjab and ABK, open to every region of the module.

    Not tenant data: the publishing region shares it on purpose, and it holds no person.
    """

    source_region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    source_position = models.ForeignKey(
        "positions.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published",
    )
    source_version = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=160)
    title_key = models.CharField(max_length=160, db_index=True)
    kind = models.CharField(_("kind"), max_length=14)
    job_class = models.PositiveSmallIntegerField(_("job class"))
    agency_type = models.CharField(_("agency"), max_length=160)
    document = models.JSONField()
    total_minutes = models.DecimalField(max_digits=16, decimal_places=2)
    need = models.DecimalField(max_digits=12, decimal_places=4)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["title", "-published_at"]
        verbose_name = _("library position")
        verbose_name_plural = _("library positions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["source_position", "source_version"], name="positions_publish_once"
            )
        ]

    def __str__(self) -> str:
        return self.title
