"""``replika backup`` and ``replika restore`` round-trip a site on the suite's database engine.

Each site is a fresh database (a SQLite file, or a PostgreSQL database made and dropped
here when the suite runs with ``DATABASE_URL=postgres://…``) and its own media folder;
the commands run as separate processes, exactly as an operator runs them.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from replika.core.backup.manifest import Manifest, manifest_from_json

REPO = Path(__file__).resolve().parents[2]
SUITE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SUITE_URL.startswith(("postgres://", "postgresql://"))


class Site:
    """One database and media folder, and the ``replika`` command pointed at them."""

    def __init__(self, home: Path, database_url: str) -> None:
        self.media = home / "media"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "replika.config.settings",
            "DATABASE_URL": database_url,
            "REPLIKA_VAR_DIR": str(home),
            "REPLIKA_MEDIA_ROOT": str(self.media),
        }

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``replika ARGS`` for this site."""
        return self.python("-m", "replika.cli", *args)

    def python(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the project's Python with this site's settings."""
        return subprocess.run(  # noqa: S603 - the project's own Python and fixed arguments
            [sys.executable, *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )


class Sites:
    """Makes fresh, empty sites on the suite's engine and removes them afterwards."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.databases: list[str] = []

    def new(self) -> Site:
        """A site with an empty database and no media folder."""
        name = f"replika_backup_{uuid.uuid4().hex[:12]}"
        home = self.root / name
        home.mkdir()
        if not ON_POSTGRES:
            return Site(home, f"sqlite:///{home / 'replika.sqlite3'}")
        with psycopg.connect(SUITE_URL, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        parts = urlsplit(SUITE_URL)
        return Site(home, urlunsplit(parts._replace(path=f"/{name}")))

    def remove_all(self) -> None:
        """Drop the PostgreSQL databases made here."""
        if not self.databases:
            return
        with psycopg.connect(SUITE_URL, autocommit=True) as connection:
            for name in self.databases:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def succeeded(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """The finished command, after asserting it exited 0 (showing its output if not)."""
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Iterator[Sites]:
    made = Sites(tmp_path_factory.mktemp("backup-sites"))
    yield made
    made.remove_all()


@pytest.fixture(scope="module")
def source(sites, tmp_path_factory) -> tuple[Site, Path]:
    """A site with sample data and files, and its backup archive."""
    site = sites.new()
    load = "import django; django.setup(); from tests.ops.sample_data import main; main()"
    succeeded(site.python("-c", load))
    archive = tmp_path_factory.mktemp("archives") / "replika-backup.tar.gz"
    succeeded(site.run("backup", "--output", str(archive)))
    return site, archive


def read_manifest(archive: Path) -> Manifest:
    """The manifest inside an archive."""
    with tarfile.open(archive, "r:gz") as tar:
        stream = tar.extractfile("manifest.json")
        assert stream is not None
        return manifest_from_json(stream.read())


def rewrite(archive: Path, target: Path, changes: dict[str, bytes]) -> None:
    """Copy an archive, replacing the content of the members named in ``changes``."""
    with tarfile.open(archive, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            stream = old.extractfile(member)
            assert stream is not None
            content = changes.get(member.name, stream.read())
            member.size = len(content)
            new.addfile(member, io.BytesIO(content))


def member_bytes(archive: Path, name: str) -> bytes:
    """One member's content."""
    with tarfile.open(archive, "r:gz") as tar:
        stream = tar.extractfile(name)
        assert stream is not None
        return stream.read()


def renamed_user(dump: bytes, workdir: Path) -> bytes:
    """The same dump with the first user's full name changed (SQLite file or SQL text)."""
    if not ON_POSTGRES:
        copy = workdir / "tampered.sqlite3"
        copy.write_bytes(dump)
        with sqlite3.connect(copy) as connection:
            connection.execute(
                "UPDATE core_user SET full_name = full_name || ' (diubah)' "
                "WHERE id = (SELECT min(id) FROM core_user)"
            )
        connection.close()
        return copy.read_bytes()
    lines = dump.decode().split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("COPY public.core_user "))
    columns = lines[start].split("(", 1)[1].split(")", 1)[0].split(", ")
    values = lines[start + 1].split("\t")
    values[columns.index("full_name")] += " (diubah)"
    lines[start + 1] = "\t".join(values)
    return "\n".join(lines).encode()


def test_restore_into_an_empty_database_reproduces_every_table_and_file(sites, source, tmp_path):
    site, archive = source
    # The archive holds personal data: only its owner may read it.
    assert archive.stat().st_mode & 0o077 == 0
    manifest = read_manifest(archive)
    for table in (
        "core_user",
        "core_membership",
        "core_auditevent",
        "core_job",
        "replication_commitment",
        "nutrition_child",
        "nutrition_measurement",
        "django_tasks_database_dbtaskresult",
    ):
        assert manifest.tables[table].rows > 0, table
    assert manifest.tables["nutrition_measurement"].rows == 9
    assert {f.path for f in manifest.files} >= {"lampiran/profil posyandu.pdf"}

    target = sites.new()
    done = succeeded(target.run("restore", str(archive)))
    # The commands speak the installation's language, Bahasa Indonesia.
    assert "telah dipulihkan dan diperiksa" in done.stdout

    # Checksums read afresh from the restored database and folder equal the original's.
    again = tmp_path / "again.tar.gz"
    succeeded(target.run("backup", "--output", str(again)))
    restored = read_manifest(again)
    assert restored.tables == manifest.tables
    assert restored.files == manifest.files
    assert restored.migrations == manifest.migrations
    for entry in manifest.files:
        original = (site.media / entry.path).read_bytes()
        assert (target.media / entry.path).read_bytes() == original


def test_force_replaces_a_database_that_has_tables(sites, source):
    _site, archive = source
    target = sites.new()
    succeeded(target.run("restore", str(archive)))
    target.media.rename(target.media.with_name("media-old"))
    done = succeeded(target.run("restore", "--force", str(archive)))
    assert "telah dipulihkan dan diperiksa" in done.stdout


def test_restore_into_a_database_with_tables_is_refused(source):
    site, archive = source
    before = read_manifest(archive)
    done = site.run("restore", str(archive))
    assert done.returncode != 0
    assert "sudah memiliki" in done.stderr
    assert "basis data kosong" in done.stderr
    # Nothing was touched: the site's own files are still there.
    assert all((site.media / entry.path).exists() for entry in before.files)


def test_restore_into_a_media_folder_with_files_is_refused(sites, source):
    _site, archive = source
    target = sites.new()
    (target.media / "lama").mkdir(parents=True)
    (target.media / "lama" / "catatan.txt").write_text("jangan ditimpa")
    done = target.run("restore", str(archive))
    assert done.returncode != 0
    assert "MEDIA_ROOT sudah berisi berkas" in done.stderr
    assert (target.media / "lama" / "catatan.txt").read_text() == "jangan ditimpa"


def test_a_damaged_dump_is_refused_before_anything_is_loaded(sites, source, tmp_path):
    _site, archive = source
    manifest = read_manifest(archive)
    tampered = tmp_path / "tampered.tar.gz"
    dump = member_bytes(archive, manifest.dump.path)
    rewrite(archive, tampered, {manifest.dump.path: renamed_user(dump, tmp_path)})
    target = sites.new()
    done = target.run("restore", str(tampered))
    assert done.returncode != 0
    assert "rusak" in done.stderr
    assert "tidak ada yang dipulihkan" in done.stderr


def test_a_changed_row_fails_verification_naming_its_table(sites, source, tmp_path):
    _site, archive = source
    manifest = read_manifest(archive)
    dump = renamed_user(member_bytes(archive, manifest.dump.path), tmp_path)
    # A dump that matches its own manifest entry but holds other rows than were counted.
    data = json.loads(member_bytes(archive, "manifest.json"))
    data["dump"].update(size=len(dump), sha256=hashlib.sha256(dump).hexdigest())
    tampered = tmp_path / "tampered.tar.gz"
    rewrite(
        archive,
        tampered,
        {manifest.dump.path: dump, "manifest.json": json.dumps(data).encode()},
    )
    target = sites.new()
    done = target.run("restore", str(tampered))
    assert done.returncode != 0
    assert "tabel core_user: checksum isi berbeda" in done.stderr
    assert "core_membership" not in done.stderr


def test_a_changed_file_fails_verification_naming_the_file(sites, source, tmp_path):
    _site, archive = source
    tampered = tmp_path / "tampered.tar.gz"
    name = "media/lampiran/profil posyandu.pdf"
    original = member_bytes(archive, name)
    rewrite(archive, tampered, {name: original.replace(b"1.4", b"1.7", 1)})
    target = sites.new()
    done = target.run("restore", str(tampered))
    assert done.returncode != 0
    assert "berkas lampiran/profil posyandu.pdf: checksum berbeda" in done.stderr


def test_an_archive_of_another_engine_is_refused(sites, source, tmp_path):
    _site, archive = source
    data = json.loads(member_bytes(archive, "manifest.json"))
    data["engine"] = "sqlite" if ON_POSTGRES else "postgresql"
    foreign = tmp_path / "foreign.tar.gz"
    rewrite(archive, foreign, {"manifest.json": json.dumps(data).encode()})
    target = sites.new()
    done = target.run("restore", str(foreign))
    assert done.returncode != 0
    assert "pulihkan ke mesin basis data yang sama" in done.stderr
