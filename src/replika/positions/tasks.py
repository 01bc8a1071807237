"""Background tasks of SI JABPRI (the only place they live): imports, exports, ABK refresh."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from replika.core import jobs, services
from replika.core.models import Job, User
from replika.positions import exports, importers
from replika.positions.services.abk import abk_recompute

log = logging.getLogger("replika.jobs")


@task()
def recompute_all_abk() -> int:
    """Hourly: recompute every ABK whose figures changed (a region may have new settings)."""
    return abk_recompute()


@task()
@jobs.reports_failure
def export_formation(*, job_id: int, user_id: int, region_id: int, file_format: str) -> None:
    """Write a region's e-Formasi / SIASN sheet as the user who asked, onto the job."""
    user = User.objects.get(pk=user_id)
    services.job_progress(job_id=job_id, done=0, total=1, message=_("Writing the file…"))
    name, content, rows = exports.formation_file(
        user=user, region_id=region_id, file_format=file_format
    )
    stored = jobs.save_output(job_id=job_id, filename=name, content=content)
    message = _("%(rows)s positions exported") % {"rows": rows}
    services.job_finish(job_id=job_id, result={"file": stored, "rows": rows}, message=message)


@task()
@jobs.reports_failure
def import_positions(
    *, job_id: int, user_id: int, rows_kind: str, stored_name: str, file_name: str = ""
) -> None:
    """Import an uploaded positions or tasks file as the user who uploaded it."""
    try:
        user = User.objects.get(pk=user_id)
        job = Job.objects.select_related("region").get(pk=job_id)
        with default_storage.open(stored_name, "rb") as handle:
            content = handle.read()
        services.job_progress(job_id=job_id, done=0, message=_("Reading the file…"))
        result = importers.import_file(
            user=user,
            kind=rows_kind,
            file_name=file_name or stored_name,
            content=content,
            region=job.region,
            job=job,
            progress=lambda done, total: services.job_progress(
                job_id=job_id, done=done, total=total
            ),
        )
    except importers.FileRefused as refused:
        services.job_finish(job_id=job_id, result={}, failed=True, message=str(refused))
        return
    except importers.ImportFailed as failed:
        log.error("import failed", exc_info=failed.cause, extra={"job_id": job_id})
        message = _("The import stopped; rows already stored stay stored. Import the file again.")
        services.job_finish(
            job_id=job_id, result=failed.result.counts(), failed=True, message=message
        )
        return
    finally:
        default_storage.delete(stored_name)
    counts = result.counts()
    if result.problems:
        counts["file"] = jobs.save_output(
            job_id=job_id, filename="baris-bermasalah.csv", content=importers.problems_csv(result)
        )
    services.job_progress(job_id=job_id, done=result.read, total=result.read)
    message = (
        _(
            "Rows read %(read)s · created %(created)s · updated %(updated)s · "
            "unchanged %(unchanged)s · bad %(bad)s"
        )
        % result.counts()
    )
    services.job_finish(job_id=job_id, result=counts, message=message)
