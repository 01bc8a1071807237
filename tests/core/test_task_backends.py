"""Background jobs run on the database backend and on Redis (RQ), the same way."""

from __future__ import annotations

import uuid

import pytest
from django.test import override_settings

from replika.core import jobs
from replika.core.models import Job, JobStatus
from replika.replication import tasks
from tests.factories import make_commitment

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False
    return True


def test_database_backend_queues_then_worker_runs(
    padang_admin, django_capture_on_commit_callbacks, monkeypatch
):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker recycles connections between tasks; inside the test's transaction that
    # would drop the connection on PostgreSQL, so it is switched off here.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    make_commitment("13.71", "ayo-ceting")
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=backend):
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.start(
                owner=padang_admin, kind="t", task=tasks.export_commitments, user_id=padang_admin.pk
            )
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED
        stored = DBTaskResult.objects.get(id=job.task_result_id)
        assert stored.task_path.endswith("export_commitments")
        from django.core.management import call_command

        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result["rows"] == 1


@pytest.mark.skipif(not _redis_available(), reason="Redis is not reachable at " + REDIS_URL)
def test_rq_backend_runs_the_same_job(padang_admin, django_capture_on_commit_callbacks):
    import django_rq
    from django_tasks_rq import Job as RQJob
    from rq import SimpleWorker

    queue_name = f"test-{uuid.uuid4().hex[:8]}"
    backend = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    queues = {queue_name: {"URL": REDIS_URL}}
    make_commitment("13.71", "ayo-ceting")
    with override_settings(TASKS=backend, RQ_QUEUES=queues):
        task = tasks.export_commitments.using(queue_name=queue_name)
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.start(owner=padang_admin, kind="t", task=task, user_id=padang_admin.pk)
        queue = django_rq.get_queue(queue_name, job_class=RQJob)
        assert queue.count == 1
        # SimpleWorker runs in this process, so it sees the test database.
        SimpleWorker([queue], connection=queue.connection, job_class=RQJob).work(burst=True)
        queue.connection.delete(*queue.connection.keys(f"rq:*{queue_name}*") or ["-"])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Job.objects.get(pk=job.pk).result["rows"] == 1
