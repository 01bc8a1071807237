"""The audit trail: every write through a service records who changed what, when."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from replika.core.models import AuditEvent, User, Wilayah, snapshot
from replika.core.privacy import mask_value


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


# Bookkeeping columns say nothing a reader of the history needs.
SKIPPED = frozenset({"id", "created_at", "updated_at"})


def diff(before: dict[str, Any], after: dict[str, Any], personal: frozenset[str]) -> dict:
    """Changed fields as {field: [before, after]}, personal values masked."""
    changes: dict[str, list[Any]] = {}
    for key in sorted((set(before) | set(after)) - SKIPPED):
        old, new = _plain(before.get(key)), _plain(after.get(key))
        if old == new:
            continue
        if key in personal:
            old, new = mask_value(old), mask_value(new)
        changes[key] = [old, new]
    return changes


def _region_of(instance: models.Model) -> Wilayah | None:
    """The kab/kota a row belongs to, read through its tenant declaration."""
    tenant = getattr(type(instance), "tenant", None)
    if tenant is None:
        return None
    target: Any = instance
    for part in tenant.region.removesuffix("_id").split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target if isinstance(target, Wilayah) else None


def record(
    *,
    actor: User | None,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    """Store one audit event for a change to ``instance``."""
    personal = frozenset(getattr(type(instance), "personal_fields", ()))
    after = snapshot(instance) if after is None else after
    changes = diff(before or {}, after, personal)
    if extra:
        changes["_"] = extra
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        region=_region_of(instance),
        changes=changes,
    )
