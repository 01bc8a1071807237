"""The SI JABPRI workflow through the real pages, and the pages' own promises."""

from __future__ import annotations

import io

import pytest
from django.http import Http404
from django.test import Client, TestCase
from django.urls import reverse
from openpyxl import load_workbook

from replika.core.audit import READ_PREFIX
from replika.core.models import AuditEvent, Job
from replika.positions.models import LibraryEntry, OrgUnit, Position, Status

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def map_row_need(client: Client, opd_pk: int, unit_pk: int, title: str) -> object:
    answer = client.get(f"/api/v1/positions/map?unit={unit_pk}").json()
    rows = [p for unit in answer for p in unit["positions"] if p["title"] == title]
    assert rows, f"{title} not on the map"
    return rows[0]["need"]


def test_drafter_to_verifier_to_library_to_another_region(world):
    drafter, verifier = signed_in(world.drafter), signed_in(world.verifier)
    # The drafter adds a position, fills the Anjab and two tasks.
    answer = drafter.post(
        f"/jabatan/unit/{world.unit.pk}/jabatan/baru/",
        {
            "title": "Pranata Humas",
            "kind": "pelaksana",
            "job_class": "6",
            "holders": "3",
            "retiring_5y": "1",
            "nomenclature_version": "",
        },
    )
    assert answer.status_code == 302
    position = Position.objects.get(title="Pranata Humas")
    drafter.post(f"/jabatan/{position.pk}/anjab/", {"ikhtisar": "Mengelola informasi publik."})
    for description, volume, norm in (
        ("Menyusun siaran pers", "120", "180"),
        ("Mengelola media sosial", "730", "30"),
    ):
        answer = drafter.post(
            f"/jabatan/{position.pk}/tugas/baru/",
            {
                "description": description,
                "output": "Konten",
                "output_unit": "konten",
                "volume": volume,
                "norm_minutes": norm,
            },
        )
        assert answer.status_code == 302
    position.refresh_from_db()
    assert position.total_minutes == 120 * 180 + 730 * 30
    assert drafter.post(f"/jabatan/{position.pk}/ajukan/").status_code == 302
    assert map_row_need(verifier, world.opd.pk, world.unit.pk, "Pranata Humas") is None

    # Bagian Organisasi returns it with a comment on the tasks.
    answer = verifier.post(
        f"/jabatan/{position.pk}/verifikasi/",
        {"decision": "returned", "comment_tugas_pokok": "Volume siaran pers tidak wajar"},
    )
    assert answer.status_code == 302
    page = drafter.get(f"/jabatan/{position.pk}/").content.decode()
    assert "Volume siaran pers tidak wajar" in page

    # The drafter fixes the task and submits again; the version diff shows the change.
    task = position.tasks.get(description="Menyusun siaran pers")
    drafter.post(
        f"/jabatan/tugas/{task.pk}/ubah/",
        {
            "description": "Menyusun siaran pers",
            "output": "Konten",
            "output_unit": "konten",
            "volume": "96",
            "norm_minutes": "180",
        },
    )
    assert drafter.post(f"/jabatan/{position.pk}/ajukan/").status_code == 302
    diff = verifier.get(f"/jabatan/{position.pk}/versi/2/").content.decode()
    assert "120" in diff and "96" in diff

    # Approved: the job map now shows the verified need and the surplus.
    verifier.post(f"/jabatan/{position.pk}/verifikasi/", {"decision": "approved"})
    position.refresh_from_db()
    assert position.status == Status.APPROVED
    assert map_row_need(verifier, world.opd.pk, world.unit.pk, "Pranata Humas") == 1
    job_map = verifier.get(f"/jabatan/opd/{world.opd.pk}/peta/").content.decode()
    assert "pos-surplus" in job_map

    # Published, then Tanah Datar finds it and copies it as a draft.
    assert verifier.post(f"/jabatan/{position.pk}/terbitkan/").status_code == 302
    other = signed_in(world.td_drafter)
    found = other.get("/api/v1/positions/library?q=humas").json()
    assert [e["title"] for e in found] == ["Pranata Humas"]
    root = OrgUnit.objects.get(opd=world.td_opd, parent__isnull=True)
    answer = other.post(
        f"/jabatan/pustaka/{found[0]['id']}/salin/", {"org_unit": str(root.pk), "holders": "1"}
    )
    assert answer.status_code == 302
    copy = Position.objects.get(opd=world.td_opd, title="Pranata Humas")
    assert copy.origin == LibraryEntry.objects.get(pk=found[0]["id"])
    assert copy.status == Status.DRAFT and copy.tasks.count() == 2
    assert "Menyusun siaran pers" in other.get(f"/jabatan/{copy.pk}/").content.decode()


