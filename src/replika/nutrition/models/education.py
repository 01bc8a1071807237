"""Education: articles and the pregnant-women classes (kelas ibu hamil) with attendance."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.audit import FieldClasses
from replika.core.models import User, Wilayah
from replika.nutrition.models.base import Placed, through
from replika.nutrition.models.registers import Mother
from replika.nutrition.permissions import VIEW_PERSONAL, VIEW_REGISTER


class Article(models.Model):
    """An education article, province-wide (no region) or for one kab/kota."""

    region = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("for whom"), max_length=80, blank=True)
    body = models.TextField(_("text"))
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-published_on", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title


class PregnancyClass(Placed):
    """A session of the pregnant-women class held by a puskesmas (``unit``)."""

    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    facilitator = models.CharField(_("facilitator"), max_length=120, blank=True)
    online = models.BooleanField(_("online (WhatsApp)"), default=False)

    class Meta:
        ordering: ClassVar = ["-held_on"]
        verbose_name = _("pregnant-women class")
        verbose_name_plural = _("pregnant-women classes")

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on})"


class ClassAttendance(models.Model):
    """A mother who attended a class."""

    session = models.ForeignKey(PregnancyClass, on_delete=models.CASCADE, related_name="attendance")
    mother = models.ForeignKey(Mother, on_delete=models.CASCADE, related_name="+")

    tenant = through("session")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("mother",),
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "mother"], name="nutrition_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.mother_id}"
