"""Fast CSV reading and writing for the zscore command, with numpy and the standard library.

Rows are kept as raw bytes so that every input column passes through byte for byte; only
the columns the engine needs are parsed.  Field boundaries are found with numpy: a
delimiter or newline separates fields unless an odd number of quote characters precedes
it (RFC 4180 escapes a quote inside a quoted field by doubling it, which keeps the parity),
so quoted fields, embedded delimiters and embedded newlines all work without a Python
object per cell.  Numbers, dates and codes are parsed from the bytes in bulk too.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

_NL = ord("\n")
_QUOTE = ord('"')
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Longest cell (in bytes) the vectorised number parser handles; longer ones use float().
_MAX_NUMBER_WIDTH = 24
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class Column:
    """The cells of one column as slices [starts, ends) of a byte buffer."""

    buf: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    def cell(self, row: int) -> str:
        """Decode one cell (slow; only for cells the vectorised parsers cannot handle)."""
        raw = self.buf[self.starts[row] : self.ends[row]].tobytes()
        return raw.decode("utf-8", errors="replace").replace('""', '"')


@dataclass(frozen=True)
class Records:
    """Where the records and fields of a file are: unquoted separators and record spans."""

    buf: np.ndarray
    #: byte offsets of the unquoted delimiters and newlines, in order
    seps: np.ndarray
    #: per record: index in seps of its first separator, number of fields, first byte, newline
    first: np.ndarray
    count: np.ndarray
    start: np.ndarray
    end: np.ndarray


@dataclass
class CsvInput:
    """A parsed input file: header, raw row lines and the wanted columns."""

    header: list[str]
    header_line: bytes
    lines: list[bytes]
    delimiter: str
    newline: bytes
    columns: dict[int, Column]

    def column(self, name: str) -> Column | None:
        """The column whose normalised header is name, or None when absent."""
        names = [normalize_name(h) for h in self.header]
        if name not in names:
            return None
        return self.columns[names.index(name)]


def normalize_name(name: str) -> str:
    """Header matching is case-insensitive and ignores blanks and a BOM."""
    return name.replace("\ufeff", "").strip().lower()


def _sniff_delimiter(header: str) -> str:
    """Pick ',', ';' or tab, whichever the header line has most of (',' on a tie)."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _normalise_bytes(data: bytes) -> tuple[bytes, bytes]:
    """UTF-16 to UTF-8, CRLF to LF, a final LF; also returns the line ending to write."""
    if data.startswith(_UTF16_BOMS):
        data = data.decode("utf-16").encode("utf-8")
    newline = b"\r\n" if b"\r\n" in data[: data.find(b"\n") + 1] else b"\n"
    if b"\r\n" in data:
        data = data.replace(b"\r\n", b"\n")
    if not data.endswith(b"\n"):
        data += b"\n"
    return data, newline


