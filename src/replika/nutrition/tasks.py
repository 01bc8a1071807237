"""Background tasks of the nutrition module (the only place they live).

e-PPGBM imports and exports, and the refresh of the monthly summaries.
"""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from replika.core import audit, jobs, services
from replika.core.models import Job, User
from replika.nutrition import exports, importers
from replika.nutrition.services.summaries import summaries_rebuild, summaries_refresh

log = logging.getLogger("replika.jobs")


def _summary(result: importers.ImportResult) -> str:
    """The one line the job page shows when the import is done."""
    return (
        _(
            "Rows read %(read)s · created %(created)s · updated %(updated)s · "
            "unchanged %(unchanged)s · bad %(bad)s"
        )
        % result.counts()
    )


def _failure(result: importers.ImportResult) -> str:
    """The job message of an import that stopped half-way: what it had written."""
    return (
        _(
            "The import stopped after %(read)s rows because of an error. Rows already "
            "stored stay stored (created %(created)s · updated %(updated)s); import the "
            "file again to finish: stored rows are not duplicated."
        )
        % result.counts()
    )


@task()
@jobs.reports_failure
def import_eppgbm(
    *, job_id: int, user_id: int, rows_kind: str, stored_name: str, file_name: str = ""
) -> None:
    """Import an uploaded e-PPGBM file as the user who uploaded it, then delete the upload."""
    try:
        user = User.objects.get(pk=user_id)
        job = Job.objects.select_related("region").get(pk=job_id)
        with default_storage.open(stored_name, "rb") as handle:
            content = handle.read()

        def progress(done: int, total: int) -> None:
            services.job_progress(job_id=job_id, done=done, total=total)

        services.job_progress(job_id=job_id, done=0, message=_("Reading the file…"))
        result = importers.import_file(
            user=user,
            kind=rows_kind,
            file_type=stored_name.rsplit(".", 1)[-1],
            content=content,
            progress=progress,
            file_name=file_name or stored_name,
            region=job.region,
            job=job,
        )
    except importers.FileRefused as refused:
        services.job_finish(job_id=job_id, result={}, failed=True, message=str(refused))
        return
    except importers.ImportFailed as failed:
        counts = failed.result.counts()
        # Logged with its traceback (no row data); the job says what stayed written.
        log.error("import failed", exc_info=failed.cause, extra={"job_id": job_id})
        services.job_finish(
            job_id=job_id, result=counts, failed=True, message=_failure(failed.result)
        )
        return
    finally:
        # The upload holds personal data: keep it no longer than the import needs it.
        default_storage.delete(stored_name)
    counts = result.counts()
    if result.problems:
        counts["file"] = jobs.save_output(
            job_id=job_id,
            filename="baris-bermasalah.csv",
            content=importers.problems_csv(result),
        )
    services.job_progress(job_id=job_id, done=result.read, total=result.read)
    services.job_finish(job_id=job_id, result=counts, message=_summary(result))


@task()
@jobs.reports_failure
def export_eppgbm(
    *, job_id: int, user_id: int, place: str, month_from: str, month_to: str, file_format: str
) -> None:
    """Write the measurements the user may see to an e-PPGBM-layout file on the job."""
    user = User.objects.get(pk=user_id)
    # The task runs as the user who asked: the same door as the page they clicked on.
    qs = exports.measurements_for_export(
        user=user, place=place, month_from=month_from, month_to=month_to
    )
    total = qs.count()
    services.job_progress(job_id=job_id, done=0, total=total)
    personal = exports.shows_personal(user, qs)
    # Every export carries NIKs (full or masked): who took which rows is a read to account for.
    audit.record_read(
        actor=user,
        what="export",
        model=qs.model._meta.label_lower,
        region=Job.objects.select_related("region").get(pk=job_id).region,
        detail={"job": job_id, "rows": total, "full_nik": personal},
    )
    data = exports.rows(
        qs,
        personal,
        progress=lambda done: services.job_progress(job_id=job_id, done=done),
    )
    content = exports.to_xlsx(data) if file_format == "xlsx" else exports.to_csv(data)
    name = jobs.save_output(job_id=job_id, filename=exports.file_name(file_format), content=content)
    message = _("%(rows)s measurements exported") % {"rows": total}
    services.job_finish(job_id=job_id, result={"file": name, "rows": total}, message=message)


@task()
@jobs.reports_failure
def refresh_summaries_job(*, job_id: int, full: bool = False) -> None:
    """Background refresh with a progress bar: the dirty months, or everything when ``full``."""
    services.job_progress(job_id=job_id, done=0, total=1)
    if full:
        result = summaries_rebuild(
            progress=lambda done, total: services.job_progress(
                job_id=job_id, done=done, total=total
            )
        )
    else:
        result = summaries_refresh()
    services.job_finish(
        job_id=job_id, result={"posyandu_months": result.posyandu_months, "rows": result.rows}
    )


@task()
def refresh_dirty_summaries() -> int:
    """Scheduled refresh of the dirty posyandu-months; returns the rows written."""
    return summaries_refresh().rows
