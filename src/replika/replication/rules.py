"""Pure rules of the replication programme."""

from __future__ import annotations

import datetime as dt

from replika.replication.models import Stage

# A module is reachable in a region once the region pilots it: piloting already means
# cadres and officers use it for real, in part of the region.
LIVE_STAGES: frozenset[str] = frozenset({Stage.PILOTING, Stage.LAUNCHED, Stage.INSTITUTIONALISED})


def is_live(stage: str) -> bool:
    """Whether a module is usable in a region whose commitment is at ``stage``."""
    return stage in LIVE_STAGES


# The lifecycle moves one step forward at a time; any stage may stop (with a reason), a
# stopped commitment may restart from "committed", and a step back is allowed to correct a
# mistake or record a setback (a pilot that must be adapted again).
ORDER: tuple[str, ...] = (
    Stage.IDENTIFIED,
    Stage.COMMITTED,
    Stage.ADAPTING,
    Stage.PILOTING,
    Stage.LAUNCHED,
    Stage.INSTITUTIONALISED,
)


def allowed_next(stage: str) -> list[str]:
    """The stages a commitment at ``stage`` may move to."""
    if stage == Stage.STOPPED:
        return [Stage.COMMITTED]
    i = ORDER.index(stage)
    forward = [ORDER[i + 1]] if i + 1 < len(ORDER) else []
    back = [ORDER[i - 1]] if i > 0 else []
    return [*forward, *back, Stage.STOPPED]


def transition_problem(current: str, target: str, note: str) -> str:
    """Why moving from ``current`` to ``target`` is not allowed ('' when it is)."""
    if target not in Stage.values:
        return "unknown stage"
    if target == current:
        return "the commitment is already at this stage"
    if target not in allowed_next(current):
        return "this step is not allowed from the current stage"
    if target == Stage.STOPPED and not note.strip():
        return "say why the replication stopped"
    return ""


def is_overdue(due_on: dt.date, status: str, today: dt.date) -> bool:
    """A milestone past its due date that is not done."""
    return status != "done" and due_on < today
