"""Files the platform writes (CSV and xlsx), safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
as a formula by Excel and LibreOffice (CSV/formula injection: a milestone titled
``=HYPERLINK(…)`` would become a live link that leaks the row). Every text cell goes through
``safe_cell``, which puts an apostrophe in front — the spreadsheet convention for "this is
text". Numbers, dates and booleans are written as values: a number is never a formula, and
exports keep numbers numeric (negative z-scores stay numbers).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | dt.date | dt.datetime | bool | None


def safe_cell(value: Any) -> Cell:
    """The value as a spreadsheet may hold it: text that cannot start a formula."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    text = str(value) if isinstance(value, Promise) else value
    if not isinstance(text, str):
        text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(row: Iterable[Any]) -> list[Cell]:
    """Every cell of a row made safe."""
    return [safe_cell(value) for value in row]


def csv_bytes(
    header: Sequence[Any],
    rows: Iterable[Iterable[Any]],
    *,
    delimiter: str = ",",
    progress: Callable[[int], None] | None = None,
    every: int = 2000,
) -> bytes:
    """A CSV file with a BOM (so that Excel reads UTF-8), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(safe_row(header))
    for written, row in enumerate(rows, start=1):
        writer.writerow(safe_row(row))
        if progress is not None and written % every == 0:
            progress(written)
    return out.getvalue().encode("utf-8-sig")


@dataclass
class Sheet:
    """One worksheet: a title, a header row, the data rows and optional column widths."""

    title: str | Promise
    header: Sequence[Any]
    rows: Iterable[Iterable[Any]] = ()
    widths: Sequence[float] = field(default_factory=tuple)


def xlsx_bytes(sheets: Sequence[Sheet], *, progress: Callable[[int], None] | None = None) -> bytes:
    """A workbook written in streaming mode, every cell made safe."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    written = 0
    for spec in sheets:
        # Excel refuses sheet titles over 31 characters or with []:*?/\ in them.
        title = "".join(ch for ch in str(spec.title) if ch not in "[]:*?/\\")[:31] or "Sheet"
        sheet = book.create_sheet(title)
        for index, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.append(safe_row(spec.header))
        for row in spec.rows:
            sheet.append(safe_row(row))
            written += 1
            if progress is not None and written % 2000 == 0:
                progress(written)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
