"""e-PPGBM imports (children and monthly measurements) on the core import framework.

``spec`` declares the columns, ``children`` and ``measurements`` parse and write rows,
``places`` scopes them: a row for a posyandu or child outside the importer's area
(IMPORT_DATA) is a bad row and never written. Re-importing a file adds nothing: children
match by NIK or name + birth date + mother, measurements upsert by child and month.
After an import that wrote rows, the refresh of the summaries it marked is queued.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import transaction

from replika.core.importing import (
    CellProblem,
    FileRefused,
    ImportContext,
    ImportFailed,
    ImportResult,
    ImportSpec,
    Problem,
    RowProblem,
    bad_rows_csv,
    date_value,
    is_blank,
    run_import,
)
from replika.core.importing import find_header as core_find_header
from replika.core.models import Job, User, Wilayah
from replika.nutrition.importers import spec
from replika.nutrition.importers.children import ChildRows
from replika.nutrition.importers.measurements import MeasurementRows
from replika.nutrition.importers.preview import Preview, has_this_months_values, preview_file
from replika.nutrition.importers.spec import (
    ALIASES,
    KIND_CHILDREN,
    KIND_MEASUREMENTS,
    KINDS,
    REQUIRED,
)

__all__ = [
    "ALIASES",
    "KINDS",
    "KIND_CHILDREN",
    "KIND_MEASUREMENTS",
    "REQUIRED",
    "FileRefused",
    "ImportFailed",
    "ImportResult",
    "Preview",
    "Problem",
    "RowProblem",
    "find_header",
    "has_this_months_values",
    "import_file",
    "map_headers",
    "parse_date",
    "parse_decimal",
    "parse_measure",
    "preview_file",
    "problems_csv",
    "spec_for",
]


def _queue_summary_refresh(context: ImportContext) -> None:
    """Queue the refresh of the posyandu-months the import marked, once its rows commit."""
    from replika.nutrition.services.summaries import refresh_dirty_summaries

    transaction.on_commit(lambda: refresh_dirty_summaries.enqueue())


def spec_for(kind: str) -> ImportSpec:
    """The import spec of one kind of e-PPGBM file (limits and chunk size read now)."""
    handlers: dict[str, Callable[[ImportContext], Any]] = {
        KIND_CHILDREN: ChildRows.start,
        KIND_MEASUREMENTS: MeasurementRows.start,
    }
    return ImportSpec(
        kind=f"nutrition.{kind}",
        module="nutrition",
        columns=spec.columns_for(kind),
        handler=handlers[kind],
        limits=spec.FILE_LIMITS,
        chunk_size=spec.CHUNK,
        after=_queue_summary_refresh,
    )


def import_file(
    *,
    user: User,
    kind: str,
    file_type: str,
    content: bytes,
    progress: Callable[[int, int], None] | None = None,
    file_name: str = "",
    region: Wilayah | None = None,
    job: Job | None = None,
) -> ImportResult:
    """Import every good row of an e-PPGBM file as ``user`` and report every bad one."""
    return run_import(
        spec=spec_for(kind),
        actor=user,
        file_name=file_name or f"e-ppgbm.{file_type}",
        content=content,
        region=region,
        job=job,
        progress=progress,
    )


def problems_csv(result: ImportResult) -> bytes:
    """The bad-rows file of an import: each bad row's reason and its own cells."""
    return bad_rows_csv(result.problems, result.headers)


# --- single cells, for the API, which takes the same values one measurement at a time ------


def _every_column() -> ImportSpec:
    """A spec knowing every e-PPGBM column, for matching headers of either kind."""
    return dataclasses.replace(spec_for(KIND_MEASUREMENTS), columns=tuple(spec.columns().values()))


def map_headers(row: Sequence[Any]) -> dict[str, int]:
    """Known column key -> index in a header row (either kind of file)."""
    return _every_column().map_headers(row)


def find_header(rows: Iterator[Sequence[Any]]) -> tuple[dict[str, int], list[str], int]:
    """The header mapping, its texts and its row number (title rows may come first)."""
    return core_find_header(_every_column(), rows)


def _cell(key: str, cell: Any) -> Any:
    """One cell parsed by its e-PPGBM column; a blank one is the column's blank value."""
    column = spec.columns()[key]
    if is_blank(cell):
        return column.blank
    try:
        return column.parse(cell)
    except CellProblem as problem:
        raise RowProblem(key, problem.reason) from problem


def parse_date(key: str, cell: Any) -> Any:
    """A date as the importer reads it (2026-01-31, 31/01/2026, a date)."""
    try:
        return date_value(cell)
    except CellProblem as problem:
        raise RowProblem(key, problem.reason) from problem


def parse_decimal(key: str, cell: Any) -> Any:
    """A measured value within its plausible range, rounded to its stored decimals."""
    return _cell(key, cell)


def parse_measure(cell: Any) -> str:
    """The measuring position: "l" lying, "h" standing, "" unknown."""
    return str(_cell("measure", cell))
