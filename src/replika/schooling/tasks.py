"""Background tasks of the schooling module (the only place they live): imports, exports,
and the refresh of the dashboard summaries."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from replika.core import jobs, services
from replika.core.models import Job, User
from replika.schooling import exports, importers
from replika.schooling.services.summaries import refresh_dirty

log = logging.getLogger("replika.jobs")


@task()
def refresh_summaries() -> int:
    """Periodic: rebuild the summaries of every kab/kota whose cases changed."""
    return refresh_dirty()


@task()
@jobs.reports_failure
def import_cases(
    *, job_id: int, user_id: int, list_kind: str, stored_name: str, file_name: str
) -> None:
    """Import an uploaded case list as the user who uploaded it, then delete the upload."""
    try:
        user = User.objects.get(pk=user_id)
        job = Job.objects.select_related("region").get(pk=job_id)
        with default_storage.open(stored_name, "rb") as handle:
            content = handle.read()

        def progress(done: int, total: int) -> None:
            services.job_progress(job_id=job_id, done=done, total=total)

        result = importers.import_file(
            user=user,
            kind=list_kind,
            content=content,
            file_name=file_name,
            region=job.region,
            job=job,
            progress=progress,
        )
    except importers.FileRefused as refused:
        services.job_finish(job_id=job_id, result={}, failed=True, message=str(refused))
        return
    except importers.ImportFailed as failed:
        log.error("import failed", exc_info=failed.cause, extra={"job_id": job_id})
        services.job_finish(
            job_id=job_id,
            result=failed.result.counts(),
            failed=True,
            message=_("The import stopped because of an error; stored rows stay stored."),
        )
        return
    finally:
        default_storage.delete(stored_name)
    refresh_dirty()
    counts = result.counts()
    if result.problems:
        counts["file"] = jobs.save_output(
            job_id=job_id, filename="baris-bermasalah.csv", content=importers.bad_rows(result)
        )
    services.job_finish(
        job_id=job_id,
        result=counts,
        message=_(
            "Rows read %(read)s · created %(created)s · updated %(updated)s · "
            "unchanged %(unchanged)s · bad %(bad)s"
        )
        % counts,
    )


@task()
@jobs.reports_failure
def export_register(
    *, job_id: int, user_id: int, file_format: str, wilayah: str = "", status: str = ""
) -> None:
    """Write the register the user may see as xlsx or CSV, or the dashboard report as PDF."""
    user = User.objects.get(pk=user_id)
    name, content = exports.render(
        user=user, file_format=file_format, wilayah=wilayah, status=status
    )
    stored = jobs.save_output(job_id=job_id, filename=name, content=content)
    services.job_finish(job_id=job_id, result={"file": stored}, message=_("The file is ready."))
