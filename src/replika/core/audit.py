"""The audit trail: every write through a service records who changed what, when.

A tenant model classifies its fields once (``privacy = FieldClasses(...)``); the pages that
show the trail read that declaration so that a viewer sees a change's values only for the
fields their role may read on the object itself, and the field names otherwise.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from replika.core.access import grants, scoped
from replika.core.models import AuditEvent, User, Wilayah, snapshot


@dataclass(frozen=True)
class FieldClasses:
    """A model's fields by sensitivity: identifying, health, and (all the rest) ordinary.

    ``read`` is the permission that opens the object's ordinary fields, ``personal`` the one
    that opens its identifying and health fields and its label (a person's name).
    """

    read: str
    personal: str
    identifying: tuple[str, ...] = ()
    health: tuple[str, ...] = ()

    def is_personal(self, field: str) -> bool:
        """Whether a field (or its ``_id`` column) identifies a person or describes their health."""
        name = field.removesuffix("_id")
        return any(f in (field, name) for f in (*self.identifying, *self.health))


def field_classes(label: str) -> FieldClasses | None:
    """The field classes a model declares, from its ``app.model`` label (None if none)."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    declared = getattr(model, "privacy", None)
    return declared if isinstance(declared, FieldClasses) else None


def hide(value: Any) -> Any:
    """Replace a personal value by stars of its length: no digit is left to derive others from."""
    if value is None or value == "":
        return value
    return "*" * len(str(value))


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
            old, new = hide(old), hide(new)
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


@dataclass(frozen=True)
class Changed:
    """One row a bulk write changed: its id, label, kab/kota and values before and after."""

    pk: Any
    label: str
    region_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]


def record_many(
    *,
    actor: User | None,
    action: str,
    model: type[models.Model],
    rows: Iterable[Changed],
    extra: dict[str, Any] | None = None,
) -> int:
    """Store one audit event per changed row of a bulk write (an import), in one insert.

    The events are those ``record`` would store one by one; the caller knows each row's
    kab/kota, so none is looked up per row.
    """
    personal = frozenset(getattr(model, "personal_fields", ()))
    label = model._meta.label_lower
    who = actor if actor is not None and actor.pk else None
    events = []
    for row in rows:
        changes = diff(row.before, row.after, personal)
        if extra:
            changes["_"] = extra
        events.append(
            AuditEvent(
                actor=who,
                action=action,
                model=label,
                object_id=str(row.pk),
                object_repr=row.label[:200],
                region_id=row.region_id,
                changes=changes,
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


# Reads of personal data share the trail with changes; their actions start with this.
READ_PREFIX = "read."


def record_read(
    *,
    actor: User | None,
    what: str,
    instance: models.Model | None = None,
    model: str = "",
    region: Wilayah | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Store who read personal data, what and when (one insert, no values of the record).

    ``instance`` is the record read; a read of many rows (a search, an export) names their
    ``model`` and ``region`` instead and says in ``detail`` how many (never a NIK or a name).
    """
    if instance is not None:
        model, region = instance._meta.label_lower, _region_of(instance)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=READ_PREFIX + what,
        model=model,
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=str(instance)[:200] if instance is not None else "",
        region=region,
        changes={"_": detail} if detail else {},
    )


# --- what a viewer may see of the trail ---------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One changed field as a viewer sees it: the values only if their role may read them."""

    field: str
    shown: bool
    before: Any = None
    after: Any = None


@dataclass(frozen=True)
class Row:
    """One audit event as a viewer sees it."""

    event: AuditEvent
    label: str
    changes: tuple[Change, ...]


def _keys(model: type[models.Model], ids: set[str]) -> list[Any]:
    """The stored object ids as primary-key values (ids that cannot be one are dropped)."""
    keys = []
    for raw in ids:
        try:
            keys.append(model._meta.pk.to_python(raw))
        except (ValidationError, ValueError, TypeError):
            continue
    return keys


def _opened(user: Any, label: str, ids: set[str], perm: str) -> set[str]:
    """The ids among ``ids`` of rows of model ``label`` that ``user`` may act on with ``perm``."""
    model = apps.get_model(label)
    qs = scoped(model._default_manager.filter(pk__in=_keys(model, ids)), user, perm)
    return {str(pk) for pk in qs.values_list("pk", flat=True)}


def _existing(label: str, ids: set[str]) -> set[str]:
    """The ids among ``ids`` whose rows still exist."""
    model = apps.get_model(label)
    qs = model._default_manager.filter(pk__in=_keys(model, ids))
    return {str(pk) for pk in qs.values_list("pk", flat=True)}


def _holds_in(user: Any, perm: str, region: Wilayah | None) -> bool:
    """For a deleted row: whether ``user`` holds ``perm`` over its whole kab/kota."""
    for grant in grants(user, perm):
        if grant.unit_path is not None:
            continue
        if grant.level == Wilayah.PROVINCE:
            return True
        if region is not None and grant.wilayah_code == region.code:
            return True
    return False


def rows_for(user: Any, events: Iterable[AuditEvent]) -> list[Row]:
    """Audit events as ``user`` may see them (a few queries per model, not per event)."""
    events = list(events)
    declared = {e.model: field_classes(e.model) for e in events}
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if declared[event.model] is not None:
            wanted[event.model].add(event.object_id)
    opened: dict[tuple[str, str], set[str]] = {}
    existing: dict[str, set[str]] = {}
    for label, ids in wanted.items():
        classes = declared[label]
        if classes is None:
            continue
        existing[label] = _existing(label, ids)
        for perm in {classes.read, classes.personal}:
            opened[(label, perm)] = _opened(user, label, ids, perm)

    def may(event: AuditEvent, perm: str) -> bool:
        if event.object_id in existing[event.model]:
            return event.object_id in opened[(event.model, perm)]
        return _holds_in(user, perm, event.region)

    rows = []
    for event in events:
        classes = declared[event.model]
        if classes is None:
            changes = tuple(
                Change(field, True, *_pair(value)) for field, value in event.changes.items()
            )
            rows.append(Row(event, event.object_repr, changes))
            continue
        personal, ordinary = may(event, classes.personal), may(event, classes.read)
        shown = []
        for field, value in event.changes.items():
            visible = personal if field == "_" or classes.is_personal(field) else ordinary
            if visible and classes.is_personal(field) and field in _masked(event.model):
                value = [hide(v) for v in value]  # rows stored before full masking
            shown.append(Change(field, visible, *_pair(value)) if visible else Change(field, False))
        label = event.object_repr if personal else _anonymous_label(event)
        rows.append(Row(event, label, tuple(shown)))
    return rows


def _pair(value: Any) -> tuple[Any, Any]:
    """A stored change as (before, after); the free-form ``_`` entry is shown as its after."""
    if isinstance(value, list) and len(value) == 2:
        return value[0], value[1]
    return None, value


def _masked(label: str) -> frozenset[str]:
    """The fields a model masks in the trail at write time."""
    return frozenset(getattr(apps.get_model(label), "personal_fields", ()))


def _anonymous_label(event: AuditEvent) -> str:
    """An object's name without its label: the kind of thing and its number."""
    name = str(apps.get_model(event.model)._meta.verbose_name)
    return f"{name} #{event.object_id}" if event.object_id else name
