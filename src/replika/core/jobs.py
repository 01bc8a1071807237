"""Background jobs: record a Job, queue its task after the transaction commits.

A task receives ``job_id`` and reports progress with ``services.job_progress``; pages poll
``core:job_progress`` to draw the bar, and a finished job may carry a file to download.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from replika.core import services, workers
from replika.core.access import grants
from replika.core.models import Job, JobStatus, User, Wilayah

log = logging.getLogger("replika.jobs")


def start(
    *,
    owner: User,
    kind: str,
    task: Any,
    region: Wilayah | None = None,
    permission: str = "",
    **kwargs: Any,
) -> Job:
    """Create a job and queue ``task(job_id=…, **kwargs)`` once the caller's writes commit.

    ``permission`` (in ``region`` when given) is what the owner needed to start the job; its
    file is served only while they still hold it.
    """
    job = services.job_create(owner=owner, kind=kind, region=region)
    Job.objects.filter(pk=job.pk).update(
        task_path=task.module_path, task_kwargs=kwargs, permission=permission
    )
    job.permission = permission
    transaction.on_commit(lambda: _enqueue(job.pk, task, kwargs))
    return job


def _enqueue(job_id: int, task: Any, kwargs: dict[str, Any]) -> None:
    """Queue the job's task and remember the queue's id for it."""
    result = task.enqueue(job_id=job_id, **kwargs)
    Job.objects.filter(pk=job_id).update(task_result_id=str(result.id))


class NotRetryable(Exception):
    """The job cannot run again (it did not fail, or its task is unknown)."""


@transaction.atomic
def retry(*, actor: User, job_id: int) -> Job:
    """Queue a failed job of ``actor``'s again, from the start."""
    job = Job.objects.select_for_update().filter(pk=job_id, owner=actor).first()
    if job is None or job.status != JobStatus.FAILED or not job.task_path:
        raise NotRetryable
    try:
        task = import_string(job.task_path)
    except ImportError as exc:
        raise NotRetryable from exc
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED,
        done=0,
        message="",
        result={},
        worker="",
        started_at=None,
        updated_at=timezone.now(),
    )
    kwargs = dict(job.task_kwargs)
    transaction.on_commit(lambda: _enqueue(job.pk, task, kwargs))
    job.refresh_from_db()
    return job


def reports_failure(function: Callable[..., Any]) -> Callable[..., Any]:
    """Mark the job failed (without personal data in the message) if the task raises."""

    @wraps(function)
    def wrapped(*args: Any, job_id: int, **kwargs: Any) -> Any:
        # Which worker holds the job, so that its death can be told from a slow job.
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.RUNNING,
            worker=workers.current_worker(),
            started_at=timezone.now(),
            attempts=F("attempts") + 1,
            updated_at=timezone.now(),
        )
        try:
            return function(*args, job_id=job_id, **kwargs)
        except Exception as exc:
            log.exception("job failed", extra={"job_id": job_id})
            services.job_finish(job_id=job_id, result={}, failed=True, message=type(exc).__name__)
            raise

    return wrapped


def may_download(job: Job) -> bool:
    """Whether the job's owner still holds the permission the job was started under."""
    # A job that recorded no permission has no right to hand out files: fail closed.
    if not job.permission:
        return False
    held = grants(job.owner, job.permission)
    if job.region is None:
        return bool(held)
    code = job.region.code
    # Any grant that overlaps the job's kab/kota (a province role, the kab/kota itself, or a
    # kecamatan or posyandu inside it) still opens the rows the file was made from.
    return any(
        g.level == Wilayah.PROVINCE
        or g.wilayah_code == code
        or g.wilayah_code.startswith(code + ".")
        or code.startswith(g.wilayah_code + ".")
        for g in held
    )


def save_output(*, job_id: int, filename: str, content: bytes) -> str:
    """Store a job's output file outside the web root; returns its storage name."""
    return default_storage.save(f"jobs/{job_id}/{filename}", ContentFile(content))
