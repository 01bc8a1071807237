"""e-PPGBM imports: headers, good and bad rows, re-import, access, uploads, the job."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from bench.eppgbm_sample import (
    CHILD_HEADERS,
    MEASUREMENT_HEADERS,
    child_rows,
    make_children,
    measurement_rows,
    to_csv,
    to_xlsx,
)
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from replika.core.models import AuditEvent, ImportRun, Job, JobStatus
from replika.nutrition import importers
from replika.nutrition.models import Child, DirtySummary, Measurement, NutritionSummary
from replika.nutrition.services import bulk
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


MONTHS = [dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)]


@pytest.fixture
def padang():
    """Nutrition live in Padang: a puskesmas with two posyandu, and its officer."""
    make_commitment("13.71")
    puskesmas = make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas Andalas")
    mawar = make_unit("posyandu", "13.71", "13.71.02.1007", parent=puskesmas, name="Mawar")
    melati = make_unit("posyandu", "13.71", "13.71.02.1007", parent=puskesmas, name="Melati")
    officer = user_with_role("petugas_puskesmas", "13.71", unit=puskesmas)
    return {"puskesmas": puskesmas, "mawar": mawar, "melati": melati, "officer": officer}


def children_file(children, **kw) -> bytes:
    return to_csv(CHILD_HEADERS, child_rows(children), **kw)


def run(user, kind, content, file_type="csv"):
    return importers.import_file(user=user, kind=kind, file_type=file_type, content=content)


def register(padang, n=3):
    """Children registered at Mawar through the import, returned as sample children."""
    children = make_children(n, ["Mawar"], dt.date(2022, 1, 1))
    result = run(padang["officer"], importers.KIND_CHILDREN, children_file(children))
    assert result.created == n
    return children


# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("TB/PB (cm)", "lenhei"),
        ("  Tanggal   Ukur ", "visit_date"),
        ("NIK Anak", "nik"),
        ("No. KK", "no_kk"),
        ("Anak Ke-", "birth_order"),
        ("BB (kg)", "weight"),
        ("Weight", "weight"),
        ("LiLA", "armc"),
        ("Cara Ukur", "measure"),
        ("bulan", "period"),
    ],
)
def test_headers_match_case_space_and_unit_insensitively(header, field):
    assert importers.map_headers(["x", header]) == {field: 1}


def test_computed_status_columns_are_ignored():
    assert importers.map_headers(["BB/U", "TB/U", "BB/TB", "Puskesmas"]) == {}


def test_header_row_may_follow_title_rows():
    rows = iter([["LAPORAN e-PPGBM"], [], ["NIK", "Tanggal Ukur", "BB"], ["1", "2", "3"]])
    columns, _headers, number = importers.find_header(rows)
    assert columns == {"nik": 0, "visit_date": 1, "weight": 2}
    assert number == 3


def test_file_without_required_columns_is_refused(padang):
    content = to_csv(["NIK", "BB"], [["1371020101250001", "9"]])
    with pytest.raises(importers.FileRefused, match="tanggal ukur"):
        run(padang["officer"], importers.KIND_MEASUREMENTS, content)


# --- children ----------------------------------------------------------------------------------


def test_children_import_creates_children_at_their_posyandu(padang):
    children = make_children(4, ["Mawar", "melati"], dt.date(2023, 1, 1))
    result = run(padang["officer"], importers.KIND_CHILDREN, children_file(children, delimiter=";"))
    assert (result.read, result.created, result.bad) == (4, 4, 0)
    stored = Child.objects.get(nik=children[1].nik)
    assert stored.unit == padang["melati"]
    assert stored.name_key == "anak contoh 1"
    assert stored.birth_weight == Decimal("3.10")


def test_children_reimport_adds_nothing(padang):
    children = register(padang, 3)
    again = run(padang["officer"], importers.KIND_CHILDREN, children_file(children))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Child.objects.count() == 3


def test_child_without_nik_is_matched_by_name_birth_date_and_mother(padang):
    children = make_children(1, ["Mawar"], dt.date(2024, 1, 1))
    rows = child_rows(children)
    rows[0][1] = ""
    run(padang["officer"], importers.KIND_CHILDREN, to_csv(CHILD_HEADERS, rows))
    rows[0][10] = "Jl. Baru"
    again = run(padang["officer"], importers.KIND_CHILDREN, to_csv(CHILD_HEADERS, rows))
    assert (again.created, again.updated) == (0, 1)
    assert Child.objects.get().address == "Jl. Baru"


def test_children_bad_rows_have_exact_reasons(padang):
    children = make_children(5, ["Mawar"], dt.date(2024, 1, 1))
    rows = child_rows(children)
    rows[0][2] = ""  # no name
    rows[1][4] = "X"  # sex
    rows[2][3] = "31/02/2024"  # no such date
    rows[3][11] = "Posyandu Entah"  # not theirs
    result = run(padang["officer"], importers.KIND_CHILDREN, to_csv(CHILD_HEADERS, rows))
    assert result.created == 1
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (2, "Nama", "required"),
        (3, "Jenis Kelamin", "use L or P"),
        (4, "Tanggal Lahir", "not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
        (5, "Posyandu", "not a posyandu you may import for"),
    ]


def test_nik_that_disagrees_with_birth_date_is_a_bad_row(padang):
    children = make_children(1, ["Mawar"], dt.date(2024, 1, 1))
    rows = child_rows(children)
    rows[0][3] = "2024-05-05"
    result = run(padang["officer"], importers.KIND_CHILDREN, to_csv(CHILD_HEADERS, rows))
    assert result.problems[0].reason == "NIK birth date in the NIK differs from the birth date"
    assert result.problems[0].value == ""  # personal numbers are never echoed
    assert Child.objects.count() == 0


# --- measurements --------------------------------------------------------------------------


def test_measurements_import_stores_zscores_growth_and_marks_summaries(padang):
    children = register(padang, 2)
    content = to_csv(MEASUREMENT_HEADERS, measurement_rows(children, MONTHS))
    result = run(padang["officer"], importers.KIND_MEASUREMENTS, content)
    assert (result.read, result.created, result.bad) == (6, 6, 0)
    first, second = Measurement.objects.filter(child__nik=children[0].nik).order_by("period")[:2]
    assert first.zlen is not None
    assert first.cat_zlen
    assert first.growth == "B"
    assert second.growth in {"N", "T"}
    assert first.source == "import"
    marked = DirtySummary.objects.filter(period__in=MONTHS).values_list("unit_id", "period")
    assert set(marked) == {(padang["mawar"].pk, month) for month in MONTHS}


def test_measurements_reimport_adds_nothing(padang):
    children = register(padang, 3)
    content = to_csv(MEASUREMENT_HEADERS, measurement_rows(children, MONTHS))
    run(padang["officer"], importers.KIND_MEASUREMENTS, content)
    again = run(padang["officer"], importers.KIND_MEASUREMENTS, content)
    assert (again.created, again.updated, again.unchanged, again.bad) == (0, 0, 9, 0)
    assert Measurement.objects.count() == 9


def test_changed_weight_updates_the_month_and_the_next_months_growth(padang):
    children = register(padang, 1)
    rows = measurement_rows(children, MONTHS)
    run(padang["officer"], importers.KIND_MEASUREMENTS, to_csv(MEASUREMENT_HEADERS, rows))
    rows[0][7] = "1.00"  # January far lighter: February now gained a lot
    result = run(
        padang["officer"], importers.KIND_MEASUREMENTS, to_csv(MEASUREMENT_HEADERS, rows[:1])
    )
    assert (result.updated, result.created) == (1, 0)
    feb = Measurement.objects.get(period=MONTHS[1])
    assert feb.growth == "N"


def test_xlsx_measurements_import_like_csv(padang):
    children = register(padang, 2)
    content = to_xlsx(MEASUREMENT_HEADERS, measurement_rows(children, MONTHS))
    result = run(padang["officer"], importers.KIND_MEASUREMENTS, content, file_type="xlsx")
    assert (result.created, result.bad) == (6, 0)


def test_measurement_bad_rows_have_exact_reasons(padang):
    children = register(padang, 1)
    good = measurement_rows(children, MONTHS[:1])[0]

    def variant(index, value):
        row = list(good)
        row[index] = value
        return row

    rows = [
        good,
        variant(7, "abc"),  # weight
        variant(8, "300"),  # length
        variant(9, "miring"),  # position
        variant(0, "1371020000000000"),  # unknown NIK
        variant(6, ""),  # no date
        variant(5, "2025-02"),  # month differs
        good,  # same child and month twice
        variant(6, "2030-01-01"),
    ]
    result = run(padang["officer"], importers.KIND_MEASUREMENTS, to_csv(MEASUREMENT_HEADERS, rows))
    assert result.created == 1
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (3, "BB (kg)", "not a number"),
        (4, "TB/PB (cm)", "must be between 35 and 130"),
        (5, "Cara Ukur", "use terlentang or berdiri (L or H)"),
        (6, "NIK", "no child with this NIK at your posyandu"),
        (7, "Tanggal Ukur", "required"),
        (8, "Bulan", "the month differs from the measurement date"),
        (9, "Tanggal Ukur", "row 2 already has this child's month"),
        (10, "Tanggal Ukur", "in the future"),
    ]


def test_row_without_nik_matches_name_birth_date_and_mother(padang):
    children = register(padang, 1)
    rows = measurement_rows(children, MONTHS[:1])
    rows[0][0] = "1371********0001"  # a masked NIK from an export
    result = run(padang["officer"], importers.KIND_MEASUREMENTS, to_csv(MEASUREMENT_HEADERS, rows))
    assert (result.created, result.bad) == (1, 0)


def test_row_for_another_regions_posyandu_is_refused_and_not_written(padang):
    make_commitment("13.06")
    agam_posyandu = make_unit("posyandu", "13.06", "13.06.02", name="Posyandu Agam")
    agam_child = child_register(
        actor=None,
        unit=agam_posyandu,
        name="Anak Agam",
        sex=1,
        birth_date=dt.date(2024, 3, 3),
        mother_name="Ibu Agam",
    )
    values = ["2025-01", "2025-01-10", "10.5", "75.0", "terlentang", "", "", "", "", "", ""]
    rows = [
        ["", "Anak Agam", "2024-03-03", "Ibu Agam", "Posyandu Agam", *values],
        ["", "Anak Agam", "2024-03-03", "Ibu Agam", "", *values],
    ]
    result = run(padang["officer"], importers.KIND_MEASUREMENTS, to_csv(MEASUREMENT_HEADERS, rows))
    assert [(p.column, p.reason) for p in result.problems] == [
        ("Posyandu", "not a posyandu you may import for"),
        ("Nama", "no child with this name, birth date and mother"),
    ]
    assert not Measurement.objects.filter(child=agam_child).exists()


def test_child_of_another_puskesmas_is_not_found(padang):
    other = make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas Lain")
    far = make_unit("posyandu", "13.71", "13.71.02.1007", parent=other, name="Kenanga")
    child = child_register(
        actor=None,
        unit=far,
        name="Anak Jauh",
        sex=2,
        birth_date=dt.date(2024, 3, 3),
        nik="1371024303240001",
    )
    rows = [[child.nik, "", "", "", "", "", "2025-01-10", "9.0", "", "", "", "", "", "", "", ""]]
    result = run(padang["officer"], importers.KIND_MEASUREMENTS, to_csv(MEASUREMENT_HEADERS, rows))
    assert result.problems[0].reason == "no child with this NIK at your posyandu"
    assert Measurement.objects.count() == 0


# --- uploads and the job -------------------------------------------------------------------


def upload(name: str, content: bytes, kind: str = "measurements"):
    return {"kind": kind, "file": SimpleUploadedFile(name, content)}


def zip_with(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("data.txt", b"NIK,Tanggal Ukur\n", "Upload an .xlsx or .csv file."),
        ("data.xlsx", b"NIK,Tanggal Ukur\n", "This is not an Excel (.xlsx) file."),
        ("data.xlsx", zip_with({"a.txt": b"x"}), "This is not an Excel (.xlsx) file."),
        ("data.csv", zip_with({"a.txt": b"x"}), "This is not a CSV text file."),
    ],
)
def test_upload_of_wrong_type_is_refused(padang, client_for, name, content, message):
    response = client_for(padang["officer"]).post(
        reverse("nutrition:imports"), upload(name, content)
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Job.objects.exists()


def limit(monkeypatch, **values):
    """Lower the e-PPGBM file limits for one test."""
    limits = dataclasses.replace(importers.spec.FILE_LIMITS, **values)
    monkeypatch.setattr(importers.spec, "FILE_LIMITS", limits)


def test_zip_bomb_is_refused(padang, client_for, monkeypatch):
    limit(monkeypatch, max_unpacked_bytes=1024 * 1024)
    bomb = zip_with({"[Content_Types].xml": b"<x/>", "xl/sheet.xml": b"0" * 2_000_000})
    assert len(bomb) < 50_000
    response = client_for(padang["officer"]).post(
        reverse("nutrition:imports"), upload("b.xlsx", bomb)
    )
    assert response.status_code == 422
    assert "unpacks to more than 1 MB" in response.content.decode()


def test_too_large_upload_is_refused(padang, client_for, monkeypatch):
    limit(monkeypatch, max_bytes=1024)
    response = client_for(padang["officer"]).post(
        reverse("nutrition:imports"), upload("d.csv", b"NIK,Tanggal Ukur\n" * 70)
    )
    assert response.status_code == 422
    assert "larger than 1 KB" in response.content.decode()


def test_too_many_rows_are_refused(padang, monkeypatch):
    limit(monkeypatch, max_rows=5)
    content = to_csv(MEASUREMENT_HEADERS, [["x"] * 16] * 40)
    with pytest.raises(importers.FileRefused, match="more than 5 rows"):
        run(padang["officer"], importers.KIND_MEASUREMENTS, content)


def stored_uploads() -> set[str]:
    """Names of the uploads waiting in storage."""
    try:
        return set(default_storage.listdir("imports")[1])
    except FileNotFoundError:
        return set()


def test_upload_runs_as_a_job_with_summary_and_bad_rows_report(
    padang, client_for, django_capture_on_commit_callbacks
):
    children = register(padang, 2)
    rows = measurement_rows(children, MONTHS[:1])
    rows.append(list(rows[0]))
    rows[-1][7] = "abc"
    client = client_for(padang["officer"])
    # Storage is shared by the tests of one process: compare with what was there before.
    before = stored_uploads()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("nutrition:imports"), upload("Data Anak.csv", to_csv(MEASUREMENT_HEADERS, rows))
        )
    job = Job.objects.get()
    assert response.url == reverse("core:job", args=[job.pk])
    assert job.status == JobStatus.DONE
    assert {k: job.result[k] for k in ("read", "created", "bad")} == {
        "read": 3,
        "created": 2,
        "bad": 1,
    }
    assert "created 2" in job.message
    report = b"".join(client.get(reverse("core:job_download", args=[job.pk])).streaming_content)
    assert "4,BB (kg),abc,not a number" in report.decode("utf-8-sig")
    # The upload itself is gone, and it never carried the user's file name.
    assert stored_uploads() == before
    # One audit event for this import (the registering import above has its own).
    run = ImportRun.objects.get(job=job)
    events = AuditEvent.objects.filter(action="nutrition.import", object_id=str(run.pk))
    assert events.count() == 1
    assert events.get().changes["_"]["file"] == "Data Anak.csv"
    assert events.get().changes["_"]["created"] == 2
    assert events.get().region.code == "13.71"


def test_import_page_lists_recent_jobs_in_bounded_queries(
    padang, client_for, django_assert_max_num_queries
):
    client = client_for(padang["officer"])
    url = reverse("nutrition:imports")
    for count in (1, 8):
        while Job.objects.count() < count:
            Job.objects.create(owner=padang["officer"], kind="nutrition.import", message="ok")
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count(reverse("core:job", args=[1])[:-2]) >= count


def test_import_page_is_404_for_outsiders(padang, client_for, nobody):
    url = reverse("nutrition:imports")
    cadre = user_with_role("kader_posyandu", "13.71", unit=padang["mawar"])
    agam_officer = user_with_role("petugas_gizi_dinkes", "13.06")  # nutrition not live there
    assert client_for(padang["officer"]).get(url).status_code == 200
    for outsider in (nobody, cadre, agam_officer):
        assert client_for(outsider).get(url).status_code == 404


def test_progress_is_reported_after_every_chunk(padang, monkeypatch):
    monkeypatch.setattr(importers.spec, "CHUNK", 2)
    children = register(padang, 3)
    content = to_csv(MEASUREMENT_HEADERS, measurement_rows(children, MONTHS[:2]))
    seen = []
    importers.import_file(
        user=padang["officer"],
        kind=importers.KIND_MEASUREMENTS,
        file_type="csv",
        content=content,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [done for done, _total in seen] == [2, 4, 6]
    assert all(total >= 6 for _done, total in seen)


def test_file_without_required_columns_fails_the_job_with_the_reason(
    padang, client_for, django_capture_on_commit_callbacks
):
    before = stored_uploads()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(padang["officer"]).post(
            reverse("nutrition:imports"), upload("d.csv", to_csv(["NIK", "BB"], [["1", "2"]]))
        )
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.message == "Missing columns: tanggal ukur."
    assert stored_uploads() == before


def test_children_import_marks_this_months_summary_of_their_posyandu(padang):
    register(padang, 2)
    this_month = timezone.localdate().replace(day=1)
    assert DirtySummary.objects.filter(unit=padang["mawar"], period=this_month).exists()


# --- the framework's promises, seen from nutrition -------------------------------------------


def test_imported_rows_point_to_their_import_run(padang):
    children = register(padang, 2)
    content = to_csv(MEASUREMENT_HEADERS, measurement_rows(children, MONTHS[:1]))
    result = run(padang["officer"], importers.KIND_MEASUREMENTS, content)
    stored = Measurement.objects.get(child__nik=children[0].nik)
    assert stored.import_run_id == result.run_id
    child_runs = set(Child.objects.values_list("import_run__kind", flat=True))
    assert child_runs == {"nutrition.children"}
    record = ImportRun.objects.get(pk=result.run_id)
    assert (record.kind, record.actor, record.created) == (
        "nutrition.measurements",
        padang["officer"],
        2,
    )


def test_import_refreshes_the_summaries_it_touched(padang, django_capture_on_commit_callbacks):
    children = register(padang, 2)
    content = to_csv(MEASUREMENT_HEADERS, measurement_rows(children, MONTHS))
    with django_capture_on_commit_callbacks(execute=True):
        run(padang["officer"], importers.KIND_MEASUREMENTS, content)
    refreshed = NutritionSummary.objects.filter(unit=padang["mawar"], period__in=MONTHS)
    assert set(refreshed.values_list("period", flat=True)) == set(MONTHS)
    assert not DirtySummary.objects.filter(period__in=MONTHS).exists()


def test_import_that_writes_nothing_queues_no_refresh(padang, django_capture_on_commit_callbacks):
    children = register(padang, 1)
    content = to_csv(MEASUREMENT_HEADERS, measurement_rows(children, MONTHS[:1]))
    run(padang["officer"], importers.KIND_MEASUREMENTS, content)
    with django_capture_on_commit_callbacks() as callbacks:
        run(padang["officer"], importers.KIND_MEASUREMENTS, content)
    assert callbacks == []


def test_refused_file_is_audited_once_with_the_reason(
    padang, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(padang["officer"]).post(
            reverse("nutrition:imports"), upload("d.csv", to_csv(["NIK", "BB"], [["1", "2"]]))
        )
    event = AuditEvent.objects.get(action="nutrition.import")
    assert event.changes["_"]["status"] == "refused"
    assert event.changes["_"]["reason"] == "Missing columns: tanggal ukur."
    assert event.changes["_"]["file"] == "d.csv"


def test_failure_half_way_fails_the_job_saying_what_was_written(
    padang, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    children = register(padang, 3)
    monkeypatch.setattr(importers.spec, "CHUNK", 3)
    real = bulk.measurements_upsert
    calls = []

    def upsert_then_break(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(bulk, "measurements_upsert", upsert_then_break)
    content = to_csv(MEASUREMENT_HEADERS, measurement_rows(children, MONTHS[:2]))
    before = stored_uploads()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(padang["officer"]).post(reverse("nutrition:imports"), upload("d.csv", content))
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "created 3" in job.message
    assert Measurement.objects.count() == 3
    assert ImportRun.objects.get(job=job).created == 3
    assert stored_uploads() == before
