"""Background tasks of the outbreak module (the only place they live)."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from replika.core import jobs, services
from replika.core.importing import FileRefused, ImportFailed, ImportResult, bad_rows_csv
from replika.core.models import User
from replika.outbreak import importers
from replika.outbreak.services import contacts as contact_services
from replika.outbreak.services import skdr as skdr_services

log = logging.getLogger("replika.jobs")


@task()
def close_due_contacts() -> int:
    """Daily: close the follow-up of contacts whose period ended."""
    return contact_services.contacts_close_due()


@task()
def evaluate_klb() -> int:
    """Weekly: evaluate last week's KLB criteria for every active disease."""
    return skdr_services.evaluate_last_week()


@task()
@jobs.reports_failure
def import_cases(
    *,
    job_id: int,
    user_id: int,
    stored_name: str,
    disease_id: int,
    unit_id: int,
    file_name: str = "",
) -> None:
    """Import an uploaded case line list as the user who uploaded it, then delete the upload."""
    try:
        user = User.objects.get(pk=user_id)
        with default_storage.open(stored_name, "rb") as handle:
            content = handle.read()

        def progress(done: int, total: int) -> None:
            services.job_progress(job_id=job_id, done=done, total=total)

        result = importers.import_case_file(
            actor=user,
            content=content,
            disease_id=disease_id,
            unit_id=unit_id,
            file_name=file_name or "kasus.csv",
            progress=progress,
        )
    except FileRefused as refused:
        services.job_finish(job_id=job_id, result={}, failed=True, message=str(refused))
        return
    except ImportFailed as failed:
        log.error("import failed", exc_info=failed.cause, extra={"job_id": job_id})
        services.job_finish(
            job_id=job_id,
            result=failed.result.counts(),
            failed=True,
            message=_(
                "The import stopped; rows already stored stay stored. Import the file again."
            ),
        )
        return
    finally:
        # The upload holds personal data: keep it no longer than the import needs it.
        default_storage.delete(stored_name)
    _finish_import(job_id, result)


@task()
@jobs.reports_failure
def import_skdr(*, job_id: int, user_id: int, stored_name: str, file_name: str = "") -> None:
    """Import an uploaded SKDR W2 file as the user who uploaded it, then delete the upload."""
    try:
        user = User.objects.get(pk=user_id)
        with default_storage.open(stored_name, "rb") as handle:
            content = handle.read()

        def progress(done: int, total: int) -> None:
            services.job_progress(job_id=job_id, done=done, total=total)

        result = importers.import_skdr_file(
            actor=user, content=content, file_name=file_name or "skdr.csv", progress=progress
        )
    except FileRefused as refused:
        services.job_finish(job_id=job_id, result={}, failed=True, message=str(refused))
        return
    except ImportFailed as failed:
        log.error("import failed", exc_info=failed.cause, extra={"job_id": job_id})
        services.job_finish(job_id=job_id, result=failed.result.counts(), failed=True)
        return
    finally:
        default_storage.delete(stored_name)
    _finish_import(job_id, result)


def _finish_import(job_id: int, result: ImportResult) -> None:
    """The job's counts, its bad-rows file, and the line the job page shows."""
    counts = result.counts()
    if result.problems:
        counts["file"] = jobs.save_output(
            job_id=job_id,
            filename="baris-bermasalah.csv",
            content=bad_rows_csv(result.problems, result.headers),
        )
    services.job_progress(job_id=job_id, done=result.read, total=result.read)
    services.job_finish(
        job_id=job_id,
        result=counts,
        message=_(
            "Rows read %(read)s · created %(created)s · unchanged %(unchanged)s · bad %(bad)s"
        )
        % counts,
    )
