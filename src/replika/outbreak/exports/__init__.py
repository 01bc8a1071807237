"""Files made from rows the user may see (core.exporting: no cell can start a formula)."""

from replika.outbreak.exports.cases import EXPORT_HEADER, cases_csv, cases_xlsx

__all__ = ["EXPORT_HEADER", "cases_csv", "cases_xlsx"]
