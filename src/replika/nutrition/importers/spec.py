"""The e-PPGBM columns: header aliases, cell parsers and the limits the importer applies.

Accepted headers (the first row naming at least two known columns; case, spaces, dots,
dashes and units in brackets are ignored, so ``TB/PB (cm)`` = ``tb/pb``):

Base data (children) — required: nama, tanggal lahir, jenis kelamin, posyandu.
Measurements — required: tanggal ukur, and either nik or nama + tanggal lahir + nama ibu
(matched within the posyandu, or among all of the importer's posyandu when it is blank).
The headers of e-PPGBM's "data pengukuran" export are aliases of these: NIK, Nama, JK,
Tgl Lahir, BB Lahir, TB Lahir, Nama Ortu (the parent, matched like the mother's name),
Posyandu, Alamat, Tanggal Pengukuran, Berat, Tinggi, Cara Ukur, LiLA; Replika's export adds
Edema and Lingkar Kepala.
Ignored: e-PPGBM's computed columns (BB/U, ZS BB/U, TB/U, ZS TB/U, BB/TB, ZS BB/TB, Naik
Berat Badan, Usia Saat Ukur), the place names (Prov, Kab/Kota, Kec, Pukesmas, Desa/Kel, RT,
RW), no, and any column not listed; they are recomputed or not needed.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from replika.core.importing import (
    CellProblem,
    Column,
    FileLimits,
    Limit,
    choice,
    date,
    decimal,
    integer,
    month,
    text,
    yes_no,
)
from replika.nutrition import rules
from replika.nutrition.rules.limits import LIMITS as LIMIT_TABLE

KIND_CHILDREN = "children"
KIND_MEASUREMENTS = "measurements"
KINDS = (
    (KIND_MEASUREMENTS, gettext_lazy("Monthly measurements")),
    (KIND_CHILDREN, gettext_lazy("Base data (children)")),
)
FILE_LIMITS = FileLimits(max_bytes=20 * 1024 * 1024, max_unpacked_bytes=100 * 1024 * 1024)
CHUNK = 2000

# The importer's columns take their ranges from nutrition's one limits table, so a value the
# session page or the API accepts is accepted here too.
LIMITS: dict[str, Limit] = {
    key: Limit(limit.low, limit.high, limit.decimals) for key, limit in LIMIT_TABLE.items()
}
# A blank position is "not known" on the page; in a file a blank cell is simply left out.
MEASURE_WORDS = {word: code for word, code in rules.MEASURE_WORDS.items() if word}
SEX_WORDS = {
    "l": 1,
    "1": 1,
    "laki-laki": 1,
    "laki laki": 1,
    "m": 1,
    "male": 1,
    "p": 2,
    "2": 2,
    "perempuan": 2,
    "f": 2,
    "female": 2,
}


def nik(cell: Any) -> str:
    """A NIK (16 digits); a masked one (``1371********0001``, from an export) counts as blank."""
    value = text(cell).lstrip("'").replace(" ", "")
    if "*" in value:
        return ""
    if value and not rules.NIK_PATTERN.match(value):
        raise CellProblem(_("NIK must be 16 digits"))
    return value


def name(cell: Any) -> str:
    """A person's name with single spaces, cut to the stored length."""
    return " ".join(text(cell).split())[:120]


def family_card(cell: Any) -> str:
    """A family card number: its digits only."""
    return re.sub(r"\D", "", text(cell))[:16]


def address(cell: Any) -> str:
    """An address, cut to the stored length."""
    return text(cell)[:255]


def _measure() -> Any:
    return choice(MEASURE_WORDS, gettext_lazy("use terlentang or berdiri (L or H)"))


