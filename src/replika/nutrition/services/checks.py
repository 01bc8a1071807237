"""What every nutrition service shares: translated field errors, placing and auditing rows.

The pure rules answer with codes (``nik_length``, out of a limit's range, …); this is the
one place where those codes become messages, in the language of the page being served.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from replika.core import audit
from replika.core.models import Unit, User, snapshot
from replika.nutrition import rules, unit_kinds
from replika.nutrition.rules import limits
from replika.nutrition.rules import monitoring as m
from replika.nutrition.services.duplicates import DuplicateFound

NIK_MESSAGES: dict[str, Promise] = {
    m.NIK_LENGTH: gettext_lazy("The NIK must be 16 digits."),
    m.NIK_PROVINCE: gettext_lazy("Digits 1-2 of the NIK are not a province code."),
    m.NIK_BIRTH_DIGITS: gettext_lazy("Digits 7-12 of the NIK are not a birth date."),
    m.NIK_BIRTH_DATE: gettext_lazy("The birth date in the NIK differs from the birth date."),
    m.NIK_SEX: gettext_lazy("The sex digit of the NIK differs from the sex."),
    m.NIK_SERIAL: gettext_lazy("Digits 13-16 of the NIK cannot be 0000."),
}

# What each limited value is called in a message (a context: "Weight" is also a score's).
LIMIT_NAMES: dict[str, Promise] = {
    "weight": pgettext_lazy("measured value", "Weight"),
    "lenhei": pgettext_lazy("measured value", "Length/height"),
    "headc": pgettext_lazy("measured value", "Head circumference"),
    "armc": pgettext_lazy("measured value", "Upper-arm circumference"),
    "birth_weight": pgettext_lazy("measured value", "Birth weight"),
    "birth_length": pgettext_lazy("measured value", "Birth length"),
    "mother_weight": pgettext_lazy("measured value", "Weight"),
    "lila_cm": pgettext_lazy("measured value", "LiLA"),
    "girl_weight": pgettext_lazy("measured value", "Weight"),
    "girl_height": pgettext_lazy("measured value", "Height"),
    "hb_g_dl": pgettext_lazy("measured value", "Haemoglobin"),
}


def nik_message(code: str) -> str:
    """The translated message of a NIK rule code."""
    return str(NIK_MESSAGES[code])


def check_nik(field: str, nik: str, birth_date: dt.date | None, female: bool | None) -> None:
    """Refuse an invalid NIK on ``field`` (an empty NIK is allowed: many have none yet)."""
    if not nik:
        return
    code = rules.nik_code(nik, birth_date, female)
    if code:
        raise ValidationError({field: nik_message(code)})


def range_message(key: str) -> str:
    """The translated message of a value outside its plausible range."""
    bounds = limits.limit(key)
    return _("%(name)s must be between %(low)s and %(high)s %(unit)s.") % {
        "name": LIMIT_NAMES[key],
        "low": number_format(bounds.low),
        "high": number_format(bounds.high),
        "unit": bounds.unit,
    }


def check_range(key: str, value: Decimal | float | None, field: str | None = None) -> None:
    """Refuse a value outside its plausible range, on ``field`` (the key by default)."""
    if limits.out_of_range(key, value):
        raise ValidationError({field or key: range_message(key)})


def require_posyandu(unit: Unit) -> Unit:
    """Children, mothers and girls are registered at a posyandu."""
    if unit.kind != unit_kinds.POSYANDU:
        raise ValidationError({"unit": _("Choose a posyandu.")})
    return unit


def check_not_future(field: str, day: dt.date | None, message: str | None = None) -> None:
    """Refuse a date after today on ``field`` (no date is no refusal)."""
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: message or _("The date cannot be in the future.")})


def clean_name(name: str, message: str) -> str:
    """A person's name with its spaces folded; refused (with ``message``) when empty."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": message})
    return name


def named(name: str) -> dict[str, str]:
    """A person's name with its folded key for duplicate search."""
    return {"name": name, "name_key": rules.name_key(name)}


