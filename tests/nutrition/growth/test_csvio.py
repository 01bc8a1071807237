"""The bulk byte parsers behind the CLI agree with Python's own parsing."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from replika.nutrition.growth.csvio import Column, parse_codes, parse_dates, parse_numbers
from replika.nutrition.growth.engine import MEASURE_WORDS, SEX_WORDS


def column(cells: list[str]) -> Column:
    """Pack cells into a Column the way the reader does (one shared buffer)."""
    data = "".join(cells).encode()
    lengths = np.array([len(c.encode()) for c in cells], dtype=np.int64)
    ends = np.cumsum(lengths)
    return Column(np.frombuffer(data + b"\n", dtype=np.uint8), ends - lengths, ends)


def test_numbers_are_exactly_pythons_floats():
    rng = np.random.default_rng(9)
    cells = [f"{v:.2f}" for v in rng.uniform(0, 40, 3000)]
    cells += [f"{v:.1f}" for v in rng.uniform(40, 130, 3000)]
    cells += [repr(v) for v in rng.uniform(-1000, 1000, 3000).tolist()]
    cells += [str(v) for v in rng.integers(0, 1900, 3000)]
    assert parse_numbers(column(cells)).tolist() == [float(c) for c in cells]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("12.5", 12.5),
        ("-3", -3.0),
        ("+7", 7.0),
        (".5", 0.5),
        ("1.", 1.0),
        (" 4.2 ", 4.2),
        ("9,5", 9.5),
        ("1e3", 1000.0),
        ("", np.nan),
        ("abc", np.nan),
        ("-", np.nan),
        ("1.2.3", np.nan),
        ("12-3", np.nan),
    ],
)
def test_number_cells(cell, value):
    parsed = parse_numbers(column(["1", cell, "2"]))
    assert parsed[0] == 1.0 and parsed[2] == 2.0
    assert parsed[1] == value or (np.isnan(value) and np.isnan(parsed[1]))


@pytest.mark.parametrize(
    "cell",
    ["2024-02-29", "2023-12-31", "1999-01-01", "2020-06-15T08:30:00", "2020-06-15 08:30"],
)
def test_valid_dates(cell):
    expected = (dt.date.fromisoformat(cell[:10]) - dt.date(1970, 1, 1)).days
    assert parse_dates(column([cell]))[0] == expected


@pytest.mark.parametrize("cell", ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-5", "", "x"])
def test_invalid_dates_are_nan(cell):
    assert np.isnan(parse_dates(column(["2024-01-01", cell]))[1])


def test_codes():
    cells = ["L", "p", "M", "f", "1", "2", "", "x", " L ", "Laki-laki", "PEREMPUAN"]
    assert parse_codes(column(cells), SEX_WORDS).tolist() == [1, 2, 1, 2, 1, 2, 0, 0, 1, 1, 2]
    assert parse_codes(column(["l", "H", "", "berdiri"]), MEASURE_WORDS).tolist() == [1, 2, 0, 2]