def columns() -> dict[str, Column]:
    """Every e-PPGBM column the importer knows, by key (built per run: dates check today)."""
    past = date(not_future=True, today=timezone.localdate())
    found = [
        Column(
            "no_kk",
            ("no kk", "nomor kk", "no kartu keluarga", "family card"),
            family_card,
            blank="",
            personal=True,
        ),
        Column("nik", ("nik", "nik anak", "child nik"), nik, blank="", personal=True),
        Column("name", ("nama", "nama anak", "name", "child name", "nama balita"), name, blank=""),
        Column(
            "birth_date",
            ("tanggal lahir", "tgl lahir", "tanggal lahir anak", "birth date", "dob"),
            past,
        ),
        Column(
            "sex",
            ("jenis kelamin", "jk", "l/p", "sex"),
            choice(SEX_WORDS, gettext_lazy("use L or P")),
        ),
        Column("birth_order", ("anak ke", "anak ke-", "birth order"), integer()),
        Column(
            "birth_weight",
            ("berat lahir", "bb lahir", "birth weight"),
            decimal(LIMITS["birth_weight"]),
        ),
        Column(
            "birth_length",
            ("panjang lahir", "pb lahir", "tb lahir", "birth length"),
            decimal(LIMITS["birth_length"]),
        ),
        Column("mother_nik", ("nik ibu", "mother nik"), nik, blank="", personal=True),
        Column("father_nik", ("nik ayah", "father nik"), nik, blank="", personal=True),
        Column(
            "mother_name",
            (
                "nama ibu",
                "nama ibu kandung",
                "nama ortu",
                "nama orang tua",
                "mother name",
                "mother's name",
            ),
            name,
            blank="",
        ),
        Column("address", ("alamat", "address"), address, blank="", personal=True),
        Column("posyandu", ("posyandu", "nama posyandu", "kode posyandu"), text, blank=""),
        Column("period", ("bulan", "bulan ukur", "bulan pengukuran", "month"), month),
        Column(
            "visit_date", ("tanggal ukur", "tgl ukur", "tanggal pengukuran", "visit date"), past
        ),
        Column("weight", ("bb", "berat", "berat badan", "weight"), decimal(LIMITS["weight"])),
        Column(
            "lenhei",
            (
                "tb/pb",
                "pb/tb",
                "tb",
                "pb",
                "tinggi",
                "tinggi badan",
                "panjang badan",
                "length/height",
                "height",
                "length",
                "lenhei",
            ),
            decimal(LIMITS["lenhei"]),
        ),
        Column(
            "measure",
            ("cara ukur", "posisi", "posisi ukur", "measure", "position"),
            _measure(),
            blank="",
        ),
        Column("oedema", ("edema", "oedema", "bengkak", "edema bilateral"), yes_no, blank=False),
        Column(
            "headc",
            ("lingkar kepala", "lika", "lk", "head circumference"),
            decimal(LIMITS["headc"]),
        ),
        Column(
            "armc",
            ("lila", "lingkar lengan atas", "arm circumference", "muac"),
            decimal(LIMITS["armc"]),
        ),
    ]
    return {column.key: column for column in found}


CHILD_KEYS = (
    "no_kk",
    "nik",
    "name",
    "birth_date",
    "sex",
    "birth_order",
    "birth_weight",
    "birth_length",
    "mother_nik",
    "father_nik",
    "mother_name",
    "address",
    "posyandu",
)
MEASUREMENT_KEYS = (
    "nik",
    "name",
    "birth_date",
    "mother_name",
    "posyandu",
    "period",
    "visit_date",
    "weight",
    "lenhei",
    "measure",
    "oedema",
    "headc",
    "armc",
)
REQUIRED = {
    KIND_CHILDREN: ("name", "birth_date", "sex", "posyandu"),
    KIND_MEASUREMENTS: ("visit_date",),
}
KEYS = {KIND_CHILDREN: CHILD_KEYS, KIND_MEASUREMENTS: MEASUREMENT_KEYS}


def columns_for(kind: str) -> tuple[Column, ...]:
    """The columns of one kind of file, with that kind's required ones marked."""
    known = columns()
    required = REQUIRED[kind]
    return tuple(
        Column(c.key, c.aliases, c.parse, c.key in required, c.blank, c.personal)
        for c in (known[key] for key in KEYS[kind])
    )


# Header texts per column, for the import page's help table.
ALIASES: dict[str, tuple[str, ...]] = {key: c.aliases for key, c in columns().items()}
