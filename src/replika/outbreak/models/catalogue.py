"""A region's disease catalogue: the province's entries as the region adapted them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import Wilayah
from replika.outbreak.models.base import REGIONAL


class Disease(models.Model):
    """One disease a region tracks, with its case definitions and tracing rules."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=80)
    # [[code, label], …] in the order of the case definition.
    classifications = models.JSONField(_("case classifications"), default=list)
    counted = models.JSONField(_("classifications counted as cases"), default=list)
    contact_before = models.PositiveSmallIntegerField(_("contact window: days before"), default=2)
    contact_after = models.PositiveSmallIntegerField(_("contact window: days after"), default=14)
    follow_up_days = models.PositiveSmallIntegerField(_("follow-up days"), default=14)
    isolation_days = models.PositiveSmallIntegerField(_("isolation days"), default=10)
    symptom_free_days = models.PositiveSmallIntegerField(_("symptom-free days"), default=3)
    skdr_code = models.CharField(_("SKDR code"), max_length=8, blank=True)
    weekly_threshold = models.PositiveIntegerField(_("weekly alert threshold"), default=0)
    nik_required = models.BooleanField(_("NIK required"), default=False)
    serial_interval = models.JSONField(default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    tenant = REGIONAL

    class Meta:
        ordering: ClassVar = ["region", "code"]
        verbose_name = _("disease")
        verbose_name_plural = _("diseases")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["region", "code"], name="outbreak_disease_once")
        ]

    def __str__(self) -> str:
        return self.name

    def classification_label(self, code: str) -> str:
        """The region's label of a classification code (the code when unknown)."""
        return next((label for c, label in self.classifications if c == code), code)

    @property
    def classification_codes(self) -> list[str]:
        return [code for code, _label in self.classifications]
