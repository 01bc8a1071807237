"""e-PPGBM-layout exports of monthly measurements (xlsx and CSV) that re-import unchanged.

The columns are those ``importers`` accepts; the computed status columns (BB/U, TB/U,
BB/TB) carry Replika's Permenkes categories and are ignored on import. Without the right to
see personal data the NIK is masked and the row is matched back by name, birth date and
mother's name within the posyandu.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from replika.core.access import scoped
from replika.core.exporting import Sheet, csv_bytes, xlsx_bytes
from replika.core.privacy import mask_nik
from replika.nutrition.models import Measurement
from replika.nutrition.permissions import VIEW_PERSONAL, VIEW_REGISTER

HEADERS = (
    "NIK",
    "Nama",
    "Tanggal Lahir",
    "JK",
    "Nama Ibu",
    "Posyandu",
    "Bulan",
    "Tanggal Ukur",
    "BB (kg)",
    "TB/PB (cm)",
    "Cara Ukur",
    "Edema",
    "Lingkar Kepala (cm)",
    "LiLA (cm)",
    "BB/U",
    "TB/U",
    "BB/TB",
)
MEASURE_WORD = {"l": "terlentang", "h": "berdiri", "": ""}


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
        .select_related("child", "unit")
        .order_by("unit__name", "child__name", "child_id", "period")
    )


def shows_personal(user: Any, qs: QuerySet[Measurement]) -> bool:
    """Whether the user may see the NIK of every exported row (else all are masked)."""
    return scoped(qs, user, VIEW_PERSONAL).count() == qs.count()


def _number(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def row_of(m: Measurement, personal: bool) -> list[str]:
    """One measurement as e-PPGBM cells."""
    child = m.child
    return [
        child.nik if personal else mask_nik(child.nik),
        child.name,
        child.birth_date.isoformat(),
        "L" if child.sex == 1 else "P",
        child.mother_name,
        m.unit.code or m.unit.name,
        m.period.strftime("%Y-%m"),
        m.visit_date.isoformat(),
        _number(m.weight),
        _number(m.lenhei),
        MEASURE_WORD.get(m.measure, ""),
        "ya" if m.oedema else "tidak",
        _number(m.headc),
        _number(m.armc),
        m.cat_zwei,
        m.cat_zlen,
        m.cat_zwfl,
    ]


def rows(
    qs: QuerySet[Measurement], personal: bool, progress: Callable[[int], None] | None = None
) -> Iterator[list[str]]:
    """The export's data rows, reporting progress every 2,000."""
    for done, measurement in enumerate(qs.iterator(chunk_size=2000), start=1):
        yield row_of(measurement, personal)
        if progress is not None and done % 2000 == 0:
            progress(done)


def to_csv(data: Iterable[list[str]]) -> bytes:
    """CSV with a BOM so that Excel reads UTF-8; no cell can start a formula."""
    return csv_bytes(HEADERS, data)


def to_xlsx(data: Iterable[list[str]]) -> bytes:
    """An xlsx written in streaming mode; every cell is text so NIKs keep their digits."""
    return xlsx_bytes([Sheet("Pengukuran", HEADERS, data)])


def file_name(file_format: str) -> str:
    """A dated file name for the download."""
    return f"pengukuran-eppgbm-{timezone.localdate():%Y%m%d}.{file_format}"
