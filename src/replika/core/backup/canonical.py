"""Canonical text of stored values, so SQLite and PostgreSQL give the same table checksum.

Every value becomes a short tagged string (``n:`` number, ``s:`` text, ``t:`` instant …) or
``None`` for SQL NULL; a row is the compact JSON array of those, one line; a table's checksum
is SHA-256 over a header line (the column names) and its rows in primary-key order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, BinaryIO

CHUNK = 1024 * 1024


def canonical_number(value: int | float | Decimal) -> str:
    """A number as plain decimal text: ``1.50``, ``1.5`` and ``Decimal("1.5E0")`` agree."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        if value.is_integer():
            return str(int(value))
        # The shortest text that reads back as the same double, written out without exponent.
        value = Decimal(repr(value))
    if not value.is_finite():
        return str(value)
    # No normalize(): it rounds to the context precision (28 digits).
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def canonical_json(value: Any) -> str:
    """A JSON document with sorted keys, no spaces, and integral floats written as integers."""
    return json.dumps(
        _json_numbers(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def _json_numbers(value: Any) -> Any:
    """The same JSON value with integral floats as ints (PostgreSQL's jsonb drops ``.0``)."""
    if isinstance(value, dict):
        return {str(key): _json_numbers(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_numbers(item) for item in value]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def canonical_datetime(value: dt.datetime) -> str:
    """An instant in UTC with microseconds; a naive value keeps its wall-clock text."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")


def canonical_value(value: Any) -> str | None:
    """The tagged canonical text of one stored value (``None`` for SQL NULL)."""
    if value is None:
        return None
    # bool before int: True is an int in Python, but a boolean column is not a number.
    if isinstance(value, bool):
        return "b:true" if value else "b:false"
    if isinstance(value, int | float | Decimal):
        return "n:" + canonical_number(value)
    if isinstance(value, str):
        return "s:" + value
    if isinstance(value, dt.datetime):
        return "t:" + canonical_datetime(value)
    if isinstance(value, dt.date):
        return "d:" + value.isoformat()
    if isinstance(value, dt.time):
        return "h:" + value.strftime("%H:%M:%S.%f")
    if isinstance(value, dt.timedelta):
        return "i:" + str(value // dt.timedelta(microseconds=1))
    if isinstance(value, uuid.UUID):
        return "u:" + str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "x:" + bytes(value).hex()
    if isinstance(value, dict | list | tuple):
        return "j:" + canonical_json(value)
    return "o:" + str(value)


def canonical_row(values: Sequence[Any]) -> str:
    """One row as a compact JSON array of canonical values, ending in a newline."""
    texts = [canonical_value(value) for value in values]
    return json.dumps(texts, ensure_ascii=False, separators=(",", ":")) + "\n"


class TableDigest:
    """Running SHA-256 and row count of one table, fed row by row in key order."""

    def __init__(self, columns: Sequence[str]) -> None:
        self._hash = hashlib.sha256()
        self._hash.update(canonical_row(list(columns)).encode())
        self.rows = 0

    def add(self, values: Sequence[Any]) -> None:
        """Feed the next row."""
        self.add_line(canonical_row(values))

    def add_line(self, line: str) -> None:
        """Feed the next row already in canonical form."""
        self._hash.update(line.encode())
        self.rows += 1

    def hexdigest(self) -> str:
        """The checksum of the header and the rows fed so far."""
        return self._hash.hexdigest()


def table_digest(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> TableDigest:
    """The digest of a whole table given its rows in key order."""
    digest = TableDigest(columns)
    for row in rows:
        digest.add(row)
    return digest


def stream_sha256(stream: BinaryIO) -> tuple[int, str]:
    """Size and SHA-256 of a byte stream read to its end."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()
