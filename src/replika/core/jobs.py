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

from replika.core import services
from replika.core.models import Job, User, Wilayah

log = logging.getLogger("replika.jobs")


def start(
    *, owner: User, kind: str, task: Any, region: Wilayah | None = None, **kwargs: Any
) -> Job:
    """Create a job and queue ``task(job_id=…, **kwargs)`` once the caller's writes commit."""
    job = services.job_create(owner=owner, kind=kind, region=region)

    def enqueue() -> None:
        result = task.enqueue(job_id=job.pk, **kwargs)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def reports_failure(function: Callable[..., Any]) -> Callable[..., Any]:
    """Mark the job failed (without personal data in the message) if the task raises."""

    @wraps(function)
    def wrapped(*args: Any, job_id: int, **kwargs: Any) -> Any:
        try:
            return function(*args, job_id=job_id, **kwargs)
        except Exception as exc:
            log.exception("job failed", extra={"job_id": job_id})
            services.job_finish(job_id=job_id, result={}, failed=True, message=type(exc).__name__)
            raise

    return wrapped


def save_output(*, job_id: int, filename: str, content: bytes) -> str:
    """Store a job's output file outside the web root; returns its storage name."""
    return default_storage.save(f"jobs/{job_id}/{filename}", ContentFile(content))
