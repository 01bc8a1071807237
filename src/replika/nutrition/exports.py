"""Exports of monthly measurements in the layout of e-PPGBM's "data pengukuran" (xlsx, CSV)
that re-import unchanged.

The columns are e-PPGBM's, in its order (the importer knows each as an alias), then
Replika's own: oedema, head circumference and the acute malnutrition category with its
reasons. The status columns (BB/U, TB/U, BB/TB) hold e-PPGBM's labels ("Gizi Baik",
"Pendek"), the ZS columns the z-scores, ``Naik Berat Badan`` the N/T/O/B code; they are
recomputed, so the importer ignores them. Without the right to see personal data the NIK
is masked, the address left out, and the row is matched back by name, birth date and
parent's name within the posyandu.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from replika.core.access import scoped
from replika.core.exporting import Sheet, csv_bytes, xlsx_bytes
from replika.core.models import Wilayah
from replika.core.privacy import mask_nik
from replika.nutrition.models import Measurement
from replika.nutrition.permissions import VIEW_PERSONAL, VIEW_REGISTER

# The columns of an e-PPGBM "data pengukuran" export, in its order, then Replika's own:
# oedema and head circumference (so that the file re-imports with nothing changed) and the
# acute malnutrition category with its reasons (gizi buruk on LiLA or oedema shows here).
EPPGBM_HEADERS = (
    "NIK",
    "Nama",
    "JK",
    "Tgl Lahir",
    "BB Lahir",
    "TB Lahir",
    "Nama Ortu",
    "Prov",
    "Kab/Kota",
    "Kec",
    "Pukesmas",
    "Desa/Kel",
    "Posyandu",
    "RT",
    "RW",
    "Alamat",
    "Usia Saat Ukur",
    "Tanggal Pengukuran",
    "Berat",
    "Tinggi",
    "Cara Ukur",
    "LiLA",
    "BB/U",
    "ZS BB/U",
    "TB/U",
    "ZS TB/U",
    "BB/TB",
    "ZS BB/TB",
    "Naik Berat Badan",
)
EXTRA_HEADERS = ("Edema", "Lingkar Kepala", "Status Gizi Akut", "Alasan Status Gizi Akut")
HEADERS = (*EPPGBM_HEADERS, *EXTRA_HEADERS)
MEASURE_WORD = {"l": "Terlentang", "h": "Berdiri", "": ""}
# The status labels as e-PPGBM writes them (Permenkes 2/2020), by Replika's category code.
WEIGHT_FOR_AGE_LABELS = {
    "sangat_kurang": "Berat Badan Sangat Kurang",
    "kurang": "Berat Badan Kurang",
    "normal": "Berat Badan Normal",
    "risiko_lebih": "Risiko Berat Badan Lebih",
}
LENGTH_FOR_AGE_LABELS = {
    "sangat_pendek": "Sangat Pendek",
    "pendek": "Pendek",
    "normal": "Normal",
    "tinggi": "Tinggi",
}
WEIGHT_FOR_LENGTH_LABELS = {
    "gizi_buruk": "Gizi Buruk",
    "gizi_kurang": "Gizi Kurang",
    "gizi_baik": "Gizi Baik",
    "risiko_gizi_lebih": "Berisiko Gizi Lebih",
    "gizi_lebih": "Gizi Lebih",
    "obesitas": "Obesitas",
}
ACUTE_REASON_WORDS = {"bbtb": "BB/TB < -3 SD", "lila": "LiLA", "edema": "Edema"}


def measurements_for_export(
    *, user: Any, place: str, month_from: Any, month_to: Any
) -> QuerySet[Measurement]:
    """The measurements a user may export for a place ("" all, "w<code>", "u<id>") and months."""
    where = Q(period__gte=month_from, period__lte=month_to)
    if place.startswith("u") and place[1:].isdigit():
        where &= Q(unit_id=int(place[1:]))
    elif place.startswith("w"):
        code = place[1:]
        where &= (
            Q(region__code=code) | Q(location__code=code) | Q(location__code__startswith=code + ".")
        )
    return (
        scoped(Measurement.objects.filter(where), user, VIEW_REGISTER)
        .select_related("child", "region__parent", "location__parent", "unit__parent")
        .order_by("unit__name", "child__name", "child_id", "period")
    )


def shows_personal(user: Any, qs: QuerySet[Measurement]) -> bool:
    """Whether the user may see the NIK of every exported row (else all are masked)."""
    return scoped(qs, user, VIEW_PERSONAL).count() == qs.count()


def _number(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _z(value: float | None) -> Decimal | str:
    """A z-score as e-PPGBM shows it, two decimals (a number: a minus sign is no formula)."""
    return "" if value is None else Decimal(f"{value:.2f}")


def age_words(birth: dt.date, on: dt.date) -> str:
    """Age at the measurement as e-PPGBM writes it: "1 Tahun - 5 Bulan - 12 Hari"."""
    months = (on.year - birth.year) * 12 + on.month - birth.month
    if on.day < birth.day:
        months -= 1
    anchor_year, anchor_month = divmod(birth.month - 1 + months, 12)
    anchor_day = min(birth.day, calendar.monthrange(birth.year + anchor_year, anchor_month + 1)[1])
    anchor = dt.date(birth.year + anchor_year, anchor_month + 1, anchor_day)
    years, months = divmod(months, 12)
    return f"{years} Tahun - {months} Bulan - {(on - anchor).days} Hari"


def _places(m: Measurement) -> list[str]:
    """Province, kab/kota, kecamatan, puskesmas and desa/kelurahan of a measurement."""
    location = m.location
    kecamatan = desa = ""
    if location is not None and location.level == Wilayah.VILLAGE:
        desa = location.name
        kecamatan = location.parent.name if location.parent is not None else ""
    elif location is not None and location.level == Wilayah.DISTRICT:
        kecamatan = location.name
    province = m.region.parent.name if m.region.parent is not None else ""
    puskesmas = m.unit.parent.name if m.unit.parent is not None else ""
    return [province, m.region.name, kecamatan, puskesmas, desa]


def row_of(m: Measurement, personal: bool) -> list[Any]:
    """One measurement as e-PPGBM cells, then Replika's extra columns."""
    child = m.child
    acute_words = ", ".join(ACUTE_REASON_WORDS.get(c, c) for c in m.acute_reasons_list)
    return [
        child.nik if personal else mask_nik(child.nik),
        child.name,
        "L" if child.sex == 1 else "P",
        child.birth_date.isoformat(),
        _number(child.birth_weight),
        _number(child.birth_length),
        child.mother_name,
        *_places(m),
        m.unit.code or m.unit.name,
        "",
        "",
        child.address if personal else "",
        age_words(child.birth_date, m.visit_date),
        m.visit_date.isoformat(),
        _number(m.weight),
        _number(m.lenhei),
        MEASURE_WORD.get(m.measure, ""),
        _number(m.armc),
        WEIGHT_FOR_AGE_LABELS.get(m.cat_zwei, ""),
        _z(m.zwei),
        LENGTH_FOR_AGE_LABELS.get(m.cat_zlen, ""),
        _z(m.zlen),
        WEIGHT_FOR_LENGTH_LABELS.get(m.cat_zwfl, ""),
        _z(m.zwfl),
        m.growth,
        "ya" if m.oedema else "tidak",
        _number(m.headc),
        WEIGHT_FOR_LENGTH_LABELS.get(m.cat_acute, ""),
        acute_words,
    ]


def rows(
    qs: QuerySet[Measurement], personal: bool, progress: Callable[[int], None] | None = None
) -> Iterator[list[Any]]:
    """The export's data rows, reporting progress every 2,000."""
    for done, measurement in enumerate(qs.iterator(chunk_size=2000), start=1):
        yield row_of(measurement, personal)
        if progress is not None and done % 2000 == 0:
            progress(done)


def to_csv(data: Iterable[list[Any]]) -> bytes:
    """CSV with a BOM so that Excel reads UTF-8; no cell can start a formula."""
    return csv_bytes(HEADERS, data)


def to_xlsx(data: Iterable[list[Any]]) -> bytes:
    """An xlsx written in streaming mode; every cell is text so NIKs keep their digits."""
    return xlsx_bytes([Sheet("Pengukuran", HEADERS, data)])


def file_name(file_format: str) -> str:
    """A dated file name for the download."""
    return f"pengukuran-eppgbm-{timezone.localdate():%Y%m%d}.{file_format}"
