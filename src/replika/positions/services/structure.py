"""Writes of the organisation tree and the position register."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core import services as core_services
from replika.core.access import can_in
from replika.core.models import Unit, User, Wilayah, snapshot
from replika.positions import unit_kinds
from replika.positions.models import OrgUnit, Position, Structure, Task
from replika.positions.permissions import MANAGE_STRUCTURE
from replika.positions.rules import class_allowed, class_bounds, title_key
from replika.positions.rules.catalogue import known_version
from replika.positions.services.abk import position_recompute
from replika.positions.services.evaluation import evaluation_cleared_on_kind_change

MAX_DEPTH = 4


@transaction.atomic
def opd_create(
    *,
    actor: User | None,
    region: Wilayah,
    name: str,
    code: str = "",
    sotk_label: str,
    valid_from: dt.date,
) -> Unit:
    """Register an OPD with its first SOTK version and the agency at the root of the tree."""
    if actor is not None and not can_in(actor, MANAGE_STRUCTURE, region):
        raise ValidationError({"name": _("You may not add an agency in this region.")})
    opd = core_services.unit_create(
        actor=actor, kind=unit_kinds.OPD, name=name.strip(), region=region, code=code.strip()
    )
    structure = Structure.objects.create(
        region=region,
        opd=opd,
        number=1,
        label=sotk_label.strip(),
        valid_from=valid_from,
        created_by=actor,
    )
    OrgUnit.objects.create(region=region, opd=opd, structure=structure, name=opd.name, level=0)
    audit.record(actor=actor, action="positions.structure.create", instance=structure)
    return opd


def _is_current(unit: OrgUnit) -> bool:
    """Whether the unit belongs to its OPD's current structure (read now, not cached)."""
    return Structure.objects.filter(pk=unit.structure_id, is_current=True).exists()


def current_structure(opd: Unit) -> Structure:
    """The OPD's current SOTK version."""
    return Structure.objects.get(opd=opd, is_current=True)


@transaction.atomic
def orgunit_create(*, actor: User | None, parent: OrgUnit, name: str) -> OrgUnit:
    """Add a unit or sub-unit under ``parent`` in the current structure."""
    name = " ".join(name.split())
    if not _is_current(parent):
        raise ValidationError({"parent": _("Only the current structure can change.")})
    if parent.level + 1 > MAX_DEPTH:
        raise ValidationError({"parent": _("The tree is at most five levels deep.")})
    if OrgUnit.objects.filter(parent=parent, name__iexact=name).exists():
        raise ValidationError({"name": _("This unit already has a sub-unit with that name.")})
    order = parent.children.count() + 1
    try:
        with transaction.atomic():
            unit = OrgUnit.objects.create(
                region=parent.region,
                opd=parent.opd,
                structure=parent.structure,
                parent=parent,
                name=name,
                level=parent.level + 1,
                order=order,
            )
    except IntegrityError:
        raise ValidationError(
            {"name": _("This unit already has a sub-unit with that name.")}
        ) from None
    audit.record(actor=actor, action="positions.orgunit.create", instance=unit)
    return unit


def _checked_register(kind: str, job_class: int, holders: int, retiring_5y: int, nom: str) -> None:
    """Refuse a class outside the kind's range, more retiring than holders, an unknown catalogue."""
    errors: dict[str, str] = {}
    if not class_allowed(kind=kind, job_class=job_class):
        low, high = class_bounds(kind)
        errors["job_class"] = _(
            "A position of this kind takes a class from %(low)s to %(high)s."
        ) % {
            "low": low,
            "high": high,
        }
    if retiring_5y > holders:
        errors["retiring_5y"] = _("More holders retiring than holders.")
    if nom and not known_version(nom):
        errors["nomenclature_version"] = _("Unknown title catalogue.")
    if errors:
        raise ValidationError(errors)


def _title_free(org_unit: OrgUnit, title: str, exclude: int | None = None) -> None:
    taken = Position.objects.filter(org_unit=org_unit, title_key=title_key(title))
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"title": _("This unit already has a position with that title.")})


