"""Running one import: file checks, header, rows parsed and written a chunk at a time.

Unit of atomicity: a refused file writes nothing (every file-level check happens before
the first row is written); good rows are committed a chunk at a time, each chunk in one
transaction together with the run's counters, so when a run fails half-way its
``ImportRun`` says exactly which rows were committed (and the error says so too).
Exactly one audit event is written per run, whatever the outcome.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.importing.cells import CellProblem, is_blank, text
from replika.core.importing.files import (
    CSV,
    DELIMITERS,
    FileRefused,
    RawRows,
    check_file,
    csv_rows,
    decode,
    head_lines,
    xlsx_rows,
)
from replika.core.importing.report import ImportResult, Problem
from replika.core.importing.spec import Chunk, Column, ImportSpec, Row, RowProblem
from replika.core.models import ImportRun, ImportRunStatus, Job, User, Wilayah
from replika.core.privacy import mask_value
from replika.core.uploads import display_name

Progress = Callable[[int, int], None]


class ImportFailed(Exception):
    """The run stopped on an unexpected error; ``result`` counts what had been committed."""

    def __init__(self, result: ImportResult, cause: BaseException) -> None:
        super().__init__(type(cause).__name__)
        self.result = result
        self.cause = cause


@dataclass
class ImportContext:
    """What a module's row handler knows of the run it serves."""

    actor: User | None
    run: ImportRun
    spec: ImportSpec
    region: Wilayah | None
    # The keys of the columns the file has (known once its header is read): a handler may
    # keep stored values of columns the file does not carry instead of blanking them.
    columns: frozenset[str] = frozenset()


@dataclass
class Table:
    """A file opened for import: the header found, and the data rows after it."""

    columns: dict[str, int]
    headers: list[str]
    header_number: int
    rows: Iterator[Sequence[Any]]
    total: int


# --- the header ----------------------------------------------------------------------------


def find_header(
    spec: ImportSpec, rows: Iterator[Sequence[Any]], first_number: int = 1
) -> tuple[dict[str, int], list[str], int]:
    """The header (the first row naming enough known columns), its texts and row number."""
    for offset, row in enumerate(rows):
        columns = spec.map_headers(row)
        if len(columns) >= spec.header_min_columns:
            return columns, [text(c) for c in row], first_number + offset
        if offset + 1 >= spec.header_scan_rows:
            break
    raise FileRefused(_("No header row with the expected column names was found."))


def detect_delimiter(spec: ImportSpec, head: str) -> str:
    """The delimiter (``,`` ``;`` tab ``|``) that makes a header row appear earliest."""
    best: tuple[int, int] | None = None
    chosen = ","
    for delimiter in DELIMITERS:
        rows = list(csv.reader(head.splitlines(), delimiter=delimiter))
        for number, row in enumerate(rows):
            known = len(spec.map_headers(row))
            if known >= spec.header_min_columns:
                # Earlier header wins; on the same row, more known columns wins.
                score = (number, -known)
                if best is None or score < best:
                    best, chosen = score, delimiter
                break
    return chosen


