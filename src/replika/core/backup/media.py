"""The media folder: listing its files with checksums, and writing them back safely."""

from __future__ import annotations

import hashlib
import os
import tarfile
from pathlib import Path, PurePosixPath
from typing import IO

from replika.core.backup.canonical import CHUNK, stream_sha256
from replika.core.backup.manifest import FileEntry


def media_files(root: Path) -> list[FileEntry]:
    """Every regular file under ``root`` (symbolic links skipped), sorted by path."""
    entries: list[FileEntry] = []
    for path in _regular_files(root):
        with path.open("rb") as stream:
            size, sha256 = stream_sha256(stream)
        entries.append(FileEntry(path=path.relative_to(root).as_posix(), size=size, sha256=sha256))
    return entries


def _regular_files(root: Path) -> list[Path]:
    """Paths of the regular files under ``root``, without following links, sorted."""
    if not root.is_dir():
        return []
    found: list[Path] = []
    for directory, _dirs, names in os.walk(root, followlinks=False):
        for name in names:
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


class HashingReader:
    """A read-only stream that hashes and counts what passes through it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._hash = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        """Read like the wrapped stream, remembering the bytes' checksum."""
        chunk = self._stream.read(size)
        self._hash.update(chunk)
        self.size += len(chunk)
        return chunk

    def hexdigest(self) -> str:
        """SHA-256 of everything read so far."""
        return self._hash.hexdigest()


def add_file(tar: tarfile.TarFile, path: Path, arcname: str, name: str) -> FileEntry:
    """Add one file to the archive, checksumming exactly the bytes that went in."""
    info = tar.gettarinfo(str(path), arcname=arcname)
    # Owner names of the backup machine mean nothing on the machine that restores.
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as stream:
        reader = HashingReader(stream)
        tar.addfile(info, reader)
    return FileEntry(path=name, size=reader.size, sha256=reader.hexdigest())


def add_media(tar: tarfile.TarFile, root: Path, prefix: str) -> list[FileEntry]:
    """Add every media file under ``prefix/`` in the archive; returns their entries."""
    entries = []
    for path in _regular_files(root):
        relative = path.relative_to(root).as_posix()
        entries.append(add_file(tar, path, f"{prefix}/{relative}", relative))
    return entries


def safe_relative(name: str, prefix: str) -> PurePosixPath | None:
    """The path under ``prefix/`` of an archive member, or None if it would escape the folder."""
    if not name.startswith(prefix + "/"):
        return None
    relative = PurePosixPath(name[len(prefix) + 1 :])
    if relative.is_absolute() or not relative.parts or ".." in relative.parts:
        return None
    return relative


def write_member(tar: tarfile.TarFile, member: tarfile.TarInfo, destination: Path) -> None:
    """Write a regular archive member to ``destination``, creating its folders."""
    source = tar.extractfile(member)
    if source is None:
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    with source, destination.open("wb") as target:
        while chunk := source.read(CHUNK):
            target.write(chunk)
