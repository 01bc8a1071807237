"""The one import framework for CSV/xlsx uploads; a module supplies columns and a row handler.

``files`` checks and reads the upload, ``cells`` parses cells, ``spec`` is what a module
declares, ``runner`` runs one audited, traceable import, ``report`` holds the result and
the bad-rows file.
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