def open_table(spec: ImportSpec, file_type: str, content: bytes) -> Table:
    """Find the header and check the columns and row count before anything is written."""
    raw: RawRows
    if file_type == CSV:
        body = decode(content)
        try:
            raw = csv_rows(body, detect_delimiter(spec, head_lines(body, spec.header_scan_rows)))
        except csv.Error as exc:
            raise FileRefused(_("This is not a CSV text file.")) from exc
    else:
        raw = xlsx_rows(content)
    columns, headers, number = find_header(spec, raw.rows, raw.first_number)
    missing = [c.name for c in spec.columns if c.required and c.key not in columns]
    if missing:
        raise FileRefused(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    total = raw.total - (number - raw.first_number + 1)
    if total > spec.limits.max_rows:
        raise FileRefused(
            _("The file has more than %(rows)s rows.")
            % {"rows": number_format(spec.limits.max_rows, force_grouping=True)}
        )
    return Table(columns, headers, number, raw.rows, total)


# --- rows ------------------------------------------------------------------------------------


class _Rows:
    """Parses rows by the spec's columns and reports bad ones, for one run."""

    def __init__(self, spec: ImportSpec, table: Table, result: ImportResult) -> None:
        self.table = table
        self.result = result
        self.spec = spec
        self.present: list[tuple[str, int, Column]] = [
            (c.key, table.columns[c.key], c) for c in spec.columns if c.key in table.columns
        ]
        self.absent = {c.key: c.blank for c in spec.columns if c.key not in table.columns}
        self.personal = {
            table.columns[c.key] for c in spec.columns if c.personal and c.key in table.columns
        }

    def values(self, number: int, cells: Sequence[Any]) -> dict[str, Any] | None:
        """The row's cells parsed by their columns; None (and reported) if any cell is bad."""
        # This loop runs for every cell of a file: keep it free of needless calls.
        values = self.absent.copy()
        width = len(cells)
        bad = False
        for key, index, column in self.present:
            cell = cells[index] if index < width else None
            if cell is None or (type(cell) is str and (not cell or cell.isspace())):
                if column.required:
                    self.refuse(number, cells, key, _("required"))
                    bad = True
                values[key] = column.blank
                continue
            try:
                values[key] = column.parse(cell)
            except CellProblem as problem:
                self.refuse(number, cells, key, problem.reason)
                bad = True
        return None if bad else values

    def refuse(self, number: int, cells: Sequence[Any], key: str, reason: str) -> None:
        """Report one bad cell with the file's own header, value and row."""
        index = self.table.columns.get(key)
        if index is not None:
            column = self.table.headers[index] or key
        else:
            known = [c.name for c in self.spec.columns if c.key == key]
            column = known[0] if known else key
        shown = [
            str(mask_value(text(c))) if i in self.personal else text(c) for i, c in enumerate(cells)
        ]
        value = ""
        if index is not None and index not in self.personal and index < len(cells):
            value = shown[index]
        self.result.problems.append(Problem(number, column, value, reason, tuple(shown)))


def _store_chunk(
    rows: _Rows, handler: Any, run: ImportRun, chunk: list[tuple[int, Sequence[Any]]]
) -> None:
    """Parse one chunk, then write its good rows and the run's counters in one transaction."""
    parsed: list[tuple[Row, Any]] = []
    for number, cells in chunk:
        values = rows.values(number, cells)
        if values is None:
            continue
        row = Row(number, cells, values)
        try:
            parsed.append((row, handler.parse(row)))
        except RowProblem as problem:
            rows.refuse(number, cells, problem.key, problem.reason)
    result = rows.result
    with transaction.atomic():
        written = handler.store(
            Chunk(parsed, lambda row, key, reason: rows.refuse(row.number, row.cells, key, reason))
        )
        result.add(written)
        ImportRun.objects.filter(pk=run.pk).update(
            read=result.read,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            refused=result.refused,
        )


def _process(
    spec: ImportSpec, context: ImportContext, table: Table, result: ImportResult, progress: Any
) -> None:
    """Read every data row, skipping blank ones, and store them a chunk at a time."""
    handler = spec.handler(context)
    rows = _Rows(spec, table, result)
    chunk: list[tuple[int, Sequence[Any]]] = []
    for number, cells in enumerate(table.rows, start=table.header_number + 1):
        if all(is_blank(c) for c in cells):
            continue
        result.read += 1
        chunk.append((number, cells))
        if len(chunk) >= spec.chunk_size:
            _store_chunk(rows, handler, context.run, chunk)
            chunk = []
            if progress is not None:
                progress(result.read, max(table.total, result.read))
    if chunk:
        _store_chunk(rows, handler, context.run, chunk)
    result.problems.sort(key=lambda p: p.row)


# --- the run -------------------------------------------------------------------------------


def _finish(
    spec: ImportSpec, run: ImportRun, result: ImportResult, status: str, reason: str = ""
) -> None:
    """Store how the run ended, then its one audit event."""
    run.status = status
    run.reason = reason[:255]
    run.read, run.created, run.updated = result.read, result.created, result.updated
    run.unchanged, run.refused = result.unchanged, result.refused
    run.finished_at = timezone.now()
    run.save()
    extra = {
        **result.counts(),
        "file": run.file_name,
        "file_type": run.file_type,
        "status": status,
        "reason": run.reason,
        "run": run.pk,
    }
    audit.record(actor=run.actor, action=spec.audit_action, instance=run, after={}, extra=extra)


def run_import(
    *,
    spec: ImportSpec,
    actor: User | None,
    file_name: str,
    content: bytes,
    region: Wilayah | None = None,
    job: Job | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import every good row of a file and report every bad one, as one audited run.

    Raises FileRefused (nothing written) or ImportFailed (``result`` says what was
    committed); both once the run and its audit event are stored.
    """
    run = ImportRun.objects.create(
        kind=spec.kind, actor=actor, region=region, job=job, file_name=display_name(file_name)
    )
    result = ImportResult(kind=spec.kind, run_id=run.pk)
    context = ImportContext(actor=actor, run=run, spec=spec, region=region)
    failure: Exception | None = None
    try:
        run.file_type = check_file(file_name, content, spec.limits)
        table = open_table(spec, run.file_type, content)
        context.columns = frozenset(table.columns)
        result.headers = table.headers
        _process(spec, context, table, result, progress)
    except FileRefused as refused:
        _finish(spec, run, result, ImportRunStatus.REFUSED, str(refused))
        raise
    except Exception as exc:
        failure = exc
    if result.written and spec.after is not None:
        # Also after a failure: the chunks committed before it changed the summaries too.
        try:
            spec.after(context)
        except Exception as exc:
            failure = failure or exc
    if failure is not None:
        _finish(spec, run, result, ImportRunStatus.FAILED, type(failure).__name__)
        raise ImportFailed(result, failure) from failure
    _finish(spec, run, result, ImportRunStatus.DONE)
    return result
