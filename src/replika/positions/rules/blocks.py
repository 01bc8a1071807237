"""The information blocks of an Anjab (Peraturan BKN 9/2022, Pasal 3) and their shapes.

``text`` is one paragraph, ``lines`` a list of items, ``rows`` a list of rows with named
columns. Identity, the tasks and the class come from the position's own fields, so the
editor edits the other twelve blocks.
"""

from __future__ import annotations

from typing import Final

TEXT: Final = "text"
LINES: Final = "lines"
ROWS: Final = "rows"

# (code, shape, columns), in the order of the official form.
BLOCKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("identitas", "fields", ()),
    ("ikhtisar", TEXT, ()),
    ("kualifikasi", ROWS, ("jenis", "uraian")),
    ("tugas_pokok", "tasks", ()),
    ("bahan_kerja", ROWS, ("bahan", "penggunaan")),
    ("perangkat_kerja", ROWS, ("perangkat", "penggunaan")),
    ("tanggung_jawab", LINES, ()),
    ("wewenang", LINES, ()),
    ("korelasi", ROWS, ("jabatan", "unit_kerja", "dalam_hal")),
    ("kondisi_lingkungan", ROWS, ("aspek", "faktor")),
    ("risiko_bahaya", ROWS, ("risiko", "penyebab")),
    ("syarat_jabatan", ROWS, ("aspek", "uraian")),
    ("prestasi_kerja", LINES, ()),
    ("kelas_jabatan", "fields", ()),
)
BLOCK_CODES: tuple[str, ...] = tuple(code for code, _shape, _cols in BLOCKS)
EDITABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    b for b in BLOCKS if b[1] in (TEXT, LINES, ROWS)
)
EDITABLE_CODES: tuple[str, ...] = tuple(code for code, _shape, _cols in EDITABLE)
SEPARATOR: Final = "|"

MAX_TEXT = 4000
MAX_ITEMS = 60


def parse_block(shape: str, columns: tuple[str, ...], text: str) -> str | list[object]:
    """A block's typed value from its editor text; ValueError with a code when malformed.

    ``lines``: one item per non-blank line; ``rows``: one row per line, columns separated
    by ``|`` (a missing last column is empty, an extra one is an error).
    """
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise ValueError("too_long")
    if shape == TEXT:
        return text
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) > MAX_ITEMS:
        raise ValueError("too_many")
    if shape == LINES:
        return list(lines)
    rows: list[object] = []
    for line in lines:
        cells = [cell.strip() for cell in line.split(SEPARATOR)]
        if len(cells) > len(columns):
            raise ValueError("too_many_columns")
        if not cells[0]:
            raise ValueError("empty_first_column")
        cells += [""] * (len(columns) - len(cells))
        rows.append(dict(zip(columns, cells, strict=True)))
    return rows


def block_text(shape: str, columns: tuple[str, ...], value: object) -> str:
    """The editor text of a stored block value (the inverse of ``parse_block``)."""
    if value in (None, "", []):
        return ""
    if shape == TEXT:
        return str(value)
    if not isinstance(value, list):
        return ""
    if shape == LINES:
        return "\n".join(str(item) for item in value)
    out = []
    for row in value:
        if isinstance(row, dict):
            cells = [str(row.get(col, "")) for col in columns]
            while len(cells) > 1 and not cells[-1]:
                cells.pop()
            out.append(f" {SEPARATOR} ".join(cells))
    return "\n".join(out)
