"""Canonical values, table checksums and manifest comparison, without a database."""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from replika.core.backup.canonical import (
    TableDigest,
    canonical_json,
    canonical_number,
    canonical_row,
    canonical_value,
    stream_sha256,
    table_digest,
)
from replika.core.backup.manifest import (
    FileEntry,
    Manifest,
    ManifestError,
    TableSummary,
    file_mismatches,
    manifest_from_json,
    table_mismatches,
)
from replika.core.backup.media import safe_relative

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_booleans_are_not_numbers():
    # SQLite stores booleans as 0/1; Django hands both engines' values back as bool.
    assert canonical_value(True) == "b:true"
    assert canonical_value(False) == "b:false"
    assert canonical_value(1) == "n:1"
    assert canonical_value(True) != canonical_value(1)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("8.10"), "8.1"),
        (Decimal("8.1"), "8.1"),
        (Decimal("8.100000"), "8.1"),
        (Decimal("72.0"), "72"),
        (Decimal("1E+2"), "100"),
        (Decimal("-0.00"), "0"),
        (Decimal("0.0000001"), "0.0000001"),
        (Decimal("12345678901234567890123456789.5"), "12345678901234567890123456789.5"),
        (100.0, "100"),
        (0.1, "0.1"),
        (-2.5, "-2.5"),
        (1e-7, "0.0000001"),
        (7, "7"),
    ],
)
def test_numbers_have_one_text_whatever_their_scale_or_type(value, text):
    assert canonical_number(value) == text


def test_a_decimal_and_the_same_float_agree():
    assert canonical_value(Decimal("0.10")) == canonical_value(0.1)


def test_an_instant_is_the_same_in_any_timezone():
    utc = dt.datetime(2025, 1, 31, 17, 30, tzinfo=dt.UTC)
    jakarta = dt.datetime(2025, 2, 1, 0, 30, tzinfo=JAKARTA)
    assert canonical_value(utc) == canonical_value(jakarta) == "t:2025-01-31T17:30:00.000000Z"


def test_a_naive_datetime_differs_from_an_aware_one():
    naive = dt.datetime(2025, 1, 31, 17, 30)  # noqa: DTZ001 - the point of the test
    assert canonical_value(naive) == "t:2025-01-31T17:30:00.000000"
    assert canonical_value(naive) != canonical_value(naive.replace(tzinfo=dt.UTC))


def test_dates_times_durations_uuids_and_bytes():
    assert canonical_value(dt.date(2025, 3, 1)) == "d:2025-03-01"
    assert canonical_value(dt.time(7, 5)) == "h:07:05:00.000000"
    assert canonical_value(dt.timedelta(seconds=2, microseconds=5)) == "i:2000005"
    key = uuid.UUID("12345678123456781234567812345678")
    assert canonical_value(key) == "u:12345678-1234-5678-1234-567812345678"
    # psycopg returns bytea as memoryview, sqlite3 as bytes.
    assert canonical_value(memoryview(b"\x00\xff")) == canonical_value(b"\x00\xff") == "x:00ff"


def test_json_ignores_key_order_spacing_and_trailing_point_zero():
    # PostgreSQL's jsonb reorders keys and may drop ".0"; SQLite keeps the text as written.
    sqlite_side = json.loads('{"b": [1.0, {"y": 2, "x": "é"}], "a": null}')
    postgres_side = json.loads('{"a": null, "b": [1, {"x": "é", "y": 2.0}]}')
    assert canonical_json(sqlite_side) == canonical_json(postgres_side)
    assert canonical_json(sqlite_side) == '{"a":null,"b":[1,{"x":"é","y":2}]}'
    assert canonical_value(sqlite_side) == "j:" + canonical_json(postgres_side)


def test_json_keeps_real_differences():
    assert canonical_json({"share": 0.5}) != canonical_json({"share": 0.25})
    assert canonical_json([1, 2]) != canonical_json([2, 1])


def test_null_empty_text_and_the_word_null_are_three_values():
    row = canonical_row([None, "", "None", "null"])
    assert row == '[null,"s:","s:None","s:null"]\n'


