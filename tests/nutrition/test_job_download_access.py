"""Job files outlive no access: a download re-checks the permission the job was started under."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from replika.core import jobs
from replika.core.models import Job, JobStatus, Membership
from replika.nutrition.permissions import VIEW_REGISTER
from replika.nutrition.services.registers import child_register
from tests.factories import MembershipFactory, region

pytestmark = pytest.mark.django_db


def _export(client, capture) -> Job:
    """Run an e-PPGBM export as the client's user and return its finished job."""
    form = {"place": "", "month_from": "2025-01", "month_to": "2025-12", "file_format": "csv"}
    with capture(execute=True):
        client.post(reverse("nutrition:export"), form)
    job = Job.objects.filter(kind="nutrition.export").latest("pk")
    assert job.status == JobStatus.DONE
    return job


@pytest.fixture
def officer_job(world, client_for, django_capture_on_commit_callbacks):
    """An export of Padang's register made by the dinkes nutrition officer."""
    child_register(
        actor=None, unit=world.posyandu, name="Anak Uji", sex=1, birth_date=dt.date(2024, 1, 2)
    )
    client = client_for(world.officer)
    return client, _export(client, django_capture_on_commit_callbacks)


def test_the_job_records_the_permission_and_region_it_was_started_under(officer_job, world):
    _client, job = officer_job
    assert job.permission == VIEW_REGISTER
    assert job.region is not None and job.region.code == "13.71"


def test_the_owner_downloads_while_holding_the_permission(officer_job):
    client, job = officer_job
    response = client.get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)


def test_after_the_role_is_revoked_the_download_answers_404(officer_job, world):
    client, job = officer_job
    Membership.objects.filter(user=world.officer).delete()
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_a_role_without_the_permission_gets_404(officer_job, world):
    """The officer keeps an account but now holds a role that does not open the register."""
    client, job = officer_job
    Membership.objects.filter(user=world.officer).update(role="admin_daerah")
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_a_role_moved_to_another_region_gets_404(officer_job, world):
    client, job = officer_job
    Membership.objects.filter(user=world.officer).delete()
    MembershipFactory(user=world.officer, wilayah=region("13.06"), role="petugas_gizi_dinkes")
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_an_outsider_never_gets_someone_elses_file(officer_job, outsider, client_for):
    _client, job = officer_job
    response = client_for(outsider).get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 404


def test_a_job_that_recorded_no_permission_serves_no_file(world):
    job = Job.objects.create(owner=world.officer, kind="x", result={"file": "jobs/1/x.csv"})
    assert not jobs.may_download(job)
    job.permission = VIEW_REGISTER
    assert jobs.may_download(job)
