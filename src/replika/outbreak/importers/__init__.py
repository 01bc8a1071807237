"""Imports of the outbreak module: case line lists (Pikobar's export columns) and SKDR W2."""

from replika.outbreak.importers.cases import CASE_COLUMNS, import_case_file, spec_for
from replika.outbreak.importers.skdr import SKDR_COLUMNS, import_skdr_file

__all__ = ["CASE_COLUMNS", "SKDR_COLUMNS", "import_case_file", "import_skdr_file", "spec_for"]
