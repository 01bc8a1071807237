"""The uploaded file: type by content, size and zip-bomb limits, text decoding, raw rows.

A module never reads an upload itself: it names its limits (``FileLimits``) and gets rows
of cells from ``open_rows``. CSV text is decoded as UTF-8 (with or without BOM), UTF-16
with a BOM, or Windows-1252 (what Excel on Windows writes as "CSV"); workbooks are read
with python-calamine, which parses a sheet several times faster than openpyxl.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

MB = 1024 * 1024
XLSX = "xlsx"
CSV = "csv"
FILE_TYPES = (XLSX, CSV)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and .doc) container
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
DELIMITERS = (",", ";", "\t", "|")

# A CSV field may be as long as a whole cell of a spreadsheet; the default cap is 128 KB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class FileRefused(Exception):
    """The whole file is refused (type, size, zip bomb, rows, header); nothing is written."""


@dataclass(frozen=True)
class FileLimits:
    """What one kind of import accepts."""

    max_bytes: int = 20 * MB
    # An xlsx is a zip: refuse one that unpacks beyond this, or compresses suspiciously well.
    max_unpacked_bytes: int = 100 * MB
    max_ratio: int = 100
    max_rows: int = 200_000


def size_text(size: int) -> str:
    """A byte count as people say it: "20 MB", "512 KB", "100 bytes"."""
    if size >= MB:
        return f"{size / MB:.0f} MB" if size % MB == 0 else f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return _("%(count)s bytes") % {"count": size}


def _extension(name: str) -> str:
    """The lower-case extension of a file name, without the dot."""
    return PurePath(name.replace("\\", "/")).suffix.lower().lstrip(".")


def content_type(content: bytes) -> str:
    """What the bytes are: "xlsx", "zip", "xls", "binary" or "csv" (text)."""
    if content.startswith(ZIP_MAGIC):
        return XLSX if _zip_names(content) >= {"[Content_Types].xml"} else "zip"
    if content.startswith(OLE_MAGIC):
        return "xls"
    if content.startswith(UTF16_BOMS):
        return CSV
    return "binary" if b"\x00" in content[:65536] else CSV


def _zip_names(content: bytes) -> set[str]:
    """Member names of a zip archive; empty when it is not a readable archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return set()


def check_file(name: str, content: bytes, limits: FileLimits) -> str:
    """The file's type ("xlsx" or "csv") by its content, agreeing with its name; else refuse."""
    if not content:
        raise FileRefused(_("The file is empty."))
    if len(content) > limits.max_bytes:
        raise FileRefused(
            _("The file is larger than %(size)s.") % {"size": size_text(limits.max_bytes)}
        )
    extension = _extension(name)
    if extension not in FILE_TYPES:
        raise FileRefused(_("Upload an .xlsx or .csv file."))
    found = content_type(content)
    if found == "xls":
        raise FileRefused(_("This is an old Excel (.xls) file: save it as .xlsx or .csv."))
    if extension == XLSX and found != XLSX:
        raise FileRefused(_("This is not an Excel (.xlsx) file."))
    if extension == CSV and found != CSV:
        raise FileRefused(_("This is not a CSV text file."))
    if found == XLSX:
        _check_unpacked(content, limits)
    return found


def _check_unpacked(content: bytes, limits: FileLimits) -> None:
    """Refuse a workbook that would unpack too large or too tightly (a zip bomb)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unpacked > limits.max_unpacked_bytes:
        raise FileRefused(
            _("The spreadsheet unpacks to more than %(size)s.")
            % {"size": size_text(limits.max_unpacked_bytes)}
        )
    if unpacked > MB and unpacked > limits.max_ratio * max(packed, 1):
        raise FileRefused(_("The spreadsheet is compressed suspiciously tightly (a zip bomb?)."))


def decode(content: bytes) -> str:
    """CSV bytes as text: UTF-16 with a BOM, UTF-8 with or without BOM, else Windows-1252."""
    if content.startswith(UTF16_BOMS):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Five cp1252 bytes are unassigned; a stray one becomes U+FFFD instead of failing.
        return content.decode("cp1252", errors="replace")


@dataclass
class RawRows:
    """The rows of a file: an iterator of cell lists, their count, and the first row's number."""

    rows: Iterator[Sequence[Any]]
    total: int
    first_number: int = 1


def head_lines(text: str, count: int) -> str:
    """The first ``count`` lines of a text (enough to find the header row)."""
    stream = io.StringIO(text)
    return "".join(stream.readline() for _ in range(count))


def csv_rows(text: str, delimiter: str) -> RawRows:
    """Rows of CSV text with a known delimiter, counted first so limits hold before writing."""
    total = sum(1 for _ in csv.reader(io.StringIO(text), delimiter=delimiter))
    return RawRows(csv.reader(io.StringIO(text), delimiter=delimiter), total)


def xlsx_rows(content: bytes) -> RawRows:
    """Rows of a workbook's first sheet (values, not formulas), read with python-calamine."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = workbook.get_sheet_by_index(0)
    except (CalamineError, OSError, ValueError, IndexError) as exc:
        raise FileRefused(_("The spreadsheet cannot be read.")) from exc
    end = sheet.end
    # iter_rows starts at the sheet's first row (blank rows above the data included), so
    # row numbers match the spreadsheet; ``end`` is the last used cell (0-based).
    return RawRows(iter(sheet.iter_rows()), end[0] + 1 if end else 0)
