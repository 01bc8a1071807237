"""Periodic work without cron: apps register what runs how often; ``replika scheduler`` runs it.

The scheduler does not run the work itself: when something is due it claims it and queues
its task for the workers, so a slow refresh never delays the next tick. The claim is one
conditional UPDATE on the job's ``PeriodicRun`` row, so two schedulers (a second host, a
restart overlapping the old process) never queue the same run twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise

from replika.core.models import PeriodicRun

log = logging.getLogger("replika.scheduler")


@dataclass(frozen=True)
class Periodic:
    """A task (taking no arguments) to queue every ``every``."""

    code: str
    every: dt.timedelta
    task: Any
    description: str | Promise = ""


PERIODIC: dict[str, Periodic] = {}


def register_periodic(periodic: Periodic) -> Periodic:
    """Add (or replace, by code) a periodic job."""
    if periodic.every < dt.timedelta(minutes=1):
        raise ValueError(f"{periodic.code}: periodic work runs at most once a minute")
    PERIODIC[periodic.code] = periodic
    return periodic


def _row(code: str) -> None:
    """Make sure the job's row exists (two schedulers may both try)."""
    if PeriodicRun.objects.filter(code=code).exists():
        return
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(code=code)
    except IntegrityError:
        pass  # the other scheduler made it first


def claim(periodic: Periodic, now: dt.datetime) -> bool:
    """Take this run of a due job; False when it is not due or another scheduler took it."""
    _row(periodic.code)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - periodic.every)
    return bool(PeriodicRun.objects.filter(due, code=periodic.code).update(last_started_at=now))


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Queue every due periodic job; returns the codes queued."""
    now = now or timezone.now()
    queued = []
    for periodic in PERIODIC.values():
        if not claim(periodic, now):
            continue
        try:
            result = periodic.task.enqueue()
        except Exception as exc:  # a broken queue must not stop the other jobs
            log.exception("periodic job not queued", extra={"code": periodic.code})
            PeriodicRun.objects.filter(code=periodic.code).update(
                last_error=type(exc).__name__[:255]
            )
            continue
        PeriodicRun.objects.filter(code=periodic.code).update(
            last_enqueued_id=str(result.id)[:64], last_error=""
        )
        queued.append(periodic.code)
    return queued
