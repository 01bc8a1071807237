"""Background tasks of the replication app."""

from __future__ import annotations

from django_tasks import task

from replika.core import jobs, services
from replika.core.access import scoped
from replika.core.models import User
from replika.replication.exports import commitments_xlsx
from replika.replication.models import Commitment
from replika.replication.permissions import VIEW_COMMITMENT


@task()
@jobs.reports_failure
def export_commitments(*, job_id: int, user_id: int) -> None:
    """Write the commitments the user may see to an xlsx file attached to the job."""
    user = User.objects.get(pk=user_id)
    # The task runs as the user who asked: the same door as the page they clicked on.
    rows = scoped(Commitment.objects.all(), user, VIEW_COMMITMENT).select_related(
        "region", "innovation"
    )
    total = rows.count()
    services.job_progress(job_id=job_id, done=0, total=total)
    content = commitments_xlsx(
        rows.iterator(chunk_size=500),
        progress=lambda done: services.job_progress(job_id=job_id, done=done),
    )
    name = jobs.save_output(job_id=job_id, filename="komitmen-replikasi.xlsx", content=content)
    services.job_finish(job_id=job_id, result={"file": name, "rows": total})
