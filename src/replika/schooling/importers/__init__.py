"""Case imports on the core framework: the Kemendikbud ATS list, a SIPBM extract, the template.

Each kind is a column spec (with the header names its source files use) over one row
handler that checks a row as a form would and upserts the cases a chunk at a time: a case is
matched by NIK, else by name, birth date and guardian in the kab/kota, so importing the same
file again creates nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from replika.core.importing import (
    FileRefused,
    ImportFailed,
    ImportResult,
    bad_rows_csv,
    run_import,
)
from replika.core.models import Job, User, Wilayah
from replika.schooling.importers.cases import KINDS, SPECS

__all__ = [
    "KINDS",
    "SPECS",
    "FileRefused",
    "ImportFailed",
    "ImportResult",
    "bad_rows",
    "import_file",
]


def import_file(
    *,
    user: User | None,
    kind: str,
    content: bytes,
    file_name: str,
    region: Wilayah | None = None,
    job: Job | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import every good row of a case list as ``user`` and report every bad one."""
    return run_import(
        spec=SPECS[kind],
        actor=user,
        file_name=file_name,
        content=content,
        region=region,
        job=job,
        progress=progress,
    )


def bad_rows(result: ImportResult) -> bytes:
    """The bad-rows file of an import: each bad row's reason and its own cells."""
    return bad_rows_csv(result.problems, result.headers)
