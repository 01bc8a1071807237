"""Checks and helpers the outbreak services share; rule codes become messages here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import Unit, User, Wilayah, snapshot
from replika.outbreak.rules import identity


def nik_message(code: str) -> str:
    """The translated reason of a NIK rule code."""
    messages = {
        identity.NIK_LENGTH: _("A NIK has exactly 16 digits."),
        identity.NIK_REGION: _("The first two digits of this NIK are not a province code."),
        identity.NIK_BIRTH: _("Digits 7 to 12 of this NIK are not a date of birth."),
        identity.NIK_BIRTH_MISMATCH: _("This NIK does not match the birth date."),
    }
    return messages.get(code, _("This NIK is not valid."))


def check_nik(field: str, nik: str, birth_date: dt.date | None = None) -> None:
    """Refuse an implausible NIK on ``field``; an empty one is allowed here."""
    if not nik:
        return
    code = identity.nik_code(nik, birth_date)
    if code:
        raise ValidationError({field: nik_message(code)})


def check_not_future(field: str, value: dt.date | None) -> None:
    """Refuse a date after today."""
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("This date cannot be in the future.")})


def check_location(field: str, location: Wilayah | None, region: Wilayah) -> None:
    """A nagari/kelurahan (or kecamatan) must lie inside the row's kab/kota."""
    if location is None:
        return
    if location.level <= Wilayah.REGION or not location.code.startswith(region.code + "."):
        raise ValidationError({field: _("Choose a place inside %(region)s.") % {"region": region}})


def district_of(location: Wilayah | None) -> Wilayah | None:
    """The kecamatan containing a place (itself when it is one)."""
    if location is None:
        return None
    if location.level == Wilayah.DISTRICT:
        return location
    if location.level > Wilayah.DISTRICT:
        return location.parent if location.parent_id else None
    return None


def require_kind(field: str, unit: Unit, kinds: tuple[str, ...], message: str) -> None:
    """Refuse a unit of the wrong kind (cases are reported by health facilities…)."""
    if unit.kind not in kinds or not unit.active:
        raise ValidationError({field: message})


def plain_snapshot(instance: models.Model) -> dict[str, Any]:
    """A row's values for the audit trail; a stored file is named, not embedded."""
    return {
        key: value.name if isinstance(value, FieldFile) else value
        for key, value in snapshot(instance).items()
    }


def save_audited(
    instance: models.Model,
    *,
    actor: User | None,
    action: str,
    extra: dict[str, Any] | None = None,
    **changes: Any,
) -> None:
    """Change fields of a row and record the change in the audit trail."""
    before = plain_snapshot(instance)
    for key, value in changes.items():
        setattr(instance, key, value)
    # Only the changed columns: a stale copy of the row must not undo another step's change.
    fields = [instance._meta.get_field(key).name for key in changes]
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        fields.append("updated_at")
    instance.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=action,
        instance=instance,
        before=before,
        after=plain_snapshot(instance),
        extra=extra,
    )


def create_audited(instance: models.Model, *, actor: User | None, action: str) -> None:
    """Insert a row and record it."""
    instance.save()
    audit.record(actor=actor, action=action, instance=instance, after=plain_snapshot(instance))
