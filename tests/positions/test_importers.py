"""Imports of the position register and the ABK tasks: good rows stored, bad rows reported."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from replika.core.models import Job, JobStatus
from replika.positions import importers
from replika.positions.models import OrgUnit, Position, Task

pytestmark = pytest.mark.django_db

POSITIONS_CSV = (
    b"OPD,Unit Kerja,Jabatan,Jenis,Kelas,Bezetting,Pensiun 5 Tahun,Katalog\n"
    b"Diskominfo Uji,Sekretariat > Subbagian Keuangan,Bendahara,pelaksana,6,1,0,\n"
    b"Diskominfo Uji,Sekretariat > Subbagian Keuangan,Pengadministrasi Umum,JFU,5,2,1,"
    b"PermenPANRB 41/2018\n"
    b"Diskominfo Uji,Subbagian Umum,Pengadministrasi Perkantoran,pelaksana,5,3,0,\n"
    b"Diskominfo Uji,,Analis Kebijakan,fungsional,9,1,0,\n"
    b"Diskominfo Uji,Sekretariat,Pengolah Tinggi,pelaksana,9,1,0,\n"
    b"Diskominfo Uji,Sekretariat,Tanpa Kelas,pelaksana,,1,0,\n"
    b"Diskominfo Tanah Datar Uji,,Penyusup,pelaksana,5,1,0,\n"
    b"Diskominfo Uji,Sekretariat,Pensiun Banyak,pelaksana,5,1,3,\n"
)

TASKS_CSV = (
    b"OPD;Unit Kerja;Jabatan;Uraian Tugas;Hasil Kerja;Satuan;Volume;Norma Waktu (menit)\n"
    b"Diskominfo Uji;Sekretariat > Subbagian Keuangan;Bendahara;Membukukan;Buku;dokumen;"
    b"1200;20\n"
    b"Diskominfo Uji;Sekretariat > Subbagian Keuangan;Bendahara;Menyusun SPJ;SPJ;dokumen;"
    b"240;60,5\n"
    b"Diskominfo Uji;Sekretariat > Subbagian Keuangan;Tidak Ada;Tugas;x;x;1;1\n"
    b"Diskominfo Uji;Sekretariat > Subbagian Keuangan;Bendahara;Norma nol;x;x;1;0\n"
)


def run(world, kind: str, content: bytes, user=None):
    return importers.import_file(
        user=user or world.drafter,
        kind=kind,
        file_name=f"{kind}.csv",
        content=content,
        region=world.region,
    )


def test_positions_import_stores_good_rows_creates_units_and_reports_bad_ones(world):
    result = run(world, "positions", POSITIONS_CSV)
    assert (result.read, result.created, result.updated) == (8, 3, 1)
    bad = {(p.row, p.column) for p in result.problems}
    assert bad == {(6, "Kelas"), (7, "Kelas"), (8, "OPD"), (9, "Pensiun 5 Tahun")}
    keuangan = OrgUnit.objects.get(opd=world.opd, name="Subbagian Keuangan")
    assert keuangan.parent.name == "Sekretariat" and keuangan.level == 2
    assert Position.objects.get(title="Pengadministrasi Perkantoran", opd=world.opd).holders == 3
    assert not Position.objects.filter(title="Penyusup").exists()


def test_a_reimport_creates_nothing(world):
    run(world, "positions", POSITIONS_CSV)
    counts = (Position.objects.count(), OrgUnit.objects.count())
    again = run(world, "positions", POSITIONS_CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert (Position.objects.count(), OrgUnit.objects.count()) == counts


def test_tasks_import_fills_the_abk_and_is_idempotent(world):
    run(world, "positions", POSITIONS_CSV)
    result = run(world, "tasks", TASKS_CSV)
    assert result.created == 2
    assert {(p.row, p.column) for p in result.problems} == {
        (4, "Jabatan"),
        (5, "Norma Waktu (menit)"),
    }
    bendahara = Position.objects.get(title="Bendahara")
    assert bendahara.total_minutes == Decimal("1200") * 20 + Decimal("240") * Decimal("60.5")
    assert run(world, "tasks", TASKS_CSV).created == 0
    assert Task.objects.filter(position=bendahara).count() == 2


def test_the_outsider_imports_nothing_into_another_region(world):
    result = run(world, "positions", POSITIONS_CSV, user=world.td_verifier)
    assert result.created == 0
    assert {p.column for p in result.problems} == {"OPD", "Kelas"}


def test_the_upload_page_runs_a_job_and_reports_bad_rows(world, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(world.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/jabatan/impor/",
            {"kind": "positions", "file": SimpleUploadedFile("jabatan.csv", POSITIONS_CSV)},
        )
    job = Job.objects.get()
    assert answer.status_code == 302 and job.status == JobStatus.DONE
    assert job.result["created"] == 3 and job.result["bad"] == 4
    report = b"".join(client.get(f"/tugas/{job.pk}/unduh/").streaming_content).decode("utf-8-sig")
    assert "Penyusup" in report


def test_the_upload_page_refuses_a_file_that_is_not_a_table(world):
    client = Client()
    client.force_login(world.drafter)
    answer = client.post(
        "/jabatan/impor/",
        {
            "kind": "positions",
            "file": SimpleUploadedFile("jabatan.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        },
    )
    assert answer.status_code == 422
    assert "file" in answer.context["form"].errors
    assert not Job.objects.exists()
