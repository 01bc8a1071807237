"""Background tasks of the tourism module (the only place they live)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from replika.core import jobs, services
from replika.core.importing import FileRefused, ImportFailed
from replika.core.models import Job, User
from replika.tourism import importers
from replika.tourism.services.reports import reminders_send


@task()
def send_reminders() -> int:
    """Scheduled: remind obliged operators before and after last month's due date."""
    return reminders_send()


@task()
@jobs.reports_failure
def import_reports(*, job_id: int, user_id: int, stored_name: str, file_name: str = "") -> None:
    """Import a file of monthly reports as the user who uploaded it, then delete the upload."""
    try:
        user = User.objects.get(pk=user_id)
        job = Job.objects.select_related("region").get(pk=job_id)
        with default_storage.open(stored_name, "rb") as handle:
            content = handle.read()
        result = importers.import_reports(
            user=user,
            file_name=file_name or stored_name,
            content=content,
            job=job,
            progress=lambda done, total: services.job_progress(
                job_id=job_id, done=done, total=total
            ),
        )
    except FileRefused as refused:
        services.job_finish(job_id=job_id, result={}, failed=True, message=str(refused))
        return
    except ImportFailed as failed:
        services.job_finish(
            job_id=job_id,
            result=failed.result.counts(),
            failed=True,
            message=_("The import stopped; rows already stored stay stored."),
        )
        return
    finally:
        default_storage.delete(stored_name)
    counts = result.counts()
    if result.problems:
        counts["file"] = jobs.save_output(
            job_id=job_id, filename="baris-bermasalah.csv", content=importers.problems_csv(result)
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