def placed_at(unit: Unit, actor: User | None) -> dict[str, Any]:
    """The place and author fields of a new register row at a posyandu."""
    return {
        "region_id": unit.region_id,
        "location_id": unit.location_id,
        "unit": unit,
        "created_by": actor if actor is not None and actor.pk else None,
    }


M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class WomanRegister:
    """A register of women and girls: its model, audit action and refusal messages."""

    model: type[models.Model]
    action: str
    no_name: str
    future_birth: str | None = None
    # What the duplicate audit calls this register ("mother", "girl").
    code: str = ""


def find_woman(
    model: type[models.Model], *, unit: Unit, nik: str, name: str, birth_date: Any
) -> Any:
    """A registered woman or girl: same NIK anywhere, or, without NIK, same name and birth
    date at the posyandu."""
    rows = model._default_manager.select_related("unit")
    if nik:
        return rows.filter(nik=nik).first()
    if birth_date is None:
        return None
    return (
        rows.filter(unit=unit, nik="", name_key=rules.name_key(name), birth_date=birth_date)
        .order_by("pk")
        .first()
    )


def register_woman(
    register: WomanRegister,
    *,
    actor: User | None,
    unit: Unit,
    name: str,
    nik: str,
    birth_date: dt.date | None,
    **fields: Any,
) -> Any:
    """Check and store a mother or an adolescent girl at a posyandu (a woman's NIK).

    A duplicate raises ``DuplicateFound``: the caller decides, outside the transaction, what
    the refusal may say.
    """
    require_posyandu(unit)
    name = clean_name(name, register.no_name)
    check_not_future("birth_date", birth_date, register.future_birth)
    check_nik("nik", nik, birth_date, True)
    lock_unit(unit)
    found = find_woman(register.model, unit=unit, nik=nik, name=name, birth_date=birth_date)
    if found is not None:
        field = "nik" if nik else "name"
        raise DuplicateFound(found=found, field=field, nik=nik, register=register.code)
    row = register.model(
        **placed_at(unit, actor), **named(name), nik=nik, birth_date=birth_date, **fields
    )
    return register_row(row, actor=actor, action=register.action, exclude=["name_key"])


# The code of a refusal that lost a race to a parallel write (pages answer it 409).
CONFLICT = "conflict"


def conflict_error() -> ValidationError:
    """The refusal of a write that a parallel write of the same person beat."""
    return ValidationError(
        _(
            "This person was registered by someone else a moment ago. "
            "Search the register before trying again."
        ),
        code=CONFLICT,
    )


def is_conflict(exc: ValidationError) -> bool:
    """Whether a service's refusal is a lost race (answered 409, not 422)."""
    errors = (
        [e for found in exc.error_dict.values() for e in found]
        if hasattr(exc, "error_dict")
        else exc.error_list
    )
    return any(e.code == CONFLICT for e in errors)


def lock_unit(unit: Unit) -> None:
    """Serialise registrations at one posyandu so that a duplicate check sees every row."""
    list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))


def save_new(row: models.Model) -> None:
    """Insert a row in a savepoint; a unique constraint that a parallel insert won is a
    conflict refusal, and the caller's transaction stays usable."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise conflict_error() from exc


def register_row(row: M, *, actor: User | None, action: str, exclude: Sequence[str] = ()) -> M:
    """Validate, store and audit a new register row (a lost race is a conflict refusal)."""
    row.full_clean(exclude=list(exclude), validate_constraints=False)
    save_new(row)
    audit.record(actor=actor, action=action, instance=row)
    return row


def update_audited(
    row: M, *, actor: User | None, action: str, clean: bool = False, **changes: Any
) -> M:
    """Change some fields of a row, save only them, and audit the before and after."""
    fields = list(changes)
    before = snapshot(row, fields)
    for name, value in changes.items():
        setattr(row, name, value)
    if clean:
        row.full_clean()
    row.save(update_fields=[*fields, "updated_at"] if _has_updated_at(row) else fields)
    audit.record(
        actor=actor, action=action, instance=row, before=before, after=snapshot(row, fields)
    )
    return row


def _has_updated_at(row: models.Model) -> bool:
    """Whether the model keeps an ``updated_at`` stamp (saved with every change)."""
    return any(f.name == "updated_at" for f in row._meta.concrete_fields)
