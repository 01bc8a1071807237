"""``replika scheduler``: queue periodic work when it is due, and fail jobs of dead workers."""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from replika.core import schedule
from replika.core.models import WorkerBeat
from replika.core.workers import Heartbeat, reap_orphaned_jobs


class Command(BaseCommand):
    help = (
        "Run periodic work without cron: every tick, queue the due periodic jobs (summary "
        "refresh, reminders, file retention) for the workers and mark failed the jobs whose "
        "worker died. Run one scheduler per installation (a second one is harmless)."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one tick and exit.")
        parser.add_argument(
            "--tick", type=float, default=30.0, help="Seconds between ticks (default 30)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def _stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        with Heartbeat(kind=WorkerBeat.SCHEDULER):
            while True:
                self.tick()
                if options["once"] or stop.wait(options["tick"]):
                    break

    def tick(self) -> None:
        """One round: queue what is due, fail what is orphaned."""
        close_old_connections()
        queued = schedule.run_due()
        reaped = reap_orphaned_jobs()
        if queued or reaped:
            self.stdout.write(f"queued {', '.join(queued) or 'nothing'}; jobs failed: {reaped}")
