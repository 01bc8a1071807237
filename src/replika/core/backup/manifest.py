"""The manifest of an archive: what it holds, and how a restored copy is compared with it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

FORMAT = "replika-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_DIR = "database"
MEDIA_DIR = "media"


@dataclass(frozen=True)
class TableSummary:
    """Row count and content checksum of one table."""

    rows: int
    sha256: str


@dataclass(frozen=True)
class FileEntry:
    """One media file: its path under MEDIA_ROOT (with ``/``), size and SHA-256."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """Everything a restore needs to know and check about an archive."""

    created_at: str
    engine: str
    dump: FileEntry
    migrations: dict[str, str] = field(default_factory=dict)
    tables: dict[str, TableSummary] = field(default_factory=dict)
    files: list[FileEntry] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        """The manifest as indented JSON text."""
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class ManifestError(ValueError):
    """The manifest is missing, malformed or of a format this version cannot read."""


def manifest_from_json(text: str | bytes) -> Manifest:
    """Parse a manifest, refusing other formats and newer versions."""
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ManifestError(_("not a Replika backup manifest"))
        if data.get("format_version") != FORMAT_VERSION:
            raise ManifestError(
                _("manifest format %(found)s is not supported (this Replika reads %(ours)s)")
                % {"found": data.get("format_version"), "ours": FORMAT_VERSION}
            )
        return Manifest(
            created_at=str(data["created_at"]),
            engine=str(data["engine"]),
            dump=FileEntry(**data["dump"]),
            migrations={str(k): str(v) for k, v in data["migrations"].items()},
            tables={str(k): TableSummary(**v) for k, v in data["tables"].items()},
            files=[FileEntry(**item) for item in data["files"]],
        )
    except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
        raise ManifestError(_("the manifest is malformed (%(error)s)") % {"error": exc}) from exc


def table_mismatches(
    expected: Mapping[str, TableSummary], actual: Mapping[str, TableSummary]
) -> list[str]:
    """One line per table that is missing, unexpected, or differs in rows or checksum."""
    problems: list[str] = []
    for name in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(name), actual.get(name)
        if got is None:
            problems.append(_("table %(name)s: missing after restore") % {"name": name})
        elif want is None:
            problems.append(_("table %(name)s: present but not in the manifest") % {"name": name})
        elif want.rows != got.rows:
            problems.append(
                _("table %(name)s: %(got)s rows, the manifest says %(want)s")
                % {"name": name, "got": got.rows, "want": want.rows}
            )
        elif want.sha256 != got.sha256:
            problems.append(_("table %(name)s: content checksum differs") % {"name": name})
    return problems


def file_mismatches(expected: list[FileEntry], actual: list[FileEntry]) -> list[str]:
    """One line per media file that is missing, unexpected, or differs in size or checksum."""
    want = {entry.path: entry for entry in expected}
    got = {entry.path: entry for entry in actual}
    problems: list[str] = []
    for path in sorted(want.keys() | got.keys()):
        if path not in got:
            problems.append(_("file %(path)s: missing after restore") % {"path": path})
        elif path not in want:
            problems.append(_("file %(path)s: present but not in the manifest") % {"path": path})
        elif want[path].size != got[path].size:
            problems.append(
                _("file %(path)s: %(got)s bytes, the manifest says %(want)s")
                % {"path": path, "got": got[path].size, "want": want[path].size}
            )
        elif want[path].sha256 != got[path].sha256:
            problems.append(_("file %(path)s: checksum differs") % {"path": path})
    return problems


def summary_counts(manifest: Manifest) -> dict[str, Any]:
    """Totals for a one-line report: tables, rows, files and bytes of files."""
    return {
        "tables": len(manifest.tables),
        "rows": sum(t.rows for t in manifest.tables.values()),
        "files": len(manifest.files),
        "bytes": sum(f.size for f in manifest.files),
    }
