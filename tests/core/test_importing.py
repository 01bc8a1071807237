"""The core import framework, exercised with a throwaway spec (no module app needed).

The throwaway "visits" import stores each row as a core ``Job`` (a plain core table), keyed
by the row's name, so that writes, idempotency, rollback and traceability are real.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from replika.core.importing import (
    Column,
    FileLimits,
    FileRefused,
    ImportFailed,
    ImportSpec,
    Limit,
    RowProblem,
    bad_rows_csv,
    choice,
    date,
    decimal,
    header_key,
    integer,
    neutralise,
    run_import,
    text,
    yes_no,
)
from replika.core.models import AuditEvent, ImportRun, ImportRunStatus, Job, User, Wilayah

pytestmark = pytest.mark.django_db

ROW_KIND = "test.visit"
HEADERS = ["Nama", "Berat (kg)", "Tanggal Lahir", "Tanggal Kunjungan", "Aktif", "Jenis", "NIK"]


@pytest.fixture(autouse=True)
def english():
    """Assert the English source messages."""
    with translation.override("en"):
        yield


@dataclass
class Visits:
    """A throwaway row handler: one Job per name, created, updated or left unchanged."""

    context: object
    fail_on: str = ""

    def parse(self, row):
        values = row.values
        if values["born"] and values["visited"] and values["visited"] < values["born"]:
            raise RowProblem("visited", "before the birth date")
        return values

    def store(self, chunk):
        counts = Written()
        run = self.context.run
        for row, item in chunk.rows:
            if item["name"] == "Dobel":
                chunk.refuse(row, "name", "twice")
                continue
            if item["name"] == self.fail_on:
                raise RuntimeError("disk full")
            payload = {"weight": str(item["weight"]), "born": str(item["born"])}
            job = Job.objects.filter(kind=ROW_KIND, message=item["name"]).first()
            if job is None:
                Job.objects.create(
                    kind=ROW_KIND,
                    owner=self.context.actor,
                    message=item["name"],
                    result={**payload, "run": run.pk},
                )
                counts.created += 1
            elif {k: job.result.get(k) for k in payload} == payload:
                counts.unchanged += 1
            else:
                job.result = {**payload, "run": run.pk}
                job.save()
                counts.updated += 1
        return counts


@dataclass
class Written:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


COLUMNS = (
    Column("name", ("nama", "name"), text, required=True),
    Column("weight", ("berat", "bb", "weight"), decimal(Limit(Decimal("0.5"), Decimal("60"), 1))),
    Column("born", ("tanggal lahir", "tgl lahir"), date()),
    Column("visited", ("tanggal kunjungan",), date(not_future=True)),
    Column("active", ("aktif",), yes_no, blank=False),
    Column("kind", ("jenis",), choice({"baru": "new", "lama": "old"}, "use baru or lama")),
    Column("nik", ("nik",), text, blank="", personal=True),
    Column("count", ("jumlah",), integer(0, 10)),
)


def make_spec(*, fail_on="", after=None, **limits):
    return ImportSpec(
        kind="test.visits",
        module="test",
        columns=COLUMNS,
        handler=lambda context: Visits(context, fail_on),
        limits=FileLimits(**limits),
        chunk_size=2,
        after=after,
    )


@pytest.fixture
def user():
    return User.objects.create(username="importer")


def csv_bytes(rows, delimiter=",", encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bytes(members, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def run(user, content, name="kunjungan.csv", **kw):
    return run_import(spec=make_spec(**kw), actor=user, file_name=name, content=content)


def stored():
    return {job.message: job.result for job in Job.objects.filter(kind=ROW_KIND)}


GOOD = ["Ani", "12.4", "2024-01-31", "2025-02-03", "ya", "baru", "1371020101240001"]


# --- encodings, delimiters, header ----------------------------------------------------------


def test_utf8_with_bom_finds_the_first_header(user):
    result = run(user, b"\xef\xbb\xbf" + csv_bytes([HEADERS, GOOD]))
    assert (result.read, result.created, result.refused) == (1, 1, 0)
    assert result.headers[0] == "Nama"


def test_cp1252_text_from_excel_on_windows_is_decoded(user):
    content = csv_bytes([HEADERS, ["Désirée", *GOOD[1:]]], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    run(user, content)
    assert "Désirée" in stored()


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_delimiter_is_detected_on_the_header_row(user, delimiter):
    # Decimal commas inside cells must not make the comma look like the delimiter.
    row = ["Ani", "12,4", "31/01/2024", "03-02-2025", "ya", "baru", ""]
    result = run(user, csv_bytes([HEADERS, row], delimiter=delimiter))
    assert (result.created, result.refused) == (1, 0)
    assert stored()["Ani"]["weight"] == "12.4"


def test_title_rows_above_the_header_are_skipped_and_rows_keep_their_numbers(user):
    stray = ["", "", "", "", "ya"]
    rows = [["LAPORAN KUNJUNGAN; JANUARI"], ["Puskesmas Andalas"], HEADERS, GOOD, [], stray]
    result = run(user, csv_bytes(rows, delimiter=";"))
    assert result.read == 2  # the empty row is skipped, the row with a stray cell is not
    assert [(p.row, p.column, p.reason) for p in result.problems] == [(6, "Nama", "required")]


def test_headers_ignore_case_spaces_dots_dashes_and_units():
    assert header_key("  BERAT  (kg) ") == "berat"
    assert header_key("Tgl.-Lahir") == header_key("tgl lahir")
    assert header_key("Jumlah [orang]") == "jumlah"
    spec = make_spec()
    assert spec.map_headers(["x", "TGL. LAHIR", "B.B (kg)", "Nama"]) == {"born": 1, "name": 3}


def test_file_without_a_known_header_or_a_required_column_is_refused(user):
    with pytest.raises(FileRefused, match="No header row"):
        run(user, csv_bytes([["a", "b"], ["1", "2"]]))
    with pytest.raises(FileRefused, match="Missing columns: nama"):
        run(user, csv_bytes([["Berat", "Aktif"], ["1", "ya"]]))
    assert not stored()


# --- cells -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12,4", "12.4"),
        ("12.4", "12.4"),
        ("12,45", "12.5"),
        (" 7 ", "7.0"),
        ("1.234,5", None),
        ("1e300", None),
        ("-3", None),
    ],
)
def test_decimal_accepts_comma_and_point_within_the_limit(user, cell, expected):
    result = run(user, csv_bytes([HEADERS, ["Ani", cell, "", "", "", "", ""]], delimiter=";"))
    if expected is None:
        assert result.problems[0].reason == "must be between 0.5 and 60"
    else:
        assert stored()["Ani"]["weight"] == expected


@pytest.mark.parametrize("cell", ["abc", "NaN", "Infinity", "12,4,5"])
def test_decimal_refuses_what_is_not_a_number(user, cell):
    result = run(user, csv_bytes([HEADERS, ["Ani", cell, "", "", "", "", ""]], delimiter=";"))
    assert [(p.column, p.value, p.reason) for p in result.problems] == [
        ("Berat (kg)", cell, "not a number")
    ]


@pytest.mark.parametrize(
    "cell",
    ["31/12/2024", "31-12-2024", "2024-12-31", "31.12.2024", "31 Desember 2024", "31 des 2024"],
)
def test_dates_in_the_forms_indonesians_write(user, cell):
    run(user, csv_bytes([HEADERS, ["Ani", "", cell, "", "", "", ""]]))
    assert stored()["Ani"]["born"] == "2024-12-31"


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("31/02/2024", "not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
        ("kemarin", "not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
        ("12", "not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
    ],
)
def test_impossible_dates_are_bad_rows(user, cell, reason):
    result = run(user, csv_bytes([HEADERS, ["Ani", "", cell, "", "", "", ""]]))
    assert result.problems[0].reason == reason
    assert not stored()


def test_future_visit_is_refused():
    parse = date(not_future=True, today=dt.date(2025, 1, 1))
    assert parse("2025-01-01") == dt.date(2025, 1, 1)
    with pytest.raises(Exception, match="in the future"):
        parse("2025-01-02")


def test_excel_serial_dates_in_csv_and_xlsx_and_real_xlsx_dates(user):
    # 45657 is 2024-12-31 in Excel's day count.
    run(user, csv_bytes([HEADERS, ["Ani", "", "45657", "", "", "", ""]]))
    sheet = xlsx_bytes(
        [HEADERS, ["Budi", 3, 45657, None], ["Citra", 3, dt.date(2024, 12, 31), None]]
    )
    result = run(user, sheet, name="kunjungan.xlsx")
    assert result.created == 2
    assert {name: value["born"] for name, value in stored().items()} == {
        "Ani": "2024-12-31",
        "Budi": "2024-12-31",
        "Citra": "2024-12-31",
    }


def test_yes_no_choice_and_whole_numbers(user):
    header = ["Nama", "Aktif", "Jenis", "Jumlah"]
    rows = [
        header,
        ["A", "Ya", "BARU", "3"],
        ["B", "mungkin", "baru", "3"],
        ["C", "tidak", "entah", "3"],
        ["D", "", "lama", "2.5"],
        ["E", "", "lama", "11"],
    ]
    result = run(user, csv_bytes(rows))
    assert [(p.row, p.reason) for p in result.problems] == [
        (3, "use ya or tidak"),
        (4, "use baru or lama"),
        (5, "not a whole number"),
        (6, "must be between 0 and 10"),
    ]
    assert set(stored()) == {"A"}


# --- the file --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("data.xlsx", b"%PDF-1.7 not a workbook", "This is not an Excel (.xlsx) file."),
        ("data.xlsx", b"Nama,Berat\nAni,3\n", "This is not an Excel (.xlsx) file."),
        ("data.xlsx", zip_bytes({"a.txt": b"x"}), "This is not an Excel (.xlsx) file."),
        ("data.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel (.xls)"),
        ("data.csv", zip_bytes({"[Content_Types].xml": b"<x/>"}), "This is not a CSV text"),
        ("data.csv", b"\x89PNG\r\n\x1a\n\0\0\0", "This is not a CSV text file."),
        ("data.txt", b"Nama,Berat\nAni,3\n", "Upload an .xlsx or .csv file."),
        ("data.csv", b"", "The file is empty."),
    ],
)
def test_type_is_judged_by_content_not_by_name(user, name, content, message):
    with pytest.raises(FileRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(user, content, name=name)
    assert not stored()


def test_a_real_workbook_renamed_csv_is_refused_and_a_csv_named_csv_accepted(user):
    with pytest.raises(FileRefused, match="not a CSV"):
        run(user, xlsx_bytes([HEADERS, GOOD]), name="kunjungan.csv")
    assert run(user, csv_bytes([HEADERS, GOOD]), name="KUNJUNGAN.CSV").created == 1


def test_zip_bomb_is_refused_by_unpacked_size_and_by_ratio(user):
    bomb = zip_bytes({"[Content_Types].xml": b"<x/>", "xl/sheet1.xml": b"0" * 3_000_000})
    assert len(bomb) < 20_000
    with pytest.raises(FileRefused, match="unpacks to more than 2 MB"):
        run(user, bomb, name="b.xlsx", max_unpacked_bytes=2 * 1024 * 1024)
    with pytest.raises(FileRefused, match="compressed suspiciously tightly"):
        run(user, bomb, name="b.xlsx")


def test_too_large_file_is_refused(user):
    with pytest.raises(FileRefused, match="larger than 1 KB"):
        run(user, csv_bytes([HEADERS, *[GOOD] * 20]), max_bytes=1024)


def test_too_many_rows_refuse_the_whole_file_before_anything_is_written(user):
    rows = [HEADERS, *[[f"Anak {i}", *GOOD[1:]] for i in range(6)]]
    with pytest.raises(FileRefused, match="more than 5 rows"):
        run(user, csv_bytes(rows), max_rows=5)
    with pytest.raises(FileRefused, match="more than 5 rows"):
        run(user, xlsx_bytes(rows), name="k.xlsx", max_rows=5)
    assert not stored()
    assert run(user, csv_bytes(rows[:6]), max_rows=5).created == 5


def test_workbook_with_blank_rows_above_the_title_keeps_row_numbers(user):
    sheet = xlsx_bytes([[], ["Laporan"], HEADERS, ["Ani", "abc"]])
    result = run(user, sheet, name="k.xlsx")
    assert [(p.row, p.column) for p in result.problems] == [(4, "Berat (kg)")]


# --- the report ------------------------------------------------------------------------------


def test_formula_cells_are_neutralised_in_the_bad_rows_file(user):
    assert [neutralise(v) for v in ["=1+1", "+62", "-5", "@SUM(A1)", "\tx", "\rx", "ok", None]] == [
        "'=1+1",
        "'+62",
        "'-5",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "ok",
        "",
    ]
    rows = [HEADERS, ["=HYPERLINK(1)", "@x", "", "", "", "", "1371020101240001"]]
    result = run(user, csv_bytes(rows))
    report = bad_rows_csv(result.problems, result.headers).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(report)))
    assert lines[0] == ["Row", "Column", "Value", "Reason", *HEADERS]
    assert lines[1][:4] == ["2", "Berat (kg)", "'@x", "not a number"]
    assert lines[1][4] == "'=HYPERLINK(1)"
    # The personal column is masked in the echoed row.
    assert lines[1][-1] == "1371********0001"
    assert all(not cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line)


def test_problems_from_the_writer_name_the_files_column(user):
    rows = [HEADERS, ["Dobel", "", "", "", "", "", ""], GOOD]
    result = run(user, csv_bytes(rows))
    assert [(p.row, p.column, p.reason) for p in result.problems] == [(2, "Nama", "twice")]
    assert (result.read, result.created, result.refused) == (2, 1, 1)


# --- runs: progress, counts, audit, traceability, atomicity -------------------------------


def names(n):
    return [HEADERS, *[[f"Anak {i}", "3", "", "", "", "", ""] for i in range(n)]]


def test_progress_is_reported_after_each_chunk(user):
    seen = []
    run_import(
        spec=make_spec(),
        actor=user,
        file_name="k.csv",
        content=csv_bytes(names(5)),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(2, 5), (4, 5)]


def test_reimport_counts_unchanged_and_updated(user):
    run(user, csv_bytes(names(3)))
    changed = names(3)
    changed[2][1] = "4"
    again = run(user, csv_bytes(changed))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)


def test_one_audit_event_on_success_naming_the_file_and_counts(user):
    padang = Wilayah.objects.get(code="13.71")
    result = run_import(
        spec=make_spec(),
        actor=user,
        file_name="C:\\Users\\kader\\Data Januari.csv",
        content=csv_bytes([*names(2), ["Dobel"]]),
        region=padang,
    )
    event = AuditEvent.objects.get(action="test.import")
    assert event.actor == user
    assert event.region == padang
    assert event.object_id == str(result.run_id)
    extra = event.changes["_"]
    assert extra["file"] == "Data Januari.csv"
    assert (extra["kind"], extra["status"]) == ("test.visits", "done")
    assert (extra["created"], extra["updated"], extra["refused"]) == (2, 0, 1)
    assert "Anak" not in str(event.changes)  # the file's content is not in the audit


def test_one_audit_event_on_refusal_with_the_reason(user):
    with pytest.raises(FileRefused):
        run(user, b"Nama,Berat\n", name="x.txt")
    event = AuditEvent.objects.get(action="test.import")
    assert event.changes["_"]["status"] == "refused"
    assert event.changes["_"]["reason"] == "Upload an .xlsx or .csv file."
    assert event.changes["_"]["created"] == 0
    run_row = ImportRun.objects.get()
    assert (run_row.status, run_row.file_name) == (ImportRunStatus.REFUSED, "x.txt")


def test_rows_are_traceable_to_their_run(user):
    first = run(user, csv_bytes(names(2)))
    changed = names(3)
    changed[1][1] = "5"
    second = run(user, csv_bytes(changed))
    runs = {name: value["run"] for name, value in stored().items()}
    # Each row points to the run that last wrote it; an unchanged row keeps its first run.
    assert runs == {"Anak 0": second.run_id, "Anak 1": first.run_id, "Anak 2": second.run_id}
    record = ImportRun.objects.get(pk=second.run_id)
    assert (record.read, record.created, record.updated, record.unchanged) == (3, 1, 1, 1)
    assert record.actor == user
    assert record.finished_at is not None


def test_failure_half_way_keeps_committed_chunks_and_says_so(user):
    touched = []
    with pytest.raises(ImportFailed) as failed:
        run(user, csv_bytes(names(5)), fail_on="Anak 3", after=touched.append)
    # Chunks of two: rows 0-1 committed; the failing chunk (2-3) rolled back entirely.
    assert set(stored()) == {"Anak 0", "Anak 1"}
    assert failed.value.result.created == 2
    record = ImportRun.objects.get()
    assert (record.status, record.created, record.reason) == ("failed", 2, "RuntimeError")
    event = AuditEvent.objects.get(action="test.import")
    assert (event.changes["_"]["status"], event.changes["_"]["created"]) == ("failed", 2)
    assert len(touched) == 1  # the summaries of the committed rows are still refreshed


def test_after_hook_runs_only_when_rows_were_written(user):
    touched = []
    run(user, csv_bytes(names(2)), after=touched.append)
    run(user, csv_bytes(names(2)), after=touched.append)
    assert len(touched) == 1
    assert touched[0].run.pk == ImportRun.objects.order_by("pk").first().pk
