"""Registering children and mothers at a posyandu, with duplicate detection."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import Unit, User, snapshot
from replika.nutrition import rules
from replika.nutrition.models import Child, Mother, Sex
from replika.nutrition.services.bulk import CHILD_FIELDS
from replika.nutrition.services.checks import (
    WomanRegister,
    check_nik,
    check_not_future,
    clean_name,
    lock_unit,
    named,
    placed_at,
    register_row,
    register_woman,
    require_posyandu,
    save_new,
    update_audited,
)
from replika.nutrition.services.dirty import mark_dirty
from replika.nutrition.services.duplicates import DuplicateFound, duplicates_refused


def find_duplicate_child(
    *, nik: str, name: str, birth_date: dt.date, mother_name: str, region_id: int
) -> Child | None:
    """An already registered child: same NIK, or same name, birth date and mother."""
    if nik:
        found = Child.objects.filter(nik=nik).first()
        if found is not None:
            return found
    return (
        Child.objects.filter(
            region_id=region_id,
            name_key=rules.name_key(name),
            birth_date=birth_date,
            mother_key=rules.name_key(mother_name),
        )
        .order_by("pk")
        .first()
    )


@duplicates_refused
@transaction.atomic
def child_register(
    *,
    actor: User | None,
    unit: Unit,
    name: str,
    sex: int,
    birth_date: dt.date,
    nik: str = "",
    no_kk: str = "",
    birth_order: int | None = None,
    birth_weight: Decimal | None = None,
    birth_length: Decimal | None = None,
    mother: Mother | None = None,
    mother_name: str = "",
    mother_nik: str = "",
    father_nik: str = "",
    address: str = "",
    has_kia_book: bool = True,
) -> Child:
    """Register a child at a posyandu; a duplicate is refused as the actor may see it."""
    require_posyandu(unit)
    name = clean_name(name, _("Enter the child's name."))
    if sex not in Sex.values:
        raise ValidationError({"sex": _("Choose boy or girl.")})
    check_not_future("birth_date", birth_date, _("The birth date cannot be in the future."))
    check_nik("nik", nik, birth_date, sex == Sex.FEMALE)
    check_nik("mother_nik", mother_nik, None, True)
    check_nik("father_nik", father_nik, None, False)
    mother_name = mother.name if mother is not None else " ".join(mother_name.split())
    lock_unit(unit)
    duplicate = find_duplicate_child(
        nik=nik,
        name=name,
        birth_date=birth_date,
        mother_name=mother_name,
        region_id=unit.region_id,
    )
    if duplicate is not None:
        field = "nik" if nik and duplicate.nik == nik else "name"
        raise DuplicateFound(found=duplicate, field=field, nik=nik, register="child")
    child = Child(
        **placed_at(unit, actor),
        nik=nik,
        no_kk=no_kk,
        **named(name),
        sex=sex,
        birth_date=birth_date,
        birth_order=birth_order,
        birth_weight=birth_weight,
        birth_length=birth_length,
        mother=mother,
        mother_name=mother_name,
        mother_key=rules.name_key(mother_name),
        mother_nik=mother_nik or (mother.nik if mother is not None else ""),
        father_nik=father_nik,
        address=address,
        has_kia_book=has_kia_book,
    )
    register_row(child, actor=actor, action="child.register", exclude=["name_key", "mother_key"])
    # S and K of this month change with every registration.
    mark_dirty(unit.pk, rules.period_of(timezone.localdate()))
    return child


@transaction.atomic
def child_move(*, actor: User | None, child: Child, unit: Unit) -> Child:
    """Move a child to another posyandu (families move); history stays where it was."""
    require_posyandu(unit)
    old_unit_id = child.unit_id
    update_audited(
        child,
        actor=actor,
        action="child.move",
        unit=unit,
        region=unit.region,
        location=unit.location,
    )
    this_month = rules.period_of(timezone.localdate())
    mark_dirty(old_unit_id, this_month)
    mark_dirty(unit.pk, this_month)
    return child


@duplicates_refused
@transaction.atomic
def mother_register(
    *,
    actor: User | None,
    unit: Unit,
    name: str,
    nik: str = "",
    no_kk: str = "",
    birth_date: dt.date | None = None,
    phone: str = "",
    address: str = "",
) -> Mother:
    """Register a mother (or pregnant woman) at a posyandu; one per NIK, or without NIK one
    per name and birth date at the posyandu."""
    register = WomanRegister(
        model=Mother,
        action="mother.register",
        no_name=_("Enter the mother's name."),
        future_birth=_("The birth date cannot be in the future."),
        code="mother",
    )
    mother: Mother = register_woman(
        register,
        actor=actor,
        unit=unit,
        name=name,
        nik=nik,
        birth_date=birth_date,
        no_kk=no_kk,
        phone=phone,
        address=address,
    )
    return mother


# The e-PPGBM base fields, and what only the register page changes.
CHILD_EDITABLE = (*CHILD_FIELDS, "has_kia_book", "active", "exit_reason")


def _check_child_fields(child: Child) -> None:
    """The registration checks, applied to an edited child."""
    if not child.name:
        raise ValidationError({"name": _("Enter the child's name.")})
    check_not_future("birth_date", child.birth_date, _("The birth date cannot be in the future."))
    check_nik("nik", child.nik, child.birth_date, child.sex == Sex.FEMALE)
    check_nik("mother_nik", child.mother_nik, None, True)
    check_nik("father_nik", child.father_nik, None, False)


def _other_duplicate(child: Child) -> Child | None:
    """Another registered child that this edited child would duplicate."""
    others = Child.objects.exclude(pk=child.pk)
    if child.nik:
        found = others.filter(nik=child.nik).select_related("unit").first()
        if found is not None:
            return found
    return (
        others.filter(
            region_id=child.region_id,
            name_key=child.name_key,
            birth_date=child.birth_date,
            mother_key=child.mother_key,
        )
        .select_related("unit")
        .order_by("pk")
        .first()
    )


@duplicates_refused
@transaction.atomic
def child_update(
    *, actor: User | None, child: Child, unit: Unit | None = None, **fields: object
) -> Child:
    """Correct a child's register entry (and move it when ``unit`` changes); audited.

    A duplicate is refused as the actor may see it.
    """
    unknown = set(fields) - set(CHILD_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    before = snapshot(child)
    for key, value in fields.items():
        setattr(child, key, " ".join(str(value).split()) if key == "name" else value)
    if unit is not None and unit.pk != child.unit_id:
        require_posyandu(unit)
        child.unit, child.region_id, child.location_id = unit, unit.region_id, unit.location_id
    child.name_key = rules.name_key(child.name)
    child.mother_key = rules.name_key(child.mother_name)
    _check_child_fields(child)
    lock_unit(child.unit)
    duplicate = _other_duplicate(child)
    if duplicate is not None:
        field = "nik" if child.nik and duplicate.nik == child.nik else "name"
        raise DuplicateFound(found=duplicate, field=field, nik=child.nik, register="child")
    child.full_clean(exclude=["name_key", "mother_key"], validate_constraints=False)
    save_new(child)
    audit.record(actor=actor, action="child.update", instance=child, before=before)
    return child
