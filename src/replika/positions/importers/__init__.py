"""Imports of SI JABPRI on ``core.importing``: the position register and the ABK tasks.

``positions``: one row a position (agency, unit path, title, kind, class, holders, …); the
units of the path are created under the agency's current tree when missing, and a position
already there (same unit and title) is updated. ``tasks``: one row a task of a position
already registered; a task already there (same description) is updated. A re-import of the
same file creates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from replika.core.access import scoped
from replika.core.activation import live_region_ids
from replika.core.importing import (
    Chunk,
    Column,
    FileLimits,
    FileRefused,
    ImportContext,
    ImportFailed,
    ImportSpec,
    Limit,
    Row,
    RowProblem,
    choice,
    decimal,
    integer,
    run_import,
    text,
)
from replika.core.importing.report import ImportResult, bad_rows_csv
from replika.core.models import Unit, User, Wilayah
from replika.positions import unit_kinds
from replika.positions.models import Kind, OrgUnit, Position, Task
from replika.positions.permissions import DRAFT_ANJAB, MANAGE_STRUCTURE
from replika.positions.rules import title_key
from replika.positions.rules.catalogue import VERSIONS
from replika.positions.rules.limits import MAX_HOLDERS, MAX_NORM_MINUTES, MAX_VOLUME
from replika.positions.services import anjab, structure

FILE_LIMITS = FileLimits(max_bytes=5 * 1024 * 1024, max_rows=30_000)
PATH_SEPARATOR = ">"

KINDS_WORDS = {
    **{value: value for value in Kind.values},
    "jabatan pimpinan tinggi": Kind.JPT,
    "jpt pratama": Kind.JPT,
    "pelaksana (jfu)": Kind.PELAKSANA,
    "jfu": Kind.PELAKSANA,
    "jft": Kind.FUNGSIONAL,
    "jabatan fungsional": Kind.FUNGSIONAL,
}

PLACE_COLUMNS = (
    Column("opd", ("opd", "perangkat daerah", "nama opd"), text, required=True),
    Column("unit", ("unit kerja", "unit", "jalur unit"), text, blank=""),
    Column("title", ("jabatan", "nama jabatan"), text, required=True),
)
POSITION_COLUMNS = (
    *PLACE_COLUMNS,
    Column(
        "kind",
        ("jenis", "jenis jabatan"),
        choice(
            KINDS_WORDS, gettext_lazy("use jpt, administrator, pengawas, pelaksana or fungsional")
        ),
        required=True,
    ),
    Column("job_class", ("kelas", "kelas jabatan"), integer(1, 17), required=True),
    Column("holders", ("bezetting", "pemangku", "asn ada"), integer(0, MAX_HOLDERS), blank=0),
    Column("retiring_5y", ("pensiun 5 tahun", "pensiun"), integer(0, MAX_HOLDERS), blank=0),
    Column("code", ("kode jabatan", "kode"), text, blank=""),
    Column(
        "nomenclature_version",
        ("katalog", "nomenklatur"),
        choice({v: v for v in VERSIONS}, gettext_lazy("not a known title catalogue")),
        blank="",
    ),
)
TASK_COLUMNS = (
    *PLACE_COLUMNS,
    Column("description", ("uraian tugas", "tugas"), text, required=True),
    Column("output", ("hasil kerja",), text, required=True),
    Column("output_unit", ("satuan", "satuan hasil"), text, required=True),
    Column(
        "volume",
        ("volume", "beban kerja"),
        decimal(Limit(Decimal(0), Decimal(MAX_VOLUME), 2)),
        required=True,
    ),
    Column(
        "norm_minutes",
        ("norma waktu", "norma waktu menit", "norma"),
        decimal(Limit(Decimal("0.01"), Decimal(MAX_NORM_MINUTES), 2)),
        required=True,
    ),
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _service_reason(exc: ValidationError) -> tuple[str, str]:
    """The first field and message of a service refusal."""
    if hasattr(exc, "error_dict"):
        key, errors = next(iter(exc.error_dict.items()))
        return key, str(errors[0].messages[0])
    return "__all__", str(exc.messages[0])


class _Places:
    """The agencies the importer may manage, and their units by path (created on demand)."""

    def __init__(self, user: User, region: Wilayah | None) -> None:
        self.user = user
        opds = scoped(
            Unit.objects.filter(kind=unit_kinds.OPD, region_id__in=live_region_ids("positions")),
            user,
            MANAGE_STRUCTURE,
        )
        if region is not None:
            opds = opds.filter(region=region)
        self.opds: dict[str, list[Unit]] = {}
        for opd in opds:
            self.opds.setdefault(title_key(opd.name), []).append(opd)
        self.units: dict[tuple[int, str], OrgUnit] = {}

    def opd(self, name: str) -> Unit:
        found = self.opds.get(title_key(name), [])
        if len(found) != 1:
            raise RowProblem(
                "opd",
                _("not an agency you may import for")
                if not found
                else _("several agencies have this name"),
            )
        return found[0]

    def unit(self, opd: Unit, path: str, *, create: bool) -> OrgUnit:
        """The unit at ``path`` (names joined by >) under the agency's current root."""
        names = [" ".join(part.split()) for part in path.split(PATH_SEPARATOR) if part.strip()]
        key = (opd.pk, " > ".join(n.casefold() for n in names))
        if key in self.units:
            return self.units[key]
        node = scoped(
            OrgUnit.objects.filter(opd=opd, structure__is_current=True, parent__isnull=True),
            self.user,
            MANAGE_STRUCTURE,
        ).get()
        for name in names:
            child = scoped(
                OrgUnit.objects.filter(parent=node, name__iexact=name), self.user, MANAGE_STRUCTURE
            ).first()
            if child is None:
                if not create:
                    raise RowProblem("unit", _("no such unit in the agency's current structure"))
                try:
                    child = structure.orgunit_create(actor=self.user, parent=node, name=name)
                except ValidationError as exc:
                    raise RowProblem("unit", _service_reason(exc)[1]) from exc
            node = child
        self.units[key] = node
        return node


