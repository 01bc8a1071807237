"""The one import framework for CSV/xlsx uploads; a module supplies columns and a row handler.

``files`` checks and reads the upload (type by content, size, zip bombs, encodings),
``cells`` parses cells, ``spec`` is what a module declares, ``runner`` runs one audited,
traceable import a chunk at a time, ``report`` holds the result and the bad-rows file.

A module's import, in short::

    LIMITS = {"students": Limit(Decimal(0), Decimal(5000), 0)}  # from the module's rules
    COLUMNS = (
        Column("npsn", ("npsn", "kode sekolah"), text, required=True),
        Column("students", ("jumlah siswa",), decimal(LIMITS["students"])),
        Column("opened", ("tanggal buka",), date(not_future=True)),
    )

    class SchoolRows:                      # built per run from the ImportContext
        def parse(self, row): ...          # row.values -> item, or raise RowProblem
        def store(self, chunk): ...        # upsert chunk.rows (refuse clashes), return counts

    SPEC = ImportSpec(kind="schooling.schools", module="schooling", columns=COLUMNS,
                      handler=SchoolRows, after=queue_summary_refresh)
    result = run_import(spec=SPEC, actor=user, file_name=name, content=data, job=job)

Rows the writer stores should point to ``context.run`` (an ``ImportRun``) so that every
row can be traced to the import that last wrote it.
"""

from replika.core.importing.cells import (
    CellProblem,
    Limit,
    choice,
    date,
    date_value,
    decimal,
    integer,
    is_blank,
    month,
    text,
    yes_no,
)
from replika.core.importing.files import (
    CSV,
    XLSX,
    FileLimits,
    FileRefused,
    check_file,
    size_text,
)
from replika.core.importing.report import ImportResult, Problem, bad_rows_csv, neutralise
from replika.core.importing.runner import (
    ImportContext,
    ImportFailed,
    find_header,
    open_table,
    run_import,
)
from replika.core.importing.spec import (
    Chunk,
    Column,
    ImportSpec,
    Row,
    RowHandler,
    RowProblem,
    Written,
    header_key,
)

__all__ = [
    "CSV",
    "XLSX",
    "CellProblem",
    "Chunk",
    "Column",
    "FileLimits",
    "FileRefused",
    "ImportContext",
    "ImportFailed",
    "ImportResult",
    "ImportSpec",
    "Limit",
    "Problem",
    "Row",
    "RowHandler",
    "RowProblem",
    "Written",
    "bad_rows_csv",
    "check_file",
    "choice",
    "date",
    "date_value",
    "decimal",
    "find_header",
    "header_key",
    "integer",
    "is_blank",
    "month",
    "neutralise",
    "open_table",
    "run_import",
    "size_text",
    "text",
    "yes_no",
]
