"""The case line list in Pikobar's export columns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from replika.core.exporting import Sheet, csv_bytes, xlsx_bytes
from replika.core.privacy import mask_nik
from replika.outbreak.selectors import cases as sel

EXPORT_HEADER = [
    "Kode Kasus",
    "Tanggal Lapor",
    "Sumber Lapor",
    "NIK",
    "Nama",
    "Tgl Lahir",
    "JK",
    "Kota",
    "Kecamatan",
    "Kelurahan",
    "Alamat",
    "Telp",
    "Pekerjaan",
    "Gejala",
    "Kondisi Penyerta",
    "Riwayat",
    "Status",
    "Tahapan",
    "Hasil",
]
MAX_ROWS = 50_000


def _rows(user: Any, disease_id: int | None) -> Iterator[list[Any]]:
    personal = sel.shows_personal(user)
    qs = sel.case_list(user, disease_id=disease_id).select_related("district", "location")
    for case in qs[:MAX_ROWS].iterator(chunk_size=2000):
        yield [
            case.code,
            case.reported_on,
            case.unit.name,
            case.nik if personal else mask_nik(case.nik),
            case.name,
            case.birth_date if personal else None,
            case.sex,
            case.region.name,
            case.district.name if case.district else "",
            case.location.name if case.location else "",
            case.address if personal else "",
            case.phone if personal else "",
            case.occupation,
            case.symptoms,
            case.comorbidities,
            case.exposure,
            case.classification,
            case.status,
            case.outcome,
        ]


def cases_csv(user: Any, disease_id: int | None = None) -> bytes:
    return csv_bytes(EXPORT_HEADER, _rows(user, disease_id))


def cases_xlsx(user: Any, disease_id: int | None = None) -> bytes:
    return xlsx_bytes([Sheet(title="Kasus", header=EXPORT_HEADER, rows=_rows(user, disease_id))])