@transaction.atomic
def position_create(
    *,
    actor: User | None,
    org_unit: OrgUnit,
    title: str,
    kind: str,
    job_class: int,
    holders: int = 0,
    retiring_5y: int = 0,
    code: str = "",
    nomenclature_version: str = "",
    anjab: dict[str, Any] | None = None,
) -> Position:
    """Add a position to a unit of the current structure (a draft until verified)."""
    title = " ".join(title.split())
    if not _is_current(org_unit):
        raise ValidationError({"org_unit": _("Only the current structure can change.")})
    _checked_register(kind, job_class, holders, retiring_5y, nomenclature_version)
    _title_free(org_unit, title)
    try:
        with transaction.atomic():
            position = Position.objects.create(
                region=org_unit.region,
                opd=org_unit.opd,
                org_unit=org_unit,
                title=title,
                title_key=title_key(title),
                kind=kind,
                job_class=job_class,
                holders=holders,
                retiring_5y=retiring_5y,
                code=code.strip(),
                nomenclature_version=nomenclature_version,
                anjab=anjab or {},
            )
    except IntegrityError:
        raise ValidationError(
            {"title": _("This unit already has a position with that title.")}
        ) from None
    position_recompute(position)
    audit.record(actor=actor, action="positions.position.create", instance=position)
    return position


REGISTER_FIELDS = ["title", "kind", "job_class", "holders", "retiring_5y", "code"]


@transaction.atomic
def position_update(
    *,
    actor: User | None,
    position: Position,
    title: str,
    kind: str,
    job_class: int,
    holders: int,
    retiring_5y: int,
    code: str = "",
    nomenclature_version: str = "",
) -> Position:
    """Change a position's register facts; its ABK follows the new holders."""
    title = " ".join(title.split())
    _checked_register(kind, job_class, holders, retiring_5y, nomenclature_version)
    _title_free(position.org_unit, title, exclude=position.pk)
    before = snapshot(position, [*REGISTER_FIELDS, "nomenclature_version"])
    old_kind = position.kind
    position.title, position.title_key = title, title_key(title)
    position.kind, position.job_class = kind, job_class
    # A structural evaluation says nothing of a functional post, and the other way round.
    evaluation_cleared_on_kind_change(position, old_kind)
    position.holders, position.retiring_5y = holders, retiring_5y
    position.code, position.nomenclature_version = code.strip(), nomenclature_version
    position.save()
    position_recompute(position)
    audit.record(
        actor=actor,
        action="positions.position.update",
        instance=position,
        before=before,
        after=snapshot(position, [*REGISTER_FIELDS, "nomenclature_version"]),
    )
    return position


@transaction.atomic
def structure_new_version(
    *, actor: User | None, opd: Unit, label: str, valid_from: dt.date
) -> Structure:
    """Start a new SOTK version: the current tree, positions and tasks carried over.

    The old version stays as it was (read-only history); the copy becomes current.
    """
    old = Structure.objects.select_for_update().get(opd=opd, is_current=True)
    if valid_from <= old.valid_from:
        raise ValidationError(
            {"valid_from": _("A new structure must start after the current one.")}
        )
    old.is_current = False
    old.save(update_fields=["is_current"])
    new = Structure.objects.create(
        region=old.region,
        opd=opd,
        number=old.number + 1,
        label=label.strip(),
        valid_from=valid_from,
        created_by=actor,
    )
    copies: dict[int, OrgUnit] = {}
    for unit in OrgUnit.objects.filter(structure=old).order_by("level", "order", "pk"):
        copies[unit.pk] = OrgUnit.objects.create(
            region=unit.region,
            opd=opd,
            structure=new,
            parent=copies[unit.parent_id] if unit.parent_id else None,
            name=unit.name,
            level=unit.level,
            order=unit.order,
        )
    for position in Position.objects.filter(org_unit__structure=old).prefetch_related("tasks"):
        tasks = list(position.tasks.all())
        position.pk = None
        position.org_unit = copies[position.org_unit_id]
        position.save()
        Task.objects.bulk_create(
            Task(
                position=position,
                order=t.order,
                description=t.description,
                output=t.output,
                output_unit=t.output_unit,
                volume=t.volume,
                norm_minutes=t.norm_minutes,
            )
            for t in tasks
        )
    audit.record(actor=actor, action="positions.structure.create", instance=new)
    return new


def as_decimal(value: Any) -> Decimal:
    """A form or API number as a Decimal."""
    return value if isinstance(value, Decimal) else Decimal(str(value))
