"""What /healthz says about background work: workers, the scheduler and the queue."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from replika.core.models import WorkerBeat
from replika.core.workers import alive, last_seen, queue_state, runs_workers


def _age_seconds(moment: Any) -> int | None:
    """Whole seconds since a moment (None for never)."""
    if moment is None:
        return None
    return int((timezone.now() - moment).total_seconds())


def workers_report() -> tuple[bool, dict[str, Any]]:
    """(healthy, report): unhealthy when tasks need a worker and none beat recently."""
    if not runs_workers():
        return True, {"mode": "inline"}
    state = queue_state()
    report = {
        "alive": state.workers,
        "last_seen_seconds_ago": _age_seconds(state.last_seen),
        "oldest_queued_seconds": _age_seconds(state.oldest_queued),
        "scheduler_alive": alive(WorkerBeat.SCHEDULER).exists(),
        "scheduler_last_seen_seconds_ago": _age_seconds(last_seen(WorkerBeat.SCHEDULER)),
    }
    return state.healthy, report
