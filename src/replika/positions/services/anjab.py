"""Writes of the Anjab: its information blocks and its tasks (which drive the ABK)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import User
from replika.positions.models import Position, Status, Task
from replika.positions.rules.blocks import EDITABLE_CODES
from replika.positions.rules.limits import MAX_NORM_MINUTES, MAX_TASKS, MAX_VOLUME
from replika.positions.services.abk import position_recompute

EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED, Status.APPROVED)


def _editable(position: Position) -> None:
    """A submitted Anjab waits for the verifier; an approved one reopens as a draft."""
    if position.status == Status.SUBMITTED:
        raise ValidationError(
            {"__all__": _("The Anjab is with the verifier; wait for the decision.")}
        )


def _reopen(position: Position) -> None:
    if position.status == Status.APPROVED:
        position.status = Status.DRAFT
        position.save(update_fields=["status", "updated_at"])


@transaction.atomic
def anjab_update(*, actor: User | None, position: Position, blocks: dict[str, Any]) -> Position:
    """Replace the editable information blocks of the Anjab (unknown blocks refused)."""
    _editable(position)
    unknown = sorted(set(blocks) - set(EDITABLE_CODES))
    if unknown:
        raise ValidationError({"__all__": _("Unknown blocks: %s") % ", ".join(unknown)})
    before = dict(position.anjab)
    position.anjab = {code: blocks[code] for code in EDITABLE_CODES if code in blocks}
    position.save(update_fields=["anjab", "updated_at"])
    _reopen(position)
    audit.record(
        actor=actor,
        action="positions.anjab.update",
        instance=position,
        before={"anjab": before},
        after={"anjab": position.anjab},
    )
    return position


def _checked_task(volume: Decimal, norm_minutes: Decimal) -> None:
    errors = {}
    if volume < 0 or volume > MAX_VOLUME:
        errors["volume"] = _("Between 0 and %(max)s a year.") % {"max": f"{MAX_VOLUME:,}"}
    if norm_minutes <= 0 or norm_minutes > MAX_NORM_MINUTES:
        errors["norm_minutes"] = _("Above 0 and at most %(max)s minutes.") % {
            "max": f"{MAX_NORM_MINUTES:,}"
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_add(
    *,
    actor: User | None,
    position: Position,
    description: str,
    output: str,
    output_unit: str,
    volume: Decimal,
    norm_minutes: Decimal,
) -> Task:
    """Add a main task with its output, yearly volume and time norm; the ABK follows."""
    _editable(position)
    _checked_task(volume, norm_minutes)
    if position.tasks.count() >= MAX_TASKS:
        raise ValidationError({"description": _("At most %s tasks.") % MAX_TASKS})
    task = Task.objects.create(
        position=position,
        order=position.tasks.count() + 1,
        description=description.strip(),
        output=output.strip(),
        output_unit=output_unit.strip(),
        volume=volume,
        norm_minutes=norm_minutes,
    )
    position_recompute(position)
    _reopen(position)
    audit.record(actor=actor, action="positions.task.add", instance=task)
    return task


@transaction.atomic
def task_update(
    *,
    actor: User | None,
    task: Task,
    description: str,
    output: str,
    output_unit: str,
    volume: Decimal,
    norm_minutes: Decimal,
) -> Task:
    """Change a task; the ABK follows."""
    _editable(task.position)
    _checked_task(volume, norm_minutes)
    before = {"volume": str(task.volume), "norm_minutes": str(task.norm_minutes)}
    task.description, task.output = description.strip(), output.strip()
    task.output_unit, task.volume, task.norm_minutes = output_unit.strip(), volume, norm_minutes
    task.save()
    position_recompute(task.position)
    _reopen(task.position)
    audit.record(
        actor=actor,
        action="positions.task.update",
        instance=task,
        before=before,
        after={"volume": str(volume), "norm_minutes": str(norm_minutes)},
    )
    return task


@transaction.atomic
def task_delete(*, actor: User | None, task: Task) -> Position:
    """Remove a task; the ABK follows."""
    position = task.position
    _editable(position)
    audit.record(actor=actor, action="positions.task.delete", instance=task, after={})
    task.delete()
    position_recompute(position)
    _reopen(position)
    return position
