"""Heartbeats of background processes, and the jobs a dead worker left behind.

Every task worker and the scheduler write a heartbeat row every few seconds from a thread
of their own. Health checks and job pages read them: no recent beat means no worker, and a
running job whose worker stopped beating will never finish, so it is marked failed (and may
be retried) instead of showing "running 2 %" for ever.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from replika.core.models import Job, JobStatus, WorkerBeat

log = logging.getLogger("replika.workers")

# The worker this process belongs to; tasks record it on their job when they start. A forked
# work horse (RQ) inherits it from its parent, whose thread keeps beating for both.
_current_worker = ""

# Stored untranslated, shown translated: a job's message is read in each user's language.
ORPHANED_MESSAGE = gettext_noop(
    "The background worker running this job stopped before it finished. Start it again."
)


def stale_after() -> dt.timedelta:
    """How long without a beat before a process counts as gone."""
    return dt.timedelta(seconds=settings.REPLIKA_WORKER_STALE_SECONDS)


def current_worker() -> str:
    """The name of the worker running in this process ('' outside a worker)."""
    return _current_worker


def new_name(kind: str) -> str:
    """A unique, readable process name: kind@host:pid:random."""
    return f"{kind}@{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(3)}"


def beat(name: str, kind: str = WorkerBeat.WORKER) -> None:
    """Record a sign of life (creating the row on the first beat)."""
    now = timezone.now()
    updated = WorkerBeat.objects.filter(name=name).update(seen_at=now, stopped_at=None)
    if not updated:
        WorkerBeat.objects.create(
            name=name,
            kind=kind,
            host=socket.gethostname()[:120],
            pid=os.getpid(),
            started_at=now,
            seen_at=now,
        )


def stopped(name: str) -> None:
    """Record a clean stop: the process is gone, on purpose."""
    WorkerBeat.objects.filter(name=name).update(stopped_at=timezone.now())


def alive(kind: str = WorkerBeat.WORKER, now: dt.datetime | None = None) -> QuerySet[WorkerBeat]:
    """Processes of a kind that beat recently and did not stop."""
    now = now or timezone.now()
    return WorkerBeat.objects.filter(kind=kind, stopped_at=None, seen_at__gte=now - stale_after())


def last_seen(kind: str = WorkerBeat.WORKER) -> dt.datetime | None:
    """When any process of a kind last beat."""
    beat_row = WorkerBeat.objects.filter(kind=kind).order_by("-seen_at").first()
    return beat_row.seen_at if beat_row else None


# Backends that run a task inside the request that queues it: no worker is involved.
INLINE_BACKENDS = frozenset(
    {
        "django_tasks.backends.immediate.ImmediateBackend",
        "django_tasks.backends.dummy.DummyBackend",
    }
)


def runs_workers() -> bool:
    """Whether this installation runs tasks in separate workers (not inline)."""
    return settings.TASKS["default"]["BACKEND"] not in INLINE_BACKENDS


def reap_orphaned_jobs(now: dt.datetime | None = None) -> int:
    """Mark failed the running jobs whose worker is gone; returns how many."""
    now = now or timezone.now()
    living = alive(now=now).values("name")
    orphaned = (
        Job.objects.filter(status=JobStatus.RUNNING)
        .exclude(worker="")
        .exclude(worker__in=living)
        # A job that reported progress recently is not orphaned, whatever the beats say.
        .filter(updated_at__lt=now - stale_after())
    )
    return orphaned.update(status=JobStatus.FAILED, message=ORPHANED_MESSAGE, updated_at=now)


@dataclass(frozen=True)
class QueueState:
    """What a page or a health check says about background work."""

    workers: int
    last_seen: dt.datetime | None
    oldest_queued: dt.datetime | None

    @property
    def healthy(self) -> bool:
        """A worker is alive (or tasks run inline, needing none)."""
        return self.workers > 0 or not runs_workers()


def queue_state(now: dt.datetime | None = None) -> QueueState:
    """Live workers, the last beat and the oldest job still waiting."""
    oldest = (
        Job.objects.filter(status=JobStatus.QUEUED)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return QueueState(workers=alive(now=now).count(), last_seen=last_seen(), oldest_queued=oldest)


class Heartbeat:
    """Beat from a daemon thread while the body of the ``with`` runs.

    The thread has its own database connection; it is closed when the thread ends.
    """

    def __init__(self, kind: str = WorkerBeat.WORKER, interval: float | None = None) -> None:
        self.kind = kind
        self.name = new_name(kind)
        self.interval = interval or settings.REPLIKA_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{kind}", daemon=True)

    def __enter__(self) -> Heartbeat:
        global _current_worker
        beat(self.name, self.kind)
        if self.kind == WorkerBeat.WORKER:
            _current_worker = self.name
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        global _current_worker
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        stopped(self.name)
        if _current_worker == self.name:
            # The process is no longer this worker: jobs it starts now are not the worker's.
            _current_worker = ""

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                self._beat_once()
        finally:
            connection.close()

    def _beat_once(self) -> None:
        """One beat; a failed one (database restarting, a lock) is retried next time."""
        try:
            close_old_connections()
            beat(self.name, self.kind)
        except DatabaseError:
            log.warning("heartbeat not recorded", extra={"worker": self.name}, exc_info=True)
            connection.close()
