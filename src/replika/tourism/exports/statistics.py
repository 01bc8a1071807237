"""BPS-shaped tables and the Satu Data CSV of a place's year, from the statistics selectors.

The figures are aggregates over operators' reports (no personal data); the signed-in page
that offers them checks the user may see the place's statistics.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from replika.core.exporting import Sheet, csv_bytes, xlsx_bytes
from replika.core.models import Wilayah
from replika.tourism.selectors import releases
from replika.tourism.selectors import statistics as stats


def _months(year: int, today: dt.date) -> list[dt.date]:
    """The months of ``year`` that have ended by ``today``."""
    return [dt.date(year, m, 1) for m in range(1, 13) if dt.date(year, m, 1) < today.replace(day=1)]


def _value(value: Any) -> Any:
    return "" if value is None else value


def _status(label: str) -> str:
    """A month's publication state as the office reads it in the workbook."""
    return {
        "published": _("published"),
        "revised": _("changed since publication"),
        "partial": _("partly published"),
    }.get(label, _("provisional"))


def bps_tables_xlsx(
    wilayah: Wilayah, year: int, today: dt.date, states: dict[dt.date, str] | None = None
) -> bytes:
    """Two sheets as BPS publishes them: accommodation rates by month, visits by kecamatan.

    The office's workbook holds every report filed so far; ``states`` (month → publication
    state) labels each month, so provisional figures are never mistaken for released ones.
    """
    states = states or {}
    months = _months(year, today)
    trend = stats.monthly_trend(wilayah, months[-1], len(months)) if months else []
    accommodation = [
        [
            date_format(row["period"], "F"),
            _value(row["tpk"]),
            _value(row["tptt"]),
            _value(row["rlmt_domestic"]),
            _value(row["rlmt_foreign"]),
            _value(row["rlmt"]),
            _value(row["gpr"]),
            row["guests_domestic"],
            row["guests_foreign"],
            row["accommodations_reporting"],
            _status(states.get(row["period"], "")),
        ]
        for row in trend
    ]
    visits = [
        [
            date_format(row["period"], "F"),
            row["visits_domestic"],
            row["visits_foreign"],
            row["visits"],
            row["attractions_reporting"],
            _status(states.get(row["period"], "")),
        ]
        for row in trend
    ]
    by_district: dict[str, list[Any]] = {}
    for month in months:
        for row in stats.visits_by_district(wilayah, month):
            entry = by_district.setdefault(row["code"], [row["name"], 0, 0])
            entry[1] += row["visits_domestic"]
            entry[2] += row["visits_foreign"]
    districts = [
        [name, dom, fgn, dom + fgn]
        for name, dom, fgn in sorted(by_district.values(), key=lambda r: r[0])
    ]
    title = f"{wilayah.name} {year}"
    return xlsx_bytes(
        [
            Sheet(
                title=_("TPK and RLMT"),
                header=[
                    _("Month"),
                    _("TPK (%)"),
                    _("TPTT (%)"),
                    _("RLMT domestic (nights)"),
                    _("RLMT foreign (nights)"),
                    _("RLMT (nights)"),
                    _("GPR"),
                    _("Guests, domestic"),
                    _("Guests, foreign"),
                    _("Accommodations reporting"),
                    _("Status"),
                ],
                rows=[[title], *accommodation],
                widths=(14, 10, 10, 14, 14, 12, 8, 14, 14, 14, 16),
            ),
            Sheet(
                title=_("Visits by month"),
                header=[
                    _("Month"),
                    _("Domestic (wisnus)"),
                    _("Foreign (wisman)"),
                    _("Total"),
                    _("Attractions reporting"),
                    _("Status"),
                ],
                rows=[[title], *visits],
                widths=(14, 16, 16, 12, 14, 16),
            ),
            Sheet(
                title=_("Visits by kecamatan"),
                header=[_("Kecamatan"), _("Domestic (wisnus)"), _("Foreign (wisman)"), _("Total")],
                rows=[[title], *districts],
                widths=(28, 16, 16, 12),
            ),
        ]
    )


def satu_data_csv(wilayah: Wilayah, year: int, today: dt.date) -> bytes:
    """ "Jumlah Kunjungan Wisatawan" in the Satu Data layout: one row a region, month, origin.

    Open data carries published figures only: a month a region has not published is left
    out, and a corrected month carries its re-published figures.
    """
    regions, district = stats.scope(wilayah)
    rows = []
    months = _months(year, today)
    for region in regions:
        found = releases.published_sums([region], district, months)
        named = district or region
        for period in months:
            published = found[period]
            if not published.published:
                continue
            for origin, key in (("WISNUS", "visitors_domestic"), ("WISMAN", "visitors_foreign")):
                rows.append(
                    [
                        "13",
                        "SUMATERA BARAT",
                        named.code,
                        named.name.upper(),
                        period.month,
                        period.year,
                        origin,
                        published.sums[key],
                        "ORANG",
                    ]
                )
    return csv_bytes(
        [
            "kode_provinsi",
            "nama_provinsi",
            "kode_kabupaten_kota",
            "nama_kabupaten_kota",
            "bulan",
            "tahun",
            "jenis_wisatawan",
            "jumlah_kunjungan",
            "satuan",
        ],
        rows,
    )


def file_name(kind: str, wilayah: Wilayah, year: int, extension: str) -> str:
    return f"wisata-{kind}-{wilayah.code.replace('.', '')}-{year}.{extension}"
