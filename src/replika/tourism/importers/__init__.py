"""Import of monthly reports from a spreadsheet (an office filing on behalf in bulk).

One row is one entry's month: the entry by its registry number (``id``) or its exact name,
the month, then the figures of its kind. A row the rules refuse is reported with the
column and the reason; a re-import of the same file changes nothing, and a changed figure
becomes a correction with its history, as when typed in the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core.access import live_region_ids, scoped
from replika.core.importing import (
    Chunk,
    Column,
    FileRefused,
    ImportContext,
    ImportFailed,
    ImportResult,
    ImportSpec,
    Row,
    RowProblem,
    bad_rows_csv,
    integer,
    month,
    run_import,
    text,
)
from replika.core.models import Job, User
from replika.tourism.models import Place
from replika.tourism.permissions import FILE_ON_BEHALF, IMPORT_DATA
from replika.tourism.rules.limits import LIMITS
from replika.tourism.services import reports as report_services

_COUNT = integer(*LIMITS["count"])
COLUMNS = (
    Column("place", ("tempat", "id tempat", "nama tempat", "place", "usaha"), text, required=True),
    Column("period", ("bulan", "periode", "month"), month, required=True),
    Column("rooms", ("kamar tersedia", "jumlah kamar", "rooms"), integer(*LIMITS["rooms"])),
    Column(
        "beds", ("tempat tidur tersedia", "jumlah tempat tidur", "beds"), integer(*LIMITS["beds"])
    ),
    Column("days", ("hari buka", "days"), integer(*LIMITS["days"])),
    Column("rooms_sold", ("kamar terjual", "malam kamar terjual", "rooms sold"), _COUNT),
    Column("guests_domestic", ("tamu nusantara", "tamu domestik", "guests domestic"), _COUNT),
    Column("guests_foreign", ("tamu asing", "tamu mancanegara", "guests foreign"), _COUNT),
    Column(
        "nights_domestic",
        ("malam tamu nusantara", "malam tamu domestik", "nights domestic"),
        _COUNT,
    ),
    Column(
        "nights_foreign", ("malam tamu asing", "malam tamu mancanegara", "nights foreign"), _COUNT
    ),
    Column("visitors_domestic", ("pengunjung nusantara", "wisnus", "visitors domestic"), _COUNT),
    Column("visitors_foreign", ("pengunjung mancanegara", "wisman", "visitors foreign"), _COUNT),
    Column(
        "ticket_revenue", ("pendapatan tiket", "ticket revenue"), integer(*LIMITS["ticket_revenue"])
    ),
)
FIGURES = tuple(c.key for c in COLUMNS[2:])
TEMPLATE_HEADER = [c.name for c in COLUMNS]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Item:
    place: Place
    period: dt.date
    figures: dict[str, Any]


class ReportRows:
    """Parses and stores report rows for the entries the importer may file on behalf for."""

    def __init__(self, context: ImportContext) -> None:
        self.actor = context.actor
        places = scoped(
            Place.objects.filter(region_id__in=live_region_ids("tourism")).select_related(
                "region", "unit", "location"
            ),
            context.actor,
            FILE_ON_BEHALF,
        ).filter(Q(kind__in=("akomodasi", "dtw", "desa_wisata")))
        self.by_id = {str(p.pk): p for p in places}
        self.by_name: dict[str, list[Place]] = {}
        for place in self.by_id.values():
            self.by_name.setdefault(place.name.casefold(), []).append(place)
        self.today = timezone.localdate()

    def _place(self, value: str) -> Place:
        if value in self.by_id:
            return self.by_id[value]
        named = self.by_name.get(value.casefold(), [])
        if len(named) == 1:
            return named[0]
        if named:
            raise RowProblem("place", _("several entries have this name; use its number"))
        raise RowProblem("place", _("not an entry you may file for"))

    def parse(self, row: Row) -> Item:
        place = self._place(row.values["place"])
        year, number = row.values["period"]
        if year is None:
            raise RowProblem("period", _("give the year too (2026-01 or Januari 2026)"))
        figures = {key: row.values.get(key) for key in FIGURES}
        return Item(place=place, period=dt.date(year, number, 1), figures=figures)

    def store(self, chunk: Chunk[Item]) -> Counts:
        counts = Counts()
        for row, item in chunk.rows:
            existing = item.place.reports.filter(period=item.period).first()
            before = report_services.figures_of(existing) if existing else None
            try:
                report = (
                    report_services.report_file(
                        actor=self.actor,
                        place=item.place,
                        period=item.period,
                        figures=item.figures,
                        reason=_("Import"),
                        today=self.today,
                    )
                    if before is None or not self._same(before, item)
                    else None
                )
            except ValidationError as exc:
                field, messages = next(iter(exc.message_dict.items()))
                key = field if field in FIGURES or field == "period" else "place"
                chunk.refuse(row, key, "; ".join(messages))
                continue
            if report is None:
                counts.unchanged += 1
            elif before is None:
                counts.created += 1
            else:
                counts.updated += 1
        return counts

    @staticmethod
    def _same(before: dict[str, Any], item: Item) -> bool:
        """Whether the row repeats what is stored (blank cells read as the form reads them)."""
        return all(
            item.figures.get(key) is None or item.figures.get(key) == value
            for key, value in before.items()
        )


SPEC = ImportSpec(kind="tourism.reports", module="tourism", columns=COLUMNS, handler=ReportRows)


def import_reports(
    *,
    user: User,
    file_name: str,
    content: bytes,
    job: Job | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Run one import of monthly reports as ``user`` (needs the right to file on behalf)."""
    return run_import(
        spec=SPEC,
        actor=user,
        file_name=file_name,
        content=content,
        region=job.region if job is not None else None,
        job=job,
        progress=progress,
    )


def problems_csv(result: ImportResult) -> bytes:
    return bad_rows_csv(result.problems, result.headers)


__all__ = [
    "IMPORT_DATA",
    "TEMPLATE_HEADER",
    "FileRefused",
    "ImportFailed",
    "import_reports",
    "problems_csv",
]
