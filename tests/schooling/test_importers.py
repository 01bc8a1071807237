"""Imports of the ATS list, a SIPBM extract and the template: good rows stored, bad rows
reported with their reason, a re-import creates nothing, NIKs outside the area refused."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from replika.schooling import importers
from replika.schooling.models import Case, CaseEvent
from tests.schooling.factories import born, report

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


def test_a_correction_by_reimport_is_on_the_timeline_and_audited_with_before_and_after(world):
    from replika.core.models import AuditEvent

    run(world.disdik)
    run(world.disdik, content=ATS.replace("10301234", "10309999"))
    rafi = Case.objects.get(name="Rafi Chaniago")
    step = CaseEvent.objects.get(case=rafi, kind="import")
    assert step.note == "last_school_npsn"
    assert step.actor == world.disdik
    entry = AuditEvent.objects.get(action="schooling.case.import_correct", object_id=str(rafi.pk))
    assert entry.changes["last_school_npsn"] == ["10301234", "10309999"]
    assert entry.region == world.region


TEMPLATE = "nama;jenis kelamin;tanggal lahir;kode desa;status ats;nik;no kk;nama wali\n"


def test_a_child_twice_in_one_file_is_refused_whichever_key_repeats(world):
    rows = (
        TEMPLATE
        + "Rafi Chaniago;L;2012-05-10;1305012001;DO;1305011005120001;;Yusnimar\n"
        # The same child without the NIK: same name, birth date and guardian.
        + "Rafi  chaniago;L;2012-05-10;1305012002;DO;;;Yusnimar\n"
        # The same family card and name, another guardian spelling.
        + "Nadia Piliang;P;2011-03-04;1305012001;DO;;1305010101010001;Rosmaini\n"
        + "Nadia Piliang;P;2011-03-04;1305012001;DO;;1305010101010001;Ros\n"
    )
    result = run(world.disdik, "generic", rows)
    assert result.created == 2
    assert {(p.row, p.column) for p in result.problems} == {(3, "nama"), (5, "no kk")}
    assert "row 2" in next(p.reason for p in result.problems if p.row == 3)


def test_a_family_card_and_name_match_a_registered_child(world):
    report(name="Nadia Piliang", birth_date=born(14), no_kk="1305010101010001")
    rows = TEMPLATE + "Nadia Piliang;P;2011-03-04;1305012001;DO;;1305010101010001;Lain\n"
    result = run(world.disdik, "generic", rows)
    assert (result.created, result.unchanged) == (0, 1)
    assert Case.objects.filter(name="Nadia Piliang").count() == 1


def test_a_row_that_loses_a_race_is_refused_and_the_rest_of_the_chunk_is_stored(world, monkeypatch):
    from replika.schooling.services import bulk

    # Someone registered Rafi between the chunk's lookup and its insert: the lookup
    # (patched to see nothing) misses him, the insert hits the NIK's unique index.
    report(name="Rafi Chaniago", birth_date=dt.date(2012, 5, 10), nik="1305011005120001")
    monkeypatch.setattr(bulk, "known_cases", lambda actor, rows: [])
    rows = (
        TEMPLATE
        + "Rafi Chaniago;L;2012-05-10;1305012001;DO;1305011005120001;;Yusnimar\n"
        + "Nadia Piliang;P;2011-03-04;1305012001;DO;;;Rosmaini\n"
    )
    result = run(world.disdik, "generic", rows)
    assert result.created == 1
    assert [(p.row, p.column) for p in result.problems] == [(2, "nik")]
    assert "a moment ago" in result.problems[0].reason
    nadia = Case.objects.get(name="Nadia Piliang")
    assert CaseEvent.objects.filter(case=nadia, to_status="reported").count() == 1
    assert Case.objects.filter(nik="1305011005120001").count() == 1


def test_each_chunk_writes_the_reported_step_of_its_own_cases_only(world, monkeypatch):
    from replika.schooling.importers import SPECS

    spec = SPECS["generic"]
    monkeypatch.setitem(SPECS, "generic", dataclasses.replace(spec, chunk_size=2))
    rows = TEMPLATE + "".join(
        f"Anak {i};L;2012-05-1{i};1305012001;DO;;;Wali {i}\n" for i in range(5)
    )
    result = run(world.disdik, "generic", rows)
    assert result.created == 5
    for case in Case.objects.all():
        assert list(case.events.values_list("kind", "to_status")) == [("status", "reported")]
