"""Marking posyandu-months whose summary must be recomputed (DHIS2-style dirty marks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from replika.nutrition.models import DirtySummary


def mark_dirty(unit_id: int, period: dt.date) -> None:
    """Note that a posyandu-month's summary must be recomputed, and have it done soon.

    The refresh is queued once per newly dirty posyandu-month, after the writes commit; it
    refreshes every dirty month at once, so a busy posyandu day costs a handful of refreshes.
    """
    # Usually the month is already marked (a session day saves row after row): one UPDATE
    # then, instead of update_or_create's savepoint, read, update and release.
    marked = DirtySummary.objects.filter(unit_id=unit_id, period=period)
    if marked.update(marked_at=timezone.now()):
        return
    _mark, created = DirtySummary.objects.update_or_create(unit_id=unit_id, period=period)
    if created:
        transaction.on_commit(_queue_refresh)


def mark_dirty_many(pairs: Iterable[tuple[int, dt.date]]) -> None:
    """Note each touched (posyandu, month) in one statement (bulk writes queue no refresh)."""
    wanted = sorted(set(pairs))
    if not wanted:
        return
    DirtySummary.objects.bulk_create(
        [DirtySummary(unit_id=unit_id, period=period) for unit_id, period in wanted],
        update_conflicts=True,
        unique_fields=["unit", "period"],
        update_fields=["marked_at"],
    )


def _queue_refresh() -> None:
    # Imported here: the tasks module imports the services.
    from replika.nutrition.tasks import refresh_dirty_summaries

    refresh_dirty_summaries.enqueue()
