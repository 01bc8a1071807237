"""Background work one can trust: heartbeats, dead workers' jobs, retries, /healthz."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from replika.core import jobs, workers
from replika.core.models import Job, JobStatus, WorkerBeat
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RUNS: list[int] = []
QUEUED_IN_DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
@jobs.reports_failure
def _count_job(*, job_id: int, label: str) -> None:
    """A job that records that it ran and finishes."""
    RUNS.append(job_id)
    from replika.core import services

    services.job_finish(job_id=job_id, result={"label": label})


def _beat(name: str, *, seconds_ago: float, kind: str = WorkerBeat.WORKER) -> WorkerBeat:
    seen = timezone.now() - dt.timedelta(seconds=seconds_ago)
    return WorkerBeat.objects.create(
        name=name, kind=kind, started_at=seen, seen_at=seen, host="h", pid=1
    )


def _running_job(owner, *, worker: str, seconds_ago: float) -> Job:
    job = Job.objects.create(
        owner=owner, kind="test.count", status=JobStatus.RUNNING, worker=worker, done=2, total=100
    )
    past = timezone.now() - dt.timedelta(seconds=seconds_ago)
    Job.objects.filter(pk=job.pk).update(updated_at=past)
    return job


def test_a_beat_creates_then_refreshes_one_row():
    workers.beat("w1")
    first = WorkerBeat.objects.get(name="w1").seen_at
    workers.beat("w1")
    assert WorkerBeat.objects.filter(name="w1").count() == 1
    assert WorkerBeat.objects.get(name="w1").seen_at >= first


def test_only_recent_unstopped_beats_count_as_alive():
    _beat("fresh", seconds_ago=5)
    _beat("stale", seconds_ago=600)
    _beat("stopped", seconds_ago=5)
    workers.stopped("stopped")
    _beat("sched", seconds_ago=5, kind=WorkerBeat.SCHEDULER)
    assert set(workers.alive().values_list("name", flat=True)) == {"fresh"}


def test_a_job_whose_worker_died_is_failed_with_a_message():
    owner = UserFactory()
    _beat("dead", seconds_ago=600)
    orphan = _running_job(owner, worker="dead", seconds_ago=600)
    assert workers.reap_orphaned_jobs() == 1
    orphan.refresh_from_db()
    assert orphan.status == JobStatus.FAILED
    assert orphan.message == workers.ORPHANED_MESSAGE


def test_jobs_of_living_workers_and_recently_active_jobs_are_left_alone():
    owner = UserFactory()
    _beat("alive", seconds_ago=5)
    _beat("dead", seconds_ago=600)
    slow = _running_job(owner, worker="alive", seconds_ago=3600)
    just_reported = _running_job(owner, worker="dead", seconds_ago=1)
    inline = _running_job(owner, worker="", seconds_ago=3600)
    assert workers.reap_orphaned_jobs() == 0
    for job in (slow, just_reported, inline):
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING


def test_a_started_job_records_its_worker_and_attempt(monkeypatch):
    owner = UserFactory()
    monkeypatch.setattr(workers, "_current_worker", "worker@test:1:abc")
    seen: dict[str, object] = {}

    @jobs.reports_failure
    def peek(*, job_id: int) -> None:
        job = Job.objects.get(pk=job_id)
        seen.update(worker=job.worker, attempts=job.attempts, status=job.status)

    job = Job.objects.create(owner=owner, kind="test.peek")
    peek(job_id=job.pk)
    assert seen == {"worker": "worker@test:1:abc", "attempts": 1, "status": JobStatus.RUNNING}


def test_a_failed_job_runs_again_for_its_owner(django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(owner=owner, kind="test.count", task=_count_job, label="a")
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    assert Job.objects.get(pk=job.pk).task_kwargs == {"label": "a"}
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message="boom")
    RUNS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.retry(actor=owner, job_id=job.pk)
    job.refresh_from_db()
    assert [job.pk] == RUNS
    assert job.status == JobStatus.DONE
    assert job.attempts == 2


def test_nobody_retries_another_persons_job_or_an_unfailed_one():
    owner, outsider = UserFactory(), UserFactory()
    job = Job.objects.create(
        owner=owner, kind="test.count", status=JobStatus.FAILED, task_path=_count_job.module_path
    )
    with pytest.raises(jobs.NotRetryable):
        jobs.retry(actor=outsider, job_id=job.pk)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    with pytest.raises(jobs.NotRetryable):
        jobs.retry(actor=owner, job_id=job.pk)


def test_retry_page_answers_404_to_an_outsider(client_for):
    owner, outsider = UserFactory(), UserFactory()
    job = Job.objects.create(
        owner=owner, kind="test.count", status=JobStatus.FAILED, task_path=_count_job.module_path
    )
    url = reverse("core:job_retry", args=[job.pk])
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(owner).get(url).status_code == 405


@override_settings(TASKS=QUEUED_IN_DATABASE)
def test_job_page_says_when_no_worker_runs(client_for):
    owner = UserFactory()
    job = Job.objects.create(owner=owner, kind="test.count")
    url = reverse("core:job", args=[job.pk])
    assert b'class="notice"' in client_for(owner).get(url).content
    _beat("alive", seconds_ago=1)
    assert b'class="notice"' not in client_for(owner).get(url).content


@override_settings(TASKS=QUEUED_IN_DATABASE)
def test_healthz_is_503_without_a_worker_and_reports_the_queue(client):
    job_owner = UserFactory()
    Job.objects.create(owner=job_owner, kind="test.count")
    response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()["checks"]["workers"]
    assert report["alive"] == 0
    assert report["oldest_queued_seconds"] is not None
    _beat("alive", seconds_ago=1)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["workers"]["alive"] == 1


def test_healthz_needs_no_worker_when_tasks_run_inline(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["workers"] == {"mode": "inline"}


# Serialized rollback puts the migrations' data (regions, content types) back as it was, so
# the transactional tests that run after this one find the same database.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_heartbeat_thread_beats_and_marks_the_stop():
    with workers.Heartbeat(interval=0.05) as heartbeat:
        assert workers.current_worker() == heartbeat.name
        first = WorkerBeat.objects.get(name=heartbeat.name).seen_at
        deadline = timezone.now() + dt.timedelta(seconds=5)
        while WorkerBeat.objects.get(name=heartbeat.name).seen_at == first:
            assert timezone.now() < deadline, "the heartbeat thread never beat"
    row = WorkerBeat.objects.get(name=heartbeat.name)
    assert row.stopped_at is not None
    assert workers.current_worker() == ""
