"""Bulk upsert of imported cases: a chunk at a time, matched as the register matches."""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core.access import scoped
from replika.core.importing import Chunk
from replika.core.models import ImportRun, User, Wilayah
from replika.schooling.models import Case, CaseEvent, DirtyRegion, EventKind
from replika.schooling.permissions import IMPORT_DATA
from replika.schooling.rules import identity
from replika.schooling.services.cases import ChildIn, case_values
from replika.schooling.services.common import lock_region, outside_refusal

# What a re-import may correct on a case already registered (never its status or place).
UPDATABLE = (
    "nisn",
    "no_kk",
    "address",
    "rt",
    "rw",
    "guardian_phone",
    "last_school_npsn",
    "last_level",
    "last_grade",
    "dtks",
    "kip",
    "pkh",
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def kabkota_of(location: Wilayah) -> Wilayah:
    """The kab/kota of a nagari/kelurahan/desa (its grandparent)."""
    district = location.parent
    region = district.parent if district is not None else None
    if region is None:
        raise ValueError(f"{location.code} does not lie in a kab/kota")
    return region


def _name_key(case: Case | ChildIn, region_id: int) -> tuple[Any, ...]:
    guardian = (
        case.guardian_key if isinstance(case, Case) else identity.name_key(case.guardian_name)
    )
    name = case.name_key if isinstance(case, Case) else identity.name_key(case.name)
    return (region_id, name, case.birth_date, guardian)


@transaction.atomic
def cases_upsert(
    *,
    actor: User | None,
    chunk: Chunk[ChildIn],
    seen: dict[tuple[Any, ...], int],
    import_run: ImportRun | None,
) -> Counts:
    """Create the chunk's new cases and correct the known ones; refuse repeats in the file
    and NIKs (or family card + name) registered outside the importer's area."""
    counts = Counts()
    today = timezone.localdate()
    rows = chunk.rows
    if not rows:
        return counts
    regions = sorted({kabkota_of(item.location).pk for _r, item in rows})
    for region_id in regions:
        lock_region(region_id)
    niks = {item.nik for _r, item in rows if item.nik}
    names = {identity.name_key(item.name) for _r, item in rows}
    candidates = Case.objects.filter(nik__in=niks) | Case.objects.filter(
        region_id__in=regions, name_key__in=names
    )
    known = list(
        candidates.only(
            "pk", "nik", "name_key", "birth_date", "guardian_key", "region_id", *UPDATABLE
        )
    )
    visible = (
        set(
            scoped(
                Case.objects.filter(pk__in=[c.pk for c in known]), actor, IMPORT_DATA
            ).values_list("pk", flat=True)
        )
        if actor is not None
        else {c.pk for c in known}
    )
    by_nik = {c.nik: c for c in known if c.nik}
    by_name: dict[tuple[Any, ...], Case] = {}
    for c in known:
        by_name.setdefault(_name_key(c, c.region_id), c)
    new: list[dict[str, Any]] = []
    changed: list[Case] = []
    for row, item in rows:
        region = kabkota_of(item.location)
        region_id = region.pk
        name_key = _name_key(item, region_id)
        key = ("nik", item.nik) if item.nik else name_key
        if key in seen:
            chunk.refuse(row, "name", _("same child as row %(row)s") % {"row": seen[key]})
            continue
        seen[key] = row.number
        found = by_nik.get(item.nik) if item.nik else None
        found = found or by_name.get(name_key)
        if found is not None and found.pk not in visible:
            refusal = outside_refusal(actor=actor, field="nik", nik=item.nik)
            chunk.refuse(row, "nik", refusal.messages[0])
            continue
        if found is None:
            values = case_values(item, region, actor, today)
            values["import_run_id"] = import_run.pk if import_run is not None else None
            new.append(values)
            continue
        if item.nik and not found.nik:
            found.nik = item.nik
        if _correct(found, item):
            found.import_run = import_run
            changed.append(found)
        else:
            counts.unchanged += 1
    _insert_cases(new)
    _events_of_new_cases(import_run)
    if changed:
        Case.objects.bulk_update(changed, [*UPDATABLE, "nik", "import_run"], batch_size=1000)
    counts.created, counts.updated = len(new), len(changed)
    for region_id in regions:
        DirtyRegion.objects.update_or_create(region_id=region_id)
    return counts


WRITE_BATCH = 2000


def _insert_cases(rows: list[dict[str, Any]]) -> None:
    """INSERT new cases: COPY on PostgreSQL, one prepared statement per batch on SQLite.

    ``bulk_create`` builds a model per row and prepares each of its ~45 values through its
    field (and, on SQLite, sends at most 999 parameters per statement); the values here are
    plain (text, dates, numbers, booleans) and both drivers adapt them natively, so rows go
    to the driver as tuples, the columns not given taking their model defaults.
    """
    if not rows:
        return
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults |= {"created_at": stamp, "updated_at": stamp}
    pick = itemgetter(*(f.attname for f in fields))
    table = connection.ops.quote_name(Case._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(pick(defaults | row))
            return
        # Table and column names come from the model and are quoted; values are parameters.
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(rows), WRITE_BATCH):
            cursor.executemany(
                sql, [pick(defaults | row) for row in rows[start : start + WRITE_BATCH]]
            )


def _events_of_new_cases(import_run: ImportRun | None) -> None:
    """The "reported" step on the timeline of every case this import created, in one query."""
    if import_run is None:
        return
    event = CaseEvent._meta
    case = Case._meta
    q = connection.ops.quote_name
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    # Table and column names come from the models; the run id and stamp are parameters.
    sql = (
        f"INSERT INTO {q(event.db_table)} ({q('case_id')}, {q('kind')}, {q('from_status')}, "  # noqa: S608
        f"{q('to_status')}, {q('on')}, {q('note')}, {q('actor_id')}, {q('created_at')}) "
        f"SELECT c.{q('id')}, %s, '', c.{q('status')}, c.{q('reported_on')}, '', "
        f"c.{q('created_by_id')}, %s FROM {q(case.db_table)} c "
        f"WHERE c.{q('import_run_id')} = %s AND NOT EXISTS "
        f"(SELECT 1 FROM {q(event.db_table)} e WHERE e.{q('case_id')} = c.{q('id')})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [EventKind.STATUS, stamp, import_run.pk])


def _correct(case: Case, item: ChildIn) -> bool:
    """Copy the imported values that differ onto a known case; whether any did."""
    changed = False
    for name in UPDATABLE:
        value = getattr(item, name)
        if name == "address":
            value = " ".join(value.split())
        if value in ("", None) and name not in ("dtks", "kip", "pkh"):
            continue
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed = True
    return changed
