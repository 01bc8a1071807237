"""Writing a backup archive and restoring one, with the manifest checked after the restore.

The archive is a gzip-compressed tar file::

    database/db.sqlite3 | database/dump.sql   the engine's own dump
    media/<path>                             every file under MEDIA_ROOT
    manifest.json                            format, time, engine, migrations, checksums
"""

from __future__ import annotations

import os
import tarfile
import tempfile
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core.backup import engines
from replika.core.backup.canonical import stream_sha256
from replika.core.backup.manifest import (
    DATABASE_DIR,
    MANIFEST_NAME,
    MEDIA_DIR,
    FileEntry,
    Manifest,
    ManifestError,
    TableSummary,
    file_mismatches,
    manifest_from_json,
    table_mismatches,
)
from replika.core.backup.media import add_file, add_media, media_files, safe_relative, write_member
from replika.core.backup.tables import (
    applied_migrations,
    pending_migrations,
    table_names,
    table_summaries,
    temporary_database,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
SHOWN_TABLES = 5


class BackupError(Exception):
    """A backup or restore that cannot go on, or a restore that failed verification."""


@dataclass(frozen=True)
class BackupResult:
    """Where the archive went and what it holds."""

    path: Path
    manifest: Manifest


@dataclass(frozen=True)
class RestoreResult:
    """The verified manifest, and migrations this code has that the archive had not applied."""

    manifest: Manifest
    pending_migrations: list[str] = field(default_factory=list)


def _engine(connection: BaseDatabaseWrapper) -> str:
    """The engine name used in manifests, refusing engines without a dump tool here."""
    if connection.vendor not in engines.DUMP_NAMES:
        raise BackupError(
            _("backups support SQLite and PostgreSQL, not %(vendor)s")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def default_output() -> Path:
    """``var/backups/replika-backup-<Jakarta time>.tar.gz``."""
    stamp = timezone.now().astimezone(JAKARTA).strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"replika-backup-{stamp}.tar.gz"


def _media_root() -> Path:
    """The configured MEDIA_ROOT, resolved."""
    return Path(settings.MEDIA_ROOT).resolve()


def _snapshot_sqlite(alias: str, dump: Path) -> tuple[dict[str, TableSummary], dict[str, str]]:
    """Copy the SQLite database and read the checksums from the copy, not the live file."""
    engines.sqlite_dump(connections[alias], dump)
    with temporary_database(alias, NAME=str(dump), OPTIONS={}) as snapshot:
        return table_summaries(snapshot), applied_migrations(snapshot)


def _snapshot_postgres(alias: str, dump: Path) -> tuple[dict[str, TableSummary], dict[str, str]]:
    """Dump with pg_dump and read the checksums in one exported snapshot, so both agree."""
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError(_("a backup cannot run inside a database transaction"))
    with connection.cursor() as cursor:
        # Settles the connection (health check, session set-up) before the snapshot begins.
        cursor.execute("SELECT 1")
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        engines.postgres_dump(connection, dump, snapshot)
        return table_summaries(alias), applied_migrations(alias)


def create_backup(*, output: Path | None = None, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write one archive with the database dump, the media files and the manifest."""
    engine = _engine(connections[using])
    media_root = _media_root()
    target = (output or default_output()).resolve()
    if target.is_relative_to(media_root):
        raise BackupError(_("the archive must not be written inside MEDIA_ROOT"))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    created_at = timezone.now().astimezone(JAKARTA).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".replika-backup-") as staging:
        dump = Path(staging) / engines.DUMP_NAMES[engine]
        snapshot = _snapshot_sqlite if engine == engines.SQLITE else _snapshot_postgres
        try:
            tables, migrations = snapshot(using, dump)
        except engines.EngineError as exc:
            raise BackupError(str(exc)) from exc
        try:
            manifest = _write_archive(
                partial,
                dump,
                media_root,
                Manifest(
                    created_at=created_at,
                    engine=engine,
                    dump=FileEntry(path="", size=0, sha256=""),
                    migrations=migrations,
                    tables=tables,
                ),
            )
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(target)
    return BackupResult(path=target, manifest=manifest)


def _write_archive(path: Path, dump: Path, media_root: Path, header: Manifest) -> Manifest:
    """Write the archive readable by its owner only (it holds personal data)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
        member = f"{DATABASE_DIR}/{dump.name}"
        dump_entry = add_file(tar, dump, member, member)
        files = add_media(tar, media_root, MEDIA_DIR)
        manifest = replace(header, dump=dump_entry, files=files)
        _add_bytes(tar, MANIFEST_NAME, manifest.to_json().encode())
    return manifest


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    """Add an in-memory file to the archive."""
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    tar.addfile(info, BytesIO(content))


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    """The manifest of an opened archive."""
    try:
        member = tar.getmember(MANIFEST_NAME)
    except KeyError as exc:
        raise BackupError(_("the archive has no manifest.json: not a Replika backup")) from exc
    stream = tar.extractfile(member)
    if stream is None:
        raise BackupError(_("the archive's manifest.json is not a file"))
    try:
        return manifest_from_json(stream.read())
    except ManifestError as exc:
        raise BackupError(str(exc)) from exc


def _check_target(alias: str, manifest: Manifest, media_root: Path, *, force: bool) -> list[str]:
    """Refuse another engine, tables in the database (unless forced) and files in MEDIA_ROOT."""
    connection = connections[alias]
    if manifest.engine != _engine(connection):
        raise BackupError(
            _(
                "the archive holds a %(archive)s database but this Replika uses %(target)s: "
                "restore into the same engine"
            )
            % {"archive": manifest.engine, "target": connection.vendor}
        )
    existing = table_names(alias)
    if existing and not force:
        shown = ", ".join(existing[:SHOWN_TABLES]) + (", …" if len(existing) > SHOWN_TABLES else "")
        raise BackupError(
            _(
                "the database already has %(count)s tables (%(names)s): restore only into an "
                "empty database, or pass --force to replace it"
            )
            % {"count": len(existing), "names": shown}
        )
    # Even with --force, files are never deleted: someone moves them away on purpose.
    if media_files(media_root):
        raise BackupError(
            _(
                "MEDIA_ROOT already holds files: restore only into an empty media folder "
                "(move the files away first)"
            )
        )
    return existing


def _extract_dump(tar: tarfile.TarFile, manifest: Manifest, staging: Path) -> Path:
    """Extract the database dump and check it against the manifest before loading it."""
    try:
        member = tar.getmember(manifest.dump.path)
    except KeyError as exc:
        raise BackupError(_("the archive has no database dump")) from exc
    dump = staging / Path(manifest.dump.path).name
    write_member(tar, member, dump)
    with dump.open("rb") as stream:
        size, sha256 = stream_sha256(stream)
    if (size, sha256) != (manifest.dump.size, manifest.dump.sha256):
        raise BackupError(
            _(
                "the database dump is damaged (its checksum differs from the manifest): "
                "nothing was restored"
            )
        )
    return dump


def _extract_media(tar: tarfile.TarFile, media_root: Path) -> None:
    """Write every media member of the archive under MEDIA_ROOT, refusing escaping paths."""
    for member in tar.getmembers():
        if member.isdir():
            continue
        relative = safe_relative(member.name, MEDIA_DIR)
        # Links and devices could point outside MEDIA_ROOT: only plain files are written.
        if member.name.startswith(MEDIA_DIR + "/") and (relative is None or not member.isfile()):
            raise BackupError(
                _("the archive holds an unsafe media entry: %(name)s") % {"name": member.name}
            )
        if relative is not None:
            write_member(tar, member, media_root.joinpath(*relative.parts))


def restore_backup(
    *, archive: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> RestoreResult:
    """Restore an archive into an empty database and media folder, then verify the manifest."""
    if not archive.is_file():
        raise BackupError(_("no such archive: %(path)s") % {"path": archive})
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 - closed by the `with` below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(_("not a readable .tar.gz archive: %(error)s") % {"error": exc}) from exc
    media_root = _media_root()
    connection = connections[using]
    with tar, tempfile.TemporaryDirectory(prefix=".replika-restore-") as staging:
        manifest = read_manifest(tar)
        existing = _check_target(using, manifest, media_root, force=force)
        dump = _extract_dump(tar, manifest, Path(staging))
        try:
            if manifest.engine == engines.SQLITE:
                engines.sqlite_load(connection, dump)
            else:
                if existing:
                    engines.postgres_clear(connection)
                engines.postgres_load(connection, dump)
        except engines.EngineError as exc:
            raise BackupError(str(exc)) from exc
        _extract_media(tar, media_root)
    problems = table_mismatches(manifest.tables, table_summaries(using))
    problems += file_mismatches(manifest.files, media_files(media_root))
    if problems:
        raise BackupError(
            _("the restored data does not match the manifest; do not use it:")
            + "".join(f"\n  - {problem}" for problem in problems)
        )
    return RestoreResult(manifest=manifest, pending_migrations=pending_migrations(using))
