"""Imports of the outbreak module: case line lists (Pikobar's export columns)."""

from replika.outbreak.importers.cases import CASE_COLUMNS, import_case_file, spec_for

__all__ = ["CASE_COLUMNS", "import_case_file", "spec_for"]
