"""The organisation tree of an OPD, kept per SOTK version (structure changes by regulation)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, User, Wilayah
from replika.core.tenancy import Tenant

# Every positions row belongs to a kab/kota and an OPD (a core unit of kind "opd"), and is
# reachable only where SI JABPRI is live.
POSITIONS_TENANT = Tenant(region="region", unit_path="opd__path", module="positions")


def through(parent: str) -> Tenant:
    """The tenant declaration of a row that belongs to a placed parent row."""
    return Tenant(region=f"{parent}__region", unit_path=f"{parent}__opd__path", module="positions")


class Structure(models.Model):
    """One version of an OPD's organisation structure (SOTK), e.g. after a new Perbup."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="structures")
    number = models.PositiveSmallIntegerField(_("version"))
    label = models.CharField(_("legal basis"), max_length=160)
    valid_from = models.DateField(_("valid from"))
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    tenant = POSITIONS_TENANT

    class Meta:
        ordering: ClassVar = ["opd", "-number"]
        verbose_name = _("organisation structure")
        verbose_name_plural = _("organisation structures")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["opd", "number"], name="positions_structure_number"),
            models.UniqueConstraint(
                fields=["opd"],
                condition=models.Q(is_current=True),
                name="positions_one_current_structure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opd} — {self.label}"


class OrgUnit(models.Model):
    """A node of the tree: the agency itself (level 0), a unit (1) or a sub-unit (2+)."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey(
        Structure,
        on_delete=models.CASCADE,
        related_name="units",
        verbose_name=_("structure version"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=160)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    tenant = POSITIONS_TENANT

    class Meta:
        ordering: ClassVar = ["structure", "level", "order", "name"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=models.Q(parent__isnull=False),
                name="positions_orgunit_name_under_parent",
            ),
            models.UniqueConstraint(
                fields=["structure"],
                condition=models.Q(parent__isnull=True),
                name="positions_one_root_per_structure",
            ),
        ]

    def __str__(self) -> str:
        return self.name
