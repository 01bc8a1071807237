"""Periodic work without cron: due jobs are queued once, even with two schedulers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import task

from replika.core import schedule
from replika.core.models import Job, JobStatus, PeriodicRun, WorkerBeat
from replika.core.tasks import delete_expired_files
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


@task()
def _tick_task() -> None:
    CALLS.append("ran")


@pytest.fixture
def periodic():
    job = schedule.register_periodic(
        schedule.Periodic(code="test.tick", every=dt.timedelta(minutes=10), task=_tick_task)
    )
    CALLS.clear()
    yield job
    schedule.PERIODIC.pop("test.tick", None)


def test_a_due_job_is_queued_and_not_again_until_its_interval_passed(periodic):
    now = timezone.now()
    assert "test.tick" in schedule.run_due(now)
    assert CALLS == ["ran"]
    assert "test.tick" not in schedule.run_due(now + dt.timedelta(minutes=9))
    assert "test.tick" in schedule.run_due(now + dt.timedelta(minutes=10))
    assert CALLS == ["ran", "ran"]
    assert PeriodicRun.objects.get(code="test.tick").last_enqueued_id


def test_two_schedulers_claim_one_run_once(periodic):
    now = timezone.now()
    assert schedule.claim(periodic, now) is True
    assert schedule.claim(periodic, now) is False


def test_periodic_work_runs_at_most_once_a_minute():
    with pytest.raises(ValueError, match="once a minute"):
        schedule.register_periodic(
            schedule.Periodic(code="x", every=dt.timedelta(seconds=5), task=_tick_task)
        )


def test_core_registers_file_retention():
    assert "core.expire_files" in schedule.PERIODIC


def test_one_scheduler_tick_queues_due_work_fails_orphans_and_beats(periodic, monkeypatch):
    from replika.core.management.commands import scheduler

    # A tick recycles stale connections; inside the test's transaction that would drop the
    # connection on PostgreSQL, so it is switched off here.
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    owner = UserFactory()
    long_ago = timezone.now() - dt.timedelta(hours=1)
    WorkerBeat.objects.create(name="dead", started_at=long_ago, seen_at=long_ago)
    job = Job.objects.create(owner=owner, kind="k", status=JobStatus.RUNNING, worker="dead")
    Job.objects.filter(pk=job.pk).update(updated_at=long_ago)
    call_command("scheduler", "--once")
    assert CALLS == ["ran"]
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
    beat = WorkerBeat.objects.get(kind=WorkerBeat.SCHEDULER)
    assert beat.stopped_at is not None


@override_settings(REPLIKA_FILE_RETENTION_DAYS=7)
def test_temporary_files_past_retention_are_deleted_and_their_jobs_offer_no_download():
    owner = UserFactory()
    job_file = default_storage.save("jobs/999001/ekspor.csv", ContentFile(b"x"))
    upload = default_storage.save("imports/unggahan.csv", ContentFile(b"y"))
    evidence = default_storage.save("evidence/bukti.pdf", ContentFile(b"%PDF-"))
    job = Job.objects.create(owner=owner, kind="k", status=JobStatus.DONE)
    Job.objects.filter(pk=job.pk).update(result={"file": job_file, "rows": 3})
    try:
        # The storage is shared by the tests of one process: judge only this test's files.
        six_days_on = timezone.now() + dt.timedelta(days=6)
        delete_expired_files(six_days_on)
        assert default_storage.exists(job_file)
        assert default_storage.exists(upload)
        eight_days_on = timezone.now() + dt.timedelta(days=8)
        assert delete_expired_files(eight_days_on) >= 2
        assert not default_storage.exists(job_file)
        assert not default_storage.exists(upload)
        assert default_storage.exists(evidence)  # records are not temporary copies
        assert Job.objects.get(pk=job.pk).result == {"rows": 3}
    finally:
        for name in (job_file, upload, evidence):
            default_storage.delete(name)


def test_modules_register_their_periodic_work():
    assert "nutrition.refresh_summaries" in schedule.PERIODIC
