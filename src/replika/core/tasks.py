"""The core's own background work: deleting temporary files past their retention."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from replika.core.models import Job

log = logging.getLogger("replika.retention")

# Storage folders that hold copies of personal data made for a while: job outputs (exports,
# bad-rows files) and uploads waiting to be imported. Evidence files are records, not copies.
TEMPORARY_FOLDERS = ("jobs", "imports")


def _walk(folder: str) -> list[str]:
    """Every file name under a storage folder (storage names use forward slashes)."""
    if not default_storage.exists(folder):
        return []
    dirs, files = default_storage.listdir(folder)
    found = [f"{folder}/{name}" for name in files]
    for sub in dirs:
        found.extend(_walk(f"{folder}/{sub}"))
    return found


def delete_expired_files(now: dt.datetime | None = None) -> int:
    """Delete temporary files older than the retention period; returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.REPLIKA_FILE_RETENTION_DAYS)
    deleted = 0
    for folder in TEMPORARY_FOLDERS:
        for name in _walk(folder):
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                deleted += 1
    # Their jobs no longer offer a download (the counts stay).
    for job in Job.objects.filter(created_at__lt=cutoff, result__has_key="file"):
        job.result.pop("file", None)
        job.save(update_fields=["result", "updated_at"])
    log.info("expired files deleted", extra={"count": deleted})
    return deleted


@task()
def expire_files() -> int:
    """Periodic: delete temporary files past their retention."""
    return delete_expired_files()