class PositionRows:
    """Rows of the position register."""

    def __init__(self, context: ImportContext) -> None:
        if context.actor is None:
            raise ValueError("an import runs as a user")
        self.places = _Places(context.actor, context.region)
        self.actor = context.actor

    def parse(self, row: Row) -> dict[str, Any]:
        values = dict(row.values)
        opd = self.places.opd(values.pop("opd"))
        values["org_unit"] = self.places.unit(opd, values.pop("unit"), create=True)
        if values["retiring_5y"] > values["holders"]:
            raise RowProblem("retiring_5y", _("more holders retiring than holders"))
        return values

    def store(self, chunk: Chunk[dict[str, Any]]) -> Counts:
        counts = Counts()
        fields = ("kind", "job_class", "holders", "retiring_5y", "code", "nomenclature_version")
        for row, item in chunk.rows:
            existing = scoped(
                Position.objects.filter(
                    org_unit=item["org_unit"], title_key=title_key(item["title"])
                ),
                self.actor,
                MANAGE_STRUCTURE,
            ).first()
            try:
                if existing is None:
                    structure.position_create(actor=self.actor, **item)
                    counts.created += 1
                elif all(getattr(existing, f) == item[f] for f in fields):
                    counts.unchanged += 1
                else:
                    structure.position_update(
                        actor=self.actor,
                        position=existing,
                        title=existing.title,
                        **{f: item[f] for f in fields},
                    )
                    counts.updated += 1
            except ValidationError as exc:
                chunk.refuse(row, *_service_reason(exc))
        return counts


class TaskRows:
    """Rows of the ABK tasks of positions already registered."""

    def __init__(self, context: ImportContext) -> None:
        if context.actor is None:
            raise ValueError("an import runs as a user")
        self.places = _Places(context.actor, context.region)
        self.actor = context.actor

    def parse(self, row: Row) -> dict[str, Any]:
        values = dict(row.values)
        opd = self.places.opd(values.pop("opd"))
        unit = self.places.unit(opd, values.pop("unit"), create=False)
        position = scoped(
            Position.objects.filter(org_unit=unit, title_key=title_key(values.pop("title"))),
            self.actor,
            DRAFT_ANJAB,
        ).first()
        if position is None:
            raise RowProblem(
                "title", _("no such position in this unit: import the positions first")
            )
        values["position"] = position
        return values

    def store(self, chunk: Chunk[dict[str, Any]]) -> Counts:
        counts = Counts()
        for row, item in chunk.rows:
            position = item.pop("position")
            existing = scoped(
                Task.objects.filter(position=position, description__iexact=item["description"]),
                self.actor,
                DRAFT_ANJAB,
            ).first()
            try:
                if existing is None:
                    anjab.task_add(actor=self.actor, position=position, **item)
                    counts.created += 1
                elif all(getattr(existing, k) == v for k, v in item.items()):
                    counts.unchanged += 1
                else:
                    anjab.task_update(actor=self.actor, task=existing, **item)
                    counts.updated += 1
            except ValidationError as exc:
                chunk.refuse(row, *_service_reason(exc))
        return counts


SPECS = {
    "positions": ImportSpec(
        kind="positions.positions",
        module="positions",
        columns=POSITION_COLUMNS,
        handler=PositionRows,
        limits=FILE_LIMITS,
        chunk_size=500,
    ),
    "tasks": ImportSpec(
        kind="positions.tasks",
        module="positions",
        columns=TASK_COLUMNS,
        handler=TaskRows,
        limits=FILE_LIMITS,
        chunk_size=500,
    ),
}
__all__ = ["KINDS", "SPECS", "FileRefused", "ImportFailed", "import_file", "problems_csv"]

KINDS = [
    ("positions", gettext_lazy("Positions (agency, unit, title, kind, class, holders)")),
    ("tasks", gettext_lazy("ABK tasks (agency, unit, title, task, output, volume, norm)")),
]


def import_file(
    *,
    user: User,
    kind: str,
    file_name: str,
    content: bytes,
    region: Wilayah | None = None,
    job: Any = None,
    progress: Any = None,
) -> ImportResult:
    """Import a positions or tasks file as ``user`` (only agencies they may manage)."""
    return run_import(
        spec=SPECS[kind],
        actor=user,
        file_name=file_name,
        content=content,
        region=region,
        job=job,
        progress=progress,
    )


def problems_csv(result: ImportResult) -> bytes:
    """The bad rows with their reasons, to fix and import again."""
    return bad_rows_csv(result.problems, result.headers)
