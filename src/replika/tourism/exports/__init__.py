"""Files made from the statistics: BPS-shaped tables (xlsx) and a Satu Data CSV."""

from replika.tourism.exports.statistics import bps_tables_xlsx, file_name, satu_data_csv

__all__ = ["bps_tables_xlsx", "file_name", "satu_data_csv"]