def _decode(data: bytes) -> str:
    """Decode as UTF-8, or as cp1252/latin-1 for old spreadsheet exports."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _separators(buf: np.ndarray, delimiter: str) -> np.ndarray:
    """Offsets of the delimiters and newlines that are outside quoted fields."""
    seps = np.flatnonzero((buf == ord(delimiter)) | (buf == _NL))
    quotes = np.flatnonzero(buf == _QUOTE)
    if quotes.size == 0:
        return seps
    if quotes.size % 2:
        raise ValueError("a quoted field is not closed")
    return seps[np.searchsorted(quotes, seps) % 2 == 0]


def _spans(buf: np.ndarray, seps: np.ndarray) -> Records:
    """Group separators into records (one per unquoted newline)."""
    newlines = np.flatnonzero(buf[seps] == _NL)
    first = np.concatenate(([0], newlines[:-1] + 1))[: newlines.size]
    start = np.concatenate(([0], seps[newlines[:-1]] + 1))[: newlines.size]
    return Records(buf, seps, first, newlines - first + 1, start, seps[newlines])


def find_records(data: bytes, delimiter: str) -> Records:
    """Locate records and fields of LF-terminated bytes, dropping blank lines."""
    buf = np.frombuffer(data, dtype=np.uint8)
    records = _spans(buf, _separators(buf, delimiter))
    keep = records.end > records.start
    if not keep.all():
        r = records
        records = Records(buf, r.seps, r.first[keep], r.count[keep], r.start[keep], r.end[keep])
    if records.end.size == 0:
        raise ValueError("the input file is empty")
    return records


def field(records: Records, j: int) -> Column:
    """Column j of every record but the header; missing fields of short rows are blank."""
    first, count = records.first[1:], records.count[1:]
    present = j < count
    index = np.where(present, first + j, first)
    ends = np.where(present, records.seps[index], records.start[1:])
    starts = records.start[1:] if j == 0 else records.seps[np.maximum(index - 1, 0)] + 1
    starts = np.where(present, starts, ends)
    buf = records.buf
    last = len(buf) - 1
    quoted = (
        (ends - starts >= 2)
        & (buf[np.minimum(starts, last)] == _QUOTE)
        & (buf[np.maximum(ends - 1, 0)] == _QUOTE)
    )
    return Column(buf, starts + quoted, ends - quoted)


def record_lines(data: bytes, records: Records) -> list[bytes]:
    """The raw bytes of every record (without its newline)."""
    if len(records.end) == data.count(b"\n"):
        # One record per physical line and no blank lines: a plain split is the fast way.
        return data[:-1].split(b"\n")
    return [data[s:e] for s, e in zip(records.start.tolist(), records.end.tolist(), strict=True)]


def read_csv(data: bytes, wanted: Iterable[str]) -> CsvInput:
    """Parse the header and the wanted columns (normalised names) of a CSV file's bytes."""
    data, newline = _normalise_bytes(data)
    delimiter = _sniff_delimiter(_decode(data[: data.find(b"\n")]))
    records = find_records(data, delimiter)
    lines = record_lines(data, records)
    header = next(csv.reader([_decode(lines[0])], delimiter=delimiter))
    names = [normalize_name(h) for h in header]
    indexes = sorted({names.index(w) for w in wanted if w in names})
    columns = {i: field(records, i) for i in indexes}
    body = lines[1:]
    # Pad short rows with empty fields so the appended columns line up with the header.
    for row in np.flatnonzero(records.count[1:] < len(header)).tolist():
        body[row] += delimiter.encode() * (len(header) - int(records.count[row + 1]))
    return CsvInput(header, lines[0], body, delimiter, newline, columns)


def _char_rows(col: Column, width: int) -> np.ndarray:
    """Byte j of every cell as row j of a (width, n) matrix (past the cell end: anything)."""
    positions = col.starts[None, :] + np.arange(width)[:, None]
    return col.buf[np.minimum(positions, len(col.buf) - 1)]


def parse_numbers(col: Column) -> np.ndarray:
    """Parse decimal numbers ("-12.5"); blank -> NaN; other text via float() or NaN."""
    lengths = col.ends - col.starts
    n = len(lengths)
    out = np.full(n, np.nan)
    if n == 0:
        return out
    width = int(min(lengths.max(), _MAX_NUMBER_WIDTH))
    chars = _char_rows(col, max(width, 1))
    mantissa = np.zeros(n)
    decimals = np.zeros(n, dtype=np.int64)
    n_digits = np.zeros(n, dtype=np.int64)
    dots = np.zeros(n, dtype=np.int64)
    bad = (lengths == 0) | (lengths > width)
    negative = chars[0] == ord("-")
    signed = negative | (chars[0] == ord("+"))
    for j in range(width):
        inside = lengths > j
        value = chars[j] - np.uint8(ord("0"))  # wraps around for non-digits
        digit = (value < 10) & inside
        dot = (chars[j] == ord(".")) & inside
        bad |= inside & ~(digit | dot | (signed if j == 0 else False))
        # Horner's rule; float64 holds the integer mantissa exactly below 2**53.
        mantissa = np.where(digit, mantissa * 10 + value, mantissa)
        dots += dot
        decimals += digit & (dots > 0)
        n_digits += digit
    bad |= (dots > 1) | (n_digits == 0) | (n_digits > 15)
    # mantissa / 10**k with both exact is correctly rounded, i.e. equal to float(text).
    parsed = mantissa / np.power(10.0, decimals)
    simple = ~bad
    out[simple] = np.where(negative, -parsed, parsed)[simple]
    for row in np.flatnonzero(bad & (lengths > 0)).tolist():
        out[row] = _slow_number(col.cell(row))
    return out


