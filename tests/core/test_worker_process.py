"""A real worker process: it beats and runs jobs; killed, its job fails instead of hanging.

Runs against a copy of the live-test site (SQLite file, demo data) with the database task
backend, as `make run` does: `replika worker` in a subprocess, SIGKILLed (no chance to say
goodbye), then one `replika scheduler --once` tick.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import liveserver

STALE_SECONDS = 3
CLI = [sys.executable, "-c", "from replika.cli import main; raise SystemExit(main())"]


def _env(var_dir: Path) -> dict[str, str]:
    env = liveserver.server_env(var_dir)
    env.update(
        REPLIKA_TASK_BACKEND="database",
        REPLIKA_HEARTBEAT_SECONDS="1",
        REPLIKA_WORKER_STALE_SECONDS=str(STALE_SECONDS),
    )
    return env


def _run(var_dir: Path, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [*CLI, *args],
        env=_env(var_dir),
        cwd=liveserver.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def _python(var_dir: Path, code: str) -> str:
    """Run Python inside Django against the copy's database; its printed output."""
    return _run(var_dir, "shell", "-v", "0", "-c", code)


def _wait_for(var_dir: Path, code: str, *, timeout: float = 60) -> str:
    """Poll until ``code`` prints something non-empty."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = _python(var_dir, code)
        if out:
            return out
        time.sleep(0.5)
    raise AssertionError(f"nothing after {timeout} s: {code}")


@pytest.fixture
def site_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = liveserver.live_site(tmp_path_factory)
    return liveserver.own_copy(site, tmp_path_factory.mktemp("worker"))


@pytest.fixture
def worker(site_copy: Path) -> Iterator[subprocess.Popen[bytes]]:
    with open(site_copy / "worker.log", "wb") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [*CLI, "worker"],
            env=_env(site_copy),
            cwd=liveserver.ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=liveserver.die_with_parent,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


LIVE_WORKER = (
    "from replika.core.workers import alive; "
    "print(alive().values_list('name', flat=True).first() or '')"
)
EXPORT_JOB = (
    "from django.db import transaction; from replika.core import jobs; "
    "from replika.core.models import User; from replika.replication.tasks import "
    "export_commitments as t; u = User.objects.get(username='admin.padang'); "
    "print(jobs.start(owner=u, kind='replication.export', task=t, user_id=u.pk).pk)"
)


def _job(job_id: str, field: str) -> str:
    return f"from replika.core.models import Job; print(Job.objects.get(pk={job_id}).{field})"


def _finished(job_id: str) -> str:
    return (
        "from replika.core.models import Job; print('yes' if Job.objects.filter("
        f"pk={job_id}, status__in=['done', 'failed']).exists() else '')"
    )


def test_a_worker_runs_jobs_and_a_killed_workers_job_fails(site_copy, worker):
    name = _wait_for(site_copy, LIVE_WORKER)

    # A real job runs on it, and records which worker held it.
    job_id = _python(site_copy, EXPORT_JOB)
    _wait_for(site_copy, _finished(job_id))
    assert _python(site_copy, _job(job_id, "status")) == "done"
    assert _python(site_copy, _job(job_id, "worker")) == name

    # A job it holds when it dies (as an import at 2 %) must not stay "running" for ever.
    held = _python(
        site_copy,
        "from replika.core.models import Job, User; print(Job.objects.create("
        "owner=User.objects.get(username='admin.padang'), kind='nutrition.import', "
        f"status='running', worker='{name}', done=2, total=100).pk)",
    )
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    time.sleep(STALE_SECONDS + 1)
    _run(site_copy, "scheduler", "--once")
    assert _python(site_copy, _job(held, "status")) == "failed"
    assert (
        _python(
            site_copy, "from replika.core.health import workers_report; print(workers_report()[0])"
        )
        == "False"
    )
