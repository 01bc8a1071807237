"""Synthetic e-PPGBM files (children and monthly measurements) for tests and the benchmark.

Values are plausible (around the WHO medians) and NIKs are well formed; nothing is real.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

CHILD_HEADERS = [
    "No KK",
    "NIK Anak",
    "Nama",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Anak Ke-",
    "Berat Lahir",
    "Panjang Lahir",
    "NIK Ibu",
    "Nama Ibu",
    "Alamat",
    "Posyandu",
    "Puskesmas",
]
MEASUREMENT_HEADERS = [
    "NIK",
    "Nama",
    "Tanggal Lahir",
    "Nama Ibu",
    "Posyandu",
    "Bulan",
    "Tanggal Ukur",
    "BB (kg)",
    "TB/PB (cm)",
    "Cara Ukur",
    "Edema",
    "Lingkar Kepala",
    "LiLA",
    "BB/U",
    "TB/U",
    "BB/TB",
]


@dataclass(frozen=True)
class SampleChild:
    """A made-up child of a posyandu."""

    nik: str
    name: str
    sex: int
    birth_date: dt.date
    mother_name: str
    posyandu: str


def nik_for(kecamatan: str, birth: dt.date, female: bool, serial: int) -> str:
    """A well-formed NIK: kecamatan code (6 digits), birth date (day + 40 for girls), serial."""
    day = birth.day + 40 if female else birth.day
    return f"{kecamatan}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 9999 + 1:04d}"


def make_children(
    n: int, posyandus: Sequence[str], born_after: dt.date, seed: int = 7, kecamatan: str = "137102"
) -> list[SampleChild]:
    """``n`` children born on or after ``born_after`` spread over the posyandu names."""
    rng = np.random.default_rng(seed)
    offsets = rng.integers(0, 900, n)
    sexes = rng.integers(1, 3, n)
    children = []
    for i in range(n):
        birth = born_after + dt.timedelta(days=int(offsets[i]))
        sex = int(sexes[i])
        children.append(
            SampleChild(
                nik=nik_for(kecamatan, birth, sex == 2, i),
                name=f"Anak Contoh {i}",
                sex=sex,
                birth_date=birth,
                mother_name=f"Ibu Contoh {i}",
                posyandu=posyandus[i % len(posyandus)],
            )
        )
    return children


def child_rows(children: Sequence[SampleChild]) -> list[list[Any]]:
    """Base-data rows of the children."""
    return [
        [
            "",
            c.nik,
            c.name,
            c.birth_date.isoformat(),
            "L" if c.sex == 1 else "P",
            1,
            "3.1",
            "49.0",
            "",
            c.mother_name,
            "Jl. Contoh",
            c.posyandu,
            "Puskesmas Andalas",
        ]
        for c in children
    ]


def measurement_rows(
    children: Sequence[SampleChild], months: Sequence[dt.date], seed: int = 11
) -> list[list[Any]]:
    """One measurement row per child and month (the 10th), growing plausibly."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in children:
        noise = rng.normal(0, 0.04, 2)
        for month in months:
            visit = month.replace(day=10)
            age_days = (visit - c.birth_date).days
            if age_days < 0:
                continue
            months_old = age_days / 30.4375
            length = (50 + 60 * (months_old / 60) ** 0.6) * (1 + noise[0])
            weight = (3.3 + 14 * (months_old / 60) ** 0.7) * (1 + noise[1])
            rows.append(
                [
                    c.nik,
                    c.name,
                    c.birth_date.isoformat(),
                    c.mother_name,
                    c.posyandu,
                    month.strftime("%Y-%m"),
                    visit.isoformat(),
                    f"{weight:.2f}",
                    f"{length:.1f}",
                    "terlentang" if age_days < 731 else "berdiri",
                    "tidak",
                    "",
                    "",
                    "normal",
                    "normal",
                    "gizi_baik",
                ]
            )
    return rows


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]], delimiter: str = ",") -> bytes:
    """A CSV file's bytes (UTF-8 with BOM, as Excel writes it)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """An xlsx file's bytes with one sheet."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