def _slow_number(text: str) -> float:
    """float() with a decimal comma accepted; NaN when it is not a number."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return float("nan")


def parse_dates(col: Column) -> np.ndarray:
    """Days since 1970-01-01 of ISO dates (YYYY-MM-DD, time part ignored) as float; NaN if bad."""
    lengths = col.ends - col.starts
    out = np.full(len(lengths), np.nan)
    if len(lengths) == 0:
        return out
    chars = _char_rows(col, 10)
    digits = chars.astype(np.int64) - ord("0")
    digit_rows = [0, 1, 2, 3, 5, 6, 8, 9]
    shaped = (
        (lengths == 10)
        & ((digits[digit_rows] >= 0) & (digits[digit_rows] <= 9)).all(axis=0)
        & (chars[4] == ord("-"))
        & (chars[7] == ord("-"))
    )
    year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
    month = digits[5] * 10 + digits[6]
    day = digits[8] * 10 + digits[9]
    shaped &= (month >= 1) & (month <= 12) & (day >= 1)
    month_index = np.where(shaped, (year - 1970) * 12 + month - 1, 0)
    first = month_index.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    following = (month_index + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    ok = shaped & (day <= following - first)
    out[ok] = (first + day - 1)[ok]
    for row in np.flatnonzero(~ok & (lengths > 0)).tolist():
        out[row] = _slow_date(col.cell(row))
    return out


def _slow_date(text: str) -> float:
    """Days since epoch of an ISO date possibly followed by a time; NaN when not a date."""
    text = text.strip()
    if len(text) > 10 and text[10] in "T ":
        text = text[:10]
    try:
        return float(date.fromisoformat(text).toordinal() - _EPOCH_ORDINAL)
    except ValueError:
        return float("nan")


def parse_codes(col: Column, words: Mapping[str, int], default: int = 0) -> np.ndarray:
    """Map short text cells (any case, trimmed) to int8 codes; unknown text -> default."""
    lengths = col.ends - col.starts
    lut = np.full(256, default, dtype=np.int8)
    for word, code in words.items():
        if len(word) == 1 and word.isascii():
            lut[ord(word.lower())] = lut[ord(word.upper())] = code
    first = col.buf[np.minimum(col.starts, len(col.buf) - 1)]
    out = np.where(lengths == 1, lut[first], np.int8(words.get("", default)))
    longer = np.flatnonzero(lengths > 1)
    if longer.size:
        cells = [col.cell(row) for row in longer.tolist()]
        lookup = {c: words.get(c.strip().lower(), default) for c in set(cells)}
        out[longer] = [lookup[c] for c in cells]
    return out.astype(np.int8)


def write_csv(
    header_line: bytes,
    extra_header: list[str],
    lines: list[bytes],
    extra: list[list[bytes]],
    delimiter: str,
    newline: bytes,
) -> Iterator[bytes]:
    """Yield the output in chunks: each input line, unchanged, followed by the extra cells."""
    sep = delimiter.encode()
    yield sep.join([header_line, *(h.encode() for h in extra_header)]) + newline
    chunk = 100_000
    for start in range(0, len(lines), chunk):
        stop = start + chunk
        parts = [lines[start:stop], *(column[start:stop] for column in extra)]
        yield newline.join(map(sep.join, zip(*parts, strict=True))) + newline