def test_table_checksum_depends_on_every_value_the_order_and_the_columns():
    rows = [(1, "Siti", Decimal("8.10"), True), (2, "Budi", None, False)]
    base = table_digest(["id", "name", "weight", "active"], rows).hexdigest()
    same = table_digest(
        ["id", "name", "weight", "active"], [(1, "Siti", 8.1, True), (2, "Budi", None, False)]
    )
    assert same.hexdigest() == base
    assert same.rows == 2
    changed = [(1, "Siti", Decimal("8.11"), True), (2, "Budi", None, False)]
    assert table_digest(["id", "name", "weight", "active"], changed).hexdigest() != base
    assert table_digest(["id", "name", "weight", "active"], rows[::-1]).hexdigest() != base
    assert table_digest(["id", "nama", "weight", "active"], rows).hexdigest() != base


def test_an_empty_table_has_a_checksum_of_its_columns():
    assert TableDigest(["id"]).rows == 0
    assert TableDigest(["id"]).hexdigest() != TableDigest(["pk"]).hexdigest()


def test_stream_checksum():
    size, sha = stream_sha256(io.BytesIO(b"abc"))
    assert size == 3
    assert sha == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def manifest(**overrides) -> Manifest:
    values = {
        "created_at": "2025-03-01T08:00:00+07:00",
        "engine": "sqlite",
        "dump": FileEntry(path="database/db.sqlite3", size=10, sha256="d" * 64),
        "migrations": {"core": "0004_x"},
        "tables": {"core_user": TableSummary(rows=2, sha256="a" * 64)},
        "files": [FileEntry(path="jobs/1/hasil.csv", size=4, sha256="f" * 64)],
    }
    return Manifest(**{**values, **overrides})


def test_manifest_survives_json():
    original = manifest()
    assert manifest_from_json(original.to_json()) == original
    data = json.loads(original.to_json())
    assert data["format"] == "replika-backup"
    assert data["format_version"] == 1


def test_manifest_of_another_format_or_version_is_refused():
    data = json.loads(manifest().to_json())
    with pytest.raises(ManifestError, match="not a Replika"):
        manifest_from_json(json.dumps({**data, "format": "other"}))
    with pytest.raises(ManifestError, match="not supported"):
        manifest_from_json(json.dumps({**data, "format_version": 99}))
    with pytest.raises(ManifestError, match="malformed"):
        manifest_from_json(json.dumps({k: v for k, v in data.items() if k != "tables"}))
    with pytest.raises(ManifestError, match="malformed"):
        manifest_from_json("{not json")


def test_table_mismatches_name_each_table_and_the_reason():
    expected = {
        "a": TableSummary(rows=1, sha256="1"),
        "b": TableSummary(rows=2, sha256="2"),
        "c": TableSummary(rows=3, sha256="3"),
        "same": TableSummary(rows=4, sha256="4"),
    }
    actual = {
        "b": TableSummary(rows=5, sha256="2"),
        "c": TableSummary(rows=3, sha256="x"),
        "d": TableSummary(rows=0, sha256="0"),
        "same": TableSummary(rows=4, sha256="4"),
    }
    assert table_mismatches(expected, actual) == [
        "table a: missing after restore",
        "table b: 5 rows, the manifest says 2",
        "table c: content checksum differs",
        "table d: present but not in the manifest",
    ]
    assert table_mismatches(expected, expected) == []


def test_file_mismatches_name_each_file_and_the_reason():
    expected = [
        FileEntry(path="a.pdf", size=1, sha256="1"),
        FileEntry(path="b.csv", size=2, sha256="2"),
        FileEntry(path="c.txt", size=3, sha256="3"),
    ]
    actual = [
        FileEntry(path="b.csv", size=9, sha256="2"),
        FileEntry(path="c.txt", size=3, sha256="x"),
        FileEntry(path="d.txt", size=1, sha256="1"),
    ]
    assert file_mismatches(expected, actual) == [
        "file a.pdf: missing after restore",
        "file b.csv: 9 bytes, the manifest says 2",
        "file c.txt: checksum differs",
        "file d.txt: present but not in the manifest",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("media/jobs/1/hasil.csv", "jobs/1/hasil.csv"),
        ("media/../etc/passwd", None),
        ("media//etc/passwd", None),
        ("media/a/../../b", None),
        ("media/", None),
        ("database/db.sqlite3", None),
        ("mediax/a", None),
    ],
)
def test_media_members_cannot_escape_the_media_folder(name, expected):
    found = safe_relative(name, "media")
    assert (found.as_posix() if found else None) == expected
