"""e-PPGBM exports: a background job, scoped, NIK masked without permission, re-importable."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from bench.eppgbm_sample import MEASUREMENT_HEADERS, make_children, measurement_rows, to_csv
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from replika.core.models import Job, JobStatus
from replika.nutrition import exports, importers
from replika.nutrition.models import Measurement
from replika.nutrition.services.registers import child_register
from tests.factories import make_commitment, make_unit, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Assert the English source messages even once the Indonesian catalogue is filled in."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for):
    """Signed-in clients that ask for English pages."""

    def make(user):
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


MONTHS = [dt.date(2025, 1, 1), dt.date(2025, 2, 1)]


@pytest.fixture
def padang():
    """Two posyandu with measured children, a puskesmas officer over both."""
    make_commitment("13.71")
    puskesmas = make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas Andalas")
    mawar = make_unit("posyandu", "13.71", "13.71.02.1007", parent=puskesmas, name="Mawar")
    make_unit("posyandu", "13.71", "13.71.02.1007", parent=puskesmas, name="Melati")
    officer = user_with_role("petugas_puskesmas", "13.71", unit=puskesmas)
    children = make_children(4, ["Mawar", "Melati"], dt.date(2022, 1, 1))
    for c in children:
        child_register(
            actor=None,
            unit=mawar if c.posyandu == "Mawar" else mawar.__class__.objects.get(name="Melati"),
            name=c.name,
            sex=c.sex,
            birth_date=c.birth_date,
            nik=c.nik,
            mother_name=c.mother_name,
        )
    content = to_csv(MEASUREMENT_HEADERS, measurement_rows(children, MONTHS))
    importers.import_file(
        user=officer, kind=importers.KIND_MEASUREMENTS, file_type="csv", content=content
    )
    return {"officer": officer, "mawar": mawar, "puskesmas": puskesmas, "children": children}


def export(client, capture, **data):
    form = {"place": "", "month_from": "2025-01", "month_to": "2025-12", "file_format": "csv"}
    form.update(data)
    with capture(execute=True):
        response = client.post(reverse("nutrition:export"), form)
    job = Job.objects.filter(kind="nutrition.export").latest("pk")
    assert response.url == reverse("core:job", args=[job.pk])
    assert job.status == JobStatus.DONE
    download = client.get(reverse("core:job_download", args=[job.pk]))
    return job, b"".join(download.streaming_content)


POSYANDU = exports.HEADERS.index("Posyandu")
MEASURED_ON = exports.HEADERS.index("Tanggal Pengukuran")


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_exported_csv_reimports_unchanged(padang, client_for, django_capture_on_commit_callbacks):
    client = client_for(padang["officer"])
    job, content = export(client, django_capture_on_commit_callbacks)
    rows = csv_rows(content)
    assert rows[0] == list(exports.HEADERS)
    assert len(rows) == 1 + 8
    assert job.result["rows"] == 8
    assert rows[1][0] in {c.nik for c in padang["children"]}  # full NIK for this role
    result = importers.import_file(
        user=padang["officer"], kind=importers.KIND_MEASUREMENTS, file_type="csv", content=content
    )
    assert (result.read, result.created, result.updated, result.unchanged) == (8, 0, 0, 8)


def test_exported_xlsx_reimports_unchanged(padang, client_for, django_capture_on_commit_callbacks):
    client = client_for(padang["officer"])
    _job, content = export(client, django_capture_on_commit_callbacks, file_format="xlsx")
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[:2] == ("NIK", "Nama")
    result = importers.import_file(
        user=padang["officer"], kind=importers.KIND_MEASUREMENTS, file_type="xlsx", content=content
    )
    assert (result.created, result.updated, result.unchanged, result.bad) == (0, 0, 8, 0)


def test_export_of_one_posyandu_and_month(padang, client_for, django_capture_on_commit_callbacks):
    client = client_for(padang["officer"])
    _job, content = export(
        client,
        django_capture_on_commit_callbacks,
        place=f"u{padang['mawar'].pk}",
        month_from="2025-02",
        month_to="2025-02",
    )
    rows = csv_rows(content)[1:]
    assert len(rows) == 2
    assert {r[POSYANDU] for r in rows} == {"Mawar"}
    assert {r[MEASURED_ON][:7] for r in rows} == {"2025-02"}


def test_export_masks_nik_without_personal_permission_and_still_reimports(
    padang, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from replika.core import roles

    real = roles.role_allows
    monkeypatch.setattr(
        "replika.core.access.role_allows",
        lambda role, perm: perm != "nutrition.view_personal" and real(role, perm),
    )
    _job, content = export(client_for(padang["officer"]), django_capture_on_commit_callbacks)
    niks = [r[0] for r in csv_rows(content)[1:]]
    assert all("********" in nik for nik in niks)
    result = importers.import_file(
        user=padang["officer"], kind=importers.KIND_MEASUREMENTS, file_type="csv", content=content
    )
    assert (result.created, result.updated, result.unchanged, result.bad) == (0, 0, 8, 0)


def test_export_leaves_out_rows_the_user_may_not_see(
    padang, client_for, django_capture_on_commit_callbacks
):
    cadre = user_with_role("kader_posyandu", "13.71", unit=padang["mawar"])
    _job, content = export(client_for(cadre), django_capture_on_commit_callbacks)
    rows = csv_rows(content)[1:]
    assert len(rows) == 4
    assert {r[POSYANDU] for r in rows} == {"Mawar"}
    # Another region's officer sees nothing of Padang, and may not even ask for it by code.
    make_commitment("13.06")
    agam = user_with_role("petugas_gizi_dinkes", "13.06")
    _job, content = export(client_for(agam), django_capture_on_commit_callbacks)
    assert csv_rows(content)[1:] == []
    form = {"place": "w13.71", "month_from": "2025-01", "month_to": "2025-12", "file_format": "csv"}
    assert client_for(agam).post(reverse("nutrition:export"), form).status_code == 422
    qs = exports.measurements_for_export(
        user=agam, place="w13.71", month_from="2025-01-01", month_to="2025-12-01"
    )
    assert not qs.exists()
    assert Measurement.objects.count() == 8


def test_export_page_is_404_for_outsiders(padang, client_for, nobody):
    url = reverse("nutrition:export")
    admin = user_with_role("admin_daerah", "13.71")  # dashboards only, no names
    assert client_for(padang["officer"]).get(url).status_code == 200
    for outsider in (nobody, admin):
        assert client_for(outsider).get(url).status_code == 404


def test_export_page_runs_bounded_queries(padang, client_for, django_assert_max_num_queries):
    client = client_for(padang["officer"])
    for extra in (0, 6):
        for i in range(extra):
            make_unit(
                "posyandu", "13.71", "13.71.02.1007", parent=padang["puskesmas"], name=f"P{i}"
            )
            Job.objects.create(owner=padang["officer"], kind="nutrition.export", message="ok")
        with django_assert_max_num_queries(14):
            assert client.get(reverse("nutrition:export")).status_code == 200


def test_export_form_refuses_reversed_months(padang, client_for):
    response = client_for(padang["officer"]).post(
        reverse("nutrition:export"),
        {"place": "", "month_from": "2025-05", "month_to": "2025-01", "file_format": "csv"},
    )
    assert response.status_code == 422
    assert "The last month comes before the first." in response.content.decode()


def test_exported_cells_cannot_start_a_formula(
    padang, client_for, django_capture_on_commit_callbacks
):
    from replika.nutrition.models import Child

    # A leading minus is a formula to a spreadsheet too ("-1+1" computes to 0).
    Child.objects.filter(nik=padang["children"][0].nik).update(mother_name="-1+1")
    client = client_for(padang["officer"])
    _job, content = export(client, django_capture_on_commit_callbacks)
    cells = [cell for row in csv_rows(content) for cell in row]
    assert "'-1+1" in cells
    assert "-1+1" not in cells