def test_the_job_map_flags_class_seven_executor_oversupply(world):
    from replika.positions.services import workflow
    from tests.positions.factories import make_position

    bloated = make_position(world.unit, "Pengolah Data", job_class=7, holders=5)
    workflow.anjab_submit(actor=world.drafter, position=bloated)
    workflow.anjab_review(actor=world.verifier, position=bloated, decision="approved", comments={})
    client = signed_in(world.bkpsdm)
    answer = client.get(f"/api/v1/positions/map?unit={world.root.pk}").json()
    row = next(p for u in answer for p in u["positions"] if p["title"] == "Pengolah Data")
    assert row["top_executor_surplus"] is True and row["gap"] == 4
    page = client.get(f"/jabatan/opd/{world.opd.pk}/peta/").content.decode()
    assert "class-7" in page or "kelas 7" in page


def test_an_executor_title_from_an_old_catalogue_is_flagged(world):
    from tests.positions.factories import make_position

    old = make_position(
        world.unit, "Pengadministrasi Umum", nomenclature_version="PermenPANRB 41/2018"
    )
    client = signed_in(world.verifier)
    page = client.get(f"/jabatan/{old.pk}/").content.decode()
    assert "Pengadministrasi Perkantoran" in page
    answer = client.get(f"/api/v1/positions/map?unit={world.unit.pk}").json()
    row = next(p for u in answer for p in u["positions"] if p["title"] == "Pengadministrasi Umum")
    assert row["must_migrate_to"] == "Pengadministrasi Perkantoran"


def test_the_anjab_prints_as_pdf_and_excel(world):
    client = signed_in(world.bkpsdm)
    pdf = client.get(f"/jabatan/{world.position.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/jabatan/{world.position.pk}/xlsx/")
    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Mengagendakan surat masuk" in cells
    assert pdf_map_ok(client, world.opd.pk)


def pdf_map_ok(client: Client, opd_pk: int) -> bool:
    answer = client.get(f"/jabatan/opd/{opd_pk}/peta/pdf/")
    return answer.status_code == 200 and answer.content.startswith(b"%PDF")


