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
