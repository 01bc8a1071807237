"""Background tasks of the outbreak module (the only place they live)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from replika.core import jobs, services
from replika.core.models import Job, User
from replika.outbreak import importers
from replika.outbreak.services import contacts as contact_services
from replika.outbreak.services import skdr as skdr_services


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
def import_cases(*, job_id: int, user_id: int, stored_name: str, disease_id: int, unit_id: int) -> None:
    """Import an uploaded case line list as the user who uploaded it."""
    from django.core.files.storage import default_storage

    user = User.objects.get(pk=user_id)
    job = Job.objects.get(pk=job_id)
    with default_storage.open(stored_name, "rb") as handle:
        content = handle.read()
    default_storage.delete(stored_name)

    def progress(done: int, total: int) -> None:
        services.job_progress(job_id=job_id, done=done, total=total)

    result = importers.import_case_file(
        actor=user, content=content, disease_id=disease_id, unit_id=unit_id, progress=progress
    )
    services.job_finish(
        job_id=job.pk,
        ok=True,
        message=_("Rows read %(read)s · created %(created)s · bad %(bad)s")
        % {"read": result.read, "created": result.created, "bad": result.bad},
        result=result.as_dict(),
    )
