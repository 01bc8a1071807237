"""SKDR W2 weekly counts from a file: one row per facility, disease and week; a row sent
again corrects the week (a re-import of the same file changes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from replika.core.access import scoped
from replika.core.importing import (
    Chunk,
    Column,
    ImportContext,
    ImportResult,
    ImportSpec,
    Row,
    RowProblem,
    integer,
    run_import,
    text,
)
from replika.core.models import Unit
from replika.outbreak import unit_kinds
from replika.outbreak.models import Disease
from replika.outbreak.permissions import REPORT_SKDR
from replika.outbreak.selectors import cases as case_selectors
from replika.outbreak.selectors import skdr as skdr_selectors
from replika.outbreak.services.skdr import weekly_report_submit

SKDR_COLUMNS = (
    Column("unit", ("Puskesmas", "Faskes", "Kode Faskes", "facility"), text, required=True),
    Column("disease", ("Penyakit", "Kode SKDR", "disease"), text, required=True),
    Column("year", ("Tahun", "year"), integer(2000, 2100), required=True),
    Column("week", ("Minggu", "Minggu Epid", "week"), integer(1, 53), required=True),
    Column("cases", ("Kasus", "Jumlah Kasus", "cases"), integer(0, 1_000_000), required=True),
    Column("deaths", ("Kematian", "Meninggal", "deaths"), integer(0, 1_000_000), blank=0),
    Column("visits", ("Kunjungan", "Total Kunjungan", "visits"), integer(0, 10_000_000)),
)


@dataclass
class SkdrRows:
    """Row parser and writer of one SKDR import, as the user who uploaded the file."""

    context: ImportContext
    units: dict[str, Unit] = field(default_factory=dict)
    diseases: dict[tuple[int, str], Disease] = field(default_factory=dict)

    @classmethod
    def start(cls, context: ImportContext) -> SkdrRows:
        facilities = scoped(
            Unit.objects.filter(kind__in=unit_kinds.REPORTING, active=True),
            context.actor,
            REPORT_SKDR,
        )
        units: dict[str, Unit] = {}
        for unit in facilities:
            units[unit.name.casefold()] = unit
            if unit.code:
                units[unit.code.casefold()] = unit
        regions = {u.region_id for u in units.values()}
        diseases: dict[tuple[int, str], Disease] = {}
        for disease in case_selectors.diseases_of_regions(regions):
            diseases[(disease.region_id, disease.code.casefold())] = disease
            if disease.skdr_code:
                diseases[(disease.region_id, disease.skdr_code.casefold())] = disease
        return cls(context, units, diseases)

    def parse(self, row: Row) -> dict[str, Any]:
        v = row.values
        unit = self.units.get(str(v["unit"]).strip().casefold())
        if unit is None:
            raise RowProblem("unit", _("Not a facility you report for."))
        disease = self.diseases.get((unit.region_id, str(v["disease"]).strip().casefold()))
        if disease is None:
            raise RowProblem("disease", _("Not a disease tracked in the facility's region."))
        return {
            "unit": unit,
            "disease": disease,
            "year": v["year"],
            "week": v["week"],
            "cases": v["cases"],
            "deaths": v["deaths"] or 0,
            "visits": v["visits"],
        }

    def store(self, chunk: Chunk[dict[str, Any]]) -> Any:
        created = updated = unchanged = 0
        for row, values in chunk.rows:
            same = skdr_selectors.weekly_report_at(
                values["unit"], values["disease"], values["year"], values["week"]
            )
            if same is not None and (same.cases, same.deaths, same.visits) == (
                values["cases"],
                values["deaths"],
                values["visits"],
            ):
                unchanged += 1
                continue
            try:
                with transaction.atomic():
                    weekly_report_submit(actor=self.context.actor, **values)
            except ValidationError as exc:
                key, messages = next(iter(exc.message_dict.items()))
                chunk.refuse(row, key if key in values else "week", messages[0])
                continue
            if same is None:
                created += 1
            else:
                updated += 1
        return _Counts(created=created, updated=updated, unchanged=unchanged)


@dataclass
class _Counts:
    created: int
    updated: int
    unchanged: int


SKDR_SPEC = ImportSpec(
    kind="outbreak.skdr",
    module="outbreak",
    columns=SKDR_COLUMNS,
    handler=SkdrRows.start,
    chunk_size=500,
)


def import_skdr_file(
    *,
    actor: Any,
    content: bytes,
    file_name: str = "skdr.csv",
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a W2 file as ``actor``: only facilities they report for are accepted."""
    return run_import(
        spec=SKDR_SPEC, actor=actor, file_name=file_name, content=content, progress=progress
    )
