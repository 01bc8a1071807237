"""Imports of the ATS list, a SIPBM extract and the template: good rows stored, bad rows
reported with their reason, a re-import creates nothing, NIKs outside the area refused."""

from __future__ import annotations

import pytest

from replika.schooling import importers
from replika.schooling.models import Case, CaseEvent
from tests.schooling.factories import report

pytestmark = pytest.mark.django_db

ATS = (
    "NIK;Nama Peserta Didik;JK;Tanggal Lahir;Kode Desa;NPSN;Jenjang;Kelas;Status;Nama Ibu Kandung\n"
    "1305011005120001;Rafi Chaniago;L;10/05/2012;1305012001;10301234;SMP;7;DO;Yusnimar\n"
    ";Nadia Piliang;P;2011-03-04;13.05.01.2002;;SD;6;LTM;Rosmaini\n"
    ";Tanpa Desa;L;2011-03-04;9999999999;;SD;6;DO;X\n"
    ";Salah Kelas;L;2011-03-04;1305012001;;SMP;3;DO;X\n"
    ";Solok;L;2011-03-04;1302032001;;SD;3;DO;X\n"
    ";Status Aneh;L;2011-03-04;1305012001;;SD;3;sekolah;X\n"
)


def run(user, kind: str = "ats", content: str = ATS):
    return importers.import_file(
        user=user, kind=kind, content=content.encode(), file_name="ats.csv"
    )


def test_ats_list_stores_good_rows_and_reports_bad_ones(world):
    result = run(world.disdik)
    assert (result.created, result.refused) == (2, 4)
    reasons = {p.row: p.column for p in result.problems}
    assert reasons == {4: "Kode Desa", 5: "Kelas", 6: "Kode Desa", 7: "Status"}
    rafi = Case.objects.get(name="Rafi Chaniago")
    assert (rafi.source, rafi.ats_type, rafi.last_school_npsn) == ("ats", "do", "10301234")
    assert CaseEvent.objects.filter(case=rafi, to_status="reported").exists()
    assert "Status Aneh" in importers.bad_rows(result).decode("utf-8-sig")


def test_a_reimport_creates_no_duplicates(world):
    run(world.disdik)
    again = run(world.disdik)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Case.objects.count() == 2


def test_a_reimport_corrects_a_known_case(world):
    run(world.disdik)
    changed = ATS.replace("10301234", "10309999")
    again = run(world.disdik, content=changed)
    assert again.updated == 1
    assert Case.objects.get(name="Rafi Chaniago").last_school_npsn == "10309999"


def test_a_nik_registered_outside_the_area_is_refused_without_saying_where(world):
    import datetime as dt

    report(
        world.outsider,
        location="13.02.03.2001",
        nik="1305011005120001",
        birth_date=dt.date(2012, 5, 10),
    )
    result = run(world.disdik)
    problem = next(p for p in result.problems if p.row == 2)
    assert problem.column == "NIK"
    assert "another area" in problem.reason
    assert "Solok" not in problem.reason


def test_sipbm_and_template_imports(world):
    sipbm = (
        "No KK;Nama Anak;Jenis Kelamin;Tgl Lahir;Kode Desa;Status Sekolah;Alasan;"
        "Nama Kepala Keluarga;RT;RW\n"
        "1305010101010001;Andika Koto;laki-laki;01-02-2010;1305012001;putus sekolah;bekerja;"
        "Koto;001;002\n"
    )
    result = run(world.disdik, "sipbm", sipbm)
    assert result.created == 1
    andika = Case.objects.get(name="Andika Koto")
    assert (andika.source, andika.reason, andika.rt) == ("sipbm", "bekerja", "001")
    template = (
        "nama;jenis kelamin;tanggal lahir;kode desa;status ats;sumber;alasan;dtks\n"
        "Rani Guci;P;2009-09-09;1305012001;belum pernah sekolah;p3ke;ekonomi;ya\n"
    )
    result = run(world.disdik, "generic", template)
    assert result.created == 1
    rani = Case.objects.get(name="Rani Guci")
    assert (rani.source, rani.ats_type, rani.dtks) == ("p3ke", "never", True)