def _export(client: Client, region_pk: int, file_format: str = "csv") -> Job:
    """Ask for a formation export, run its job as the worker would, and return the job."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = client.post(
            "/jabatan/ekspor/", {"region": str(region_pk), "file_format": file_format}
        )
    assert answer.status_code == 302 and answer["Location"] == "/jabatan/ekspor/"
    job = Job.objects.filter(kind="positions.export").latest("created_at")
    assert job.status == "done", job.message
    return job


def _downloaded(client: Client, job: Job) -> bytes:
    answer = client.get(reverse("core:job_download", args=[job.pk]))
    assert answer.status_code == 200
    return b"".join(answer.streaming_content)


def test_formation_export_is_a_job_whose_file_has_the_e_formasi_columns(world):
    from replika.positions.services import workflow

    workflow.anjab_submit(actor=world.drafter, position=world.position)
    workflow.anjab_review(
        actor=world.verifier, position=world.position, decision="approved", comments={}
    )
    client = signed_in(world.bkpsdm)
    job = _export(client, world.region.pk)
    assert job.status == "done" and job.region == world.region and job.result["rows"] == 2
    # The file lives with the other job files, which the retention task deletes.
    assert job.result["file"].startswith(f"jobs/{job.pk}/formasi-13.74-")
    text = _downloaded(client, job).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == (
        "unit_kerja,jabatan,jenis,kelas,kebutuhan_abk,bezetting,selisih,pensiun_5_tahun,terverifikasi"
    )
    row = next(line for line in lines if "Pengadministrasi Perkantoran" in line)
    assert row.endswith(",5,1,2,1,0,ya")
    assert "Penata Tanah Datar" not in text
    page = client.get("/jabatan/ekspor/")
    assert job in page.context["jobs"]


def test_formation_export_is_audited_and_xlsx_works(world):
    client = signed_in(world.verifier)
    job = _export(client, world.region.pk, "xlsx")
    assert _downloaded(client, job).startswith(b"PK")
    event = AuditEvent.objects.filter(action=READ_PREFIX + "positions_export").latest("at")
    assert event.actor == world.verifier and event.region == world.region
    assert event.changes == {"_": {"rows": 2, "format": "xlsx"}}


def test_outsider_gets_neither_the_export_nor_another_users_file(world):
    job = _export(signed_in(world.verifier), world.region.pk)
    outsider = signed_in(world.td_verifier)
    refused = outsider.post(
        "/jabatan/ekspor/", {"region": str(world.region.pk), "file_format": "csv"}
    )
    assert refused.status_code == 422
    assert outsider.get(reverse("core:job_download", args=[job.pk])).status_code == 404
    assert job not in outsider.get("/jabatan/ekspor/").context["jobs"]


def test_a_user_who_lost_the_region_before_the_job_ran_gets_no_file(world):
    from replika.positions import exports

    world.bkpsdm.memberships.all().delete()
    with pytest.raises(Http404):
        exports.formation_file(user=world.bkpsdm, region_id=world.region.pk, file_format="csv")


def test_dashboard_shows_grades_progress_and_gaps(world):
    page = signed_in(world.region_admin).get("/jabatan/dasbor/")
    assert page.status_code == 200
    d = page.context["d"]
    assert d["total"] == 2 and d["verified"] == 0  # Tanah Datar's is not counted
    assert {row["opd"] for row in d["ej_rows"]} == {"Diskominfo Uji", "Dinas Pendidikan Uji"}


def test_the_indonesian_page_shows_indonesian_numbers(world):
    client = signed_in(world.verifier)
    client.cookies["django_language"] = "id"
    page = client.get(f"/jabatan/{world.position.pk}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "0,7584" in page and "0,3792" in page


def test_public_page_needs_no_sign_in_and_shows_counts(world):
    page = Client().get("/jabatan/publik/")
    assert page.status_code == 200
    names = [row["region"].name for row in page.context["rows"]]
    assert names == ["Kabupaten Tanah Datar", "Kota Padang Panjang"]


def test_the_province_and_mentors_see_every_region_on_the_dashboard(world, mentor):
    d = signed_in(mentor).get("/jabatan/dasbor/").context["d"]
    assert d["total"] == 3
    assert "Diskominfo Tanah Datar Uji — Kabupaten Tanah Datar" in {r["opd"] for r in d["ej_rows"]}
    # Mentors read aggregates, never the positions themselves.
    assert signed_in(mentor).get(f"/jabatan/{world.position.pk}/").status_code == 404


def test_the_dashboard_counts_executor_titles_to_migrate(world):
    from tests.positions.factories import make_position

    make_position(world.unit, "Pengolah Data", nomenclature_version="PermenPANRB 41/2018")
    make_position(world.unit, "Pengemudi Baru", nomenclature_version="PermenPANRB 41/2018")
    page = signed_in(world.verifier).get("/jabatan/dasbor/")
    assert page.context["d"]["to_migrate"] == 1
