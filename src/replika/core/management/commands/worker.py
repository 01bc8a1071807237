"""``replika worker``: the configured backend's task worker, with a heartbeat."""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from replika.core.workers import Heartbeat


def backend_command() -> list[str]:
    """The management command (and its arguments) that runs tasks for the backend."""
    if settings.TASK_BACKEND == "rq":
        return ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
    if settings.TASK_BACKEND == "database":
        return ["db_worker"]
    raise CommandError(
        f"REPLIKA_TASK_BACKEND={settings.TASK_BACKEND!r} runs tasks inline: no worker is needed"
    )


class Command(BaseCommand):
    help = (
        "Run background tasks (imports, exports, summary refreshes) for the configured "
        "backend, writing a heartbeat that /healthz and the job pages read. Extra arguments "
        "go to the backend's worker (for example --batch)."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("worker_args", nargs=argparse.REMAINDER)

    def handle(self, *args: Any, **options: Any) -> None:
        command, *fixed = backend_command()
        extra = list(options["worker_args"])
        # The database worker reloads on code changes under DEBUG by forking itself; the
        # heartbeat belongs to the process that runs the tasks, so never reload here.
        if command == "db_worker" and "--reload" not in extra:
            extra.append("--no-reload")
        with Heartbeat():
            call_command(command, *fixed, *extra)
