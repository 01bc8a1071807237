"""Bulk upsert of imported cases: a chunk at a time, matched as the register matches.

A chunk costs a fixed number of queries whatever its size: one lock of its kab/kota, one
lookup per kind of key (NIK, family card + name, name + birth date + guardian) that also
says whether the importer may see each case found, one insert of the new cases (COPY on
PostgreSQL), one insert of their timeline steps, and for corrected cases one update, one
insert of timeline steps and one of audit events. Rows are plain tuples and dicts: no model
instance is built per row. A savepoint is taken per row only when the chunk's insert lost a
race with a registration elsewhere, to tell which row lost it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Exists, Max, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.access import scoped
from replika.core.importing import Chunk, Row
from replika.core.models import ImportRun, User, Wilayah
from replika.schooling.models import Case, CaseEvent, DirtyRegion, EventKind
from replika.schooling.permissions import IMPORT_DATA
from replika.schooling.rules import identity
from replika.schooling.services.cases import ChildIn, case_values
from replika.schooling.services.common import conflict_error, lock_regions, outside_refusal

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
# Yes/no columns: an empty cell means "no", so it may clear a flag (other blanks keep values).
FLAGS = frozenset({"dtks", "kip", "pkh"})
WRITE_BATCH = 2000


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


class Known(NamedTuple):
    """A registered case as the matching needs it (and whether the importer may see it)."""

    pk: int
    nik: str
    no_kk: str
    name_key: str
    birth_date: dt.date
    guardian_key: str
    region_id: int
    nisn: str
    address: str
    rt: str
    rw: str
    guardian_phone: str
    last_school_npsn: str
    last_level: str
    last_grade: int | None
    dtks: bool
    kip: bool
    pkh: bool
    name: str
    visible: bool


KNOWN_FIELDS = tuple(f for f in Known._fields if f != "visible")


@dataclass
class Keyed:
    """An import row with its kab/kota and folded names, computed once."""

    row: Row
    item: ChildIn
    region: Wilayah
    name_key: str
    guardian_key: str

    def keys(self) -> list[tuple[str, tuple[Any, ...]]]:
        """(field, key) of every way the register tells this child apart, strongest first."""
        found: list[tuple[str, tuple[Any, ...]]] = []
        if self.item.nik:
            found.append(("nik", ("nik", self.item.nik)))
        if self.item.no_kk:
            found.append(("no_kk", ("kk", self.item.no_kk, self.name_key)))
        key = ("name", self.region.pk, self.name_key, self.item.birth_date, self.guardian_key)
        found.append(("name", key))
        return found


def _among(column: str, values: Collection[Any]) -> RawSQL:
    """``column IN values`` with the values as one parameter (an array, or JSON on SQLite).

    A chunk looks up to 2,000 keys of a kind: bound one by one they would cost a placeholder
    and a conversion each, and on SQLite run into its limit of bound parameters.
    """
    q = connection.ops.quote_name
    # The table and column names come from the model and are quoted; the values are the
    # one parameter.
    ref = f"{q(Case._meta.db_table)}.{q(column)}"
    if connection.vendor == "postgresql":
        return RawSQL(f"{ref} = ANY(%s)", (list(values),), output_field=BooleanField())  # noqa: S611
    sql = f"{ref} IN (SELECT value FROM json_each(%s))"  # noqa: S608
    return RawSQL(sql, (json.dumps(list(values)),), output_field=BooleanField())  # noqa: S611


class Index:
    """The registered cases a chunk may match, by each kind of key."""

    def __init__(self, known: Iterable[Known]) -> None:
        self.by_nik: dict[str, Known] = {}
        self.by_kk: dict[tuple[str, str], Known] = {}
        self.by_name: dict[tuple[Any, ...], Known] = {}
        # The oldest case wins a tie, as in the register's duplicate check.
        for case in sorted(known, key=lambda c: c.pk):
            if case.nik:
                self.by_nik.setdefault(case.nik, case)
            if case.no_kk:
                self.by_kk.setdefault((case.no_kk, case.name_key), case)
            key = (case.region_id, case.name_key, case.birth_date, case.guardian_key)
            self.by_name.setdefault(key, case)

    def match(self, r: Keyed) -> tuple[Known, str] | None:
        """The registered case this row is, and the field that matched (None: a new child)."""
        nik, kk = r.item.nik, r.item.no_kk
        if nik and nik in self.by_nik:
            return self.by_nik[nik], "nik"
        if kk and (kk, r.name_key) in self.by_kk:
            return self.by_kk[(kk, r.name_key)], "no_kk"
        key = (r.region.pk, r.name_key, r.item.birth_date, r.guardian_key)
        found = self.by_name.get(key)
        return (found, "name") if found is not None else None


def known_cases(actor: User | None, rows: list[Keyed]) -> list[Known]:
    """The registered cases any row of a chunk may be, anywhere in the province: one query
    per kind of key, each case flagged with whether the importer may see it."""
    if actor is None:
        visible: Any = Value(True)
    else:
        visible = Exists(scoped(Case.objects.filter(pk=OuterRef("pk")), actor, IMPORT_DATA))
    base = Case.objects.order_by().annotate(visible=visible)
    niks = {r.item.nik for r in rows if r.item.nik}
    kks = {r.item.no_kk for r in rows if r.item.no_kk}
    lookups: list[QuerySet[Case]] = []
    if niks:
        # The NIK index holds the cases with a NIK only: the query says so, or no engine
        # may use it (neither proves it from a list of 2,000 values).
        lookups.append(base.filter(~Q(nik=""), _among("nik", niks)))
    if kks:
        lookups.append(base.filter(_among("no_kk", kks)))
    # By name alone (the index leads with it); the kab/kota is compared with the rest of
    # the key in ``Index.match``.
    lookups.append(base.filter(_among("name_key", {r.name_key for r in rows})))
    found: dict[int, Known] = {}
    for qs in lookups:
        for values in qs.values_list(*KNOWN_FIELDS, "visible"):
            found[values[0]] = Known._make(values)
    return list(found.values())


def corrections(case: Known, item: ChildIn) -> dict[str, Any]:
    """The imported values that differ from a known case's (blank cells keep stored values)."""
    changed: dict[str, Any] = {}
    for name in UPDATABLE:
        value = getattr(item, name)
        if name == "address":
            value = " ".join(value.split())
        if value in ("", None) and name not in FLAGS:
            continue
        if getattr(case, name) != value:
            changed[name] = value
    if item.nik and not case.nik:
        changed["nik"] = item.nik
    return changed


@transaction.atomic
def cases_upsert(
    *,
    actor: User | None,
    chunk: Chunk[ChildIn],
    seen: dict[tuple[Any, ...], int],
    import_run: ImportRun,
) -> Counts:
    """Create the chunk's new cases and correct the known ones; refuse repeats in the file
    and children registered outside the importer's area.

    ``seen`` carries every key of the run's earlier rows (and the cases they matched) from
    chunk to chunk, so that a child twice in one file is refused however far apart.
    """
    counts = Counts()
    if not chunk.rows:
        return counts
    today = timezone.localdate()
    rows = [
        Keyed(
            row,
            item,
            kabkota_of(item.location),
            identity.name_key(item.name),
            identity.name_key(item.guardian_name),
        )
        for row, item in chunk.rows
    ]
    regions = sorted({r.region.pk for r in rows})
    lock_regions(regions)
    index = Index(known_cases(actor, rows))
    new: list[tuple[Keyed, dict[str, Any]]] = []
    changed: list[tuple[Keyed, Known, dict[str, Any]]] = []
    for r in rows:
        if _repeated(chunk, seen, r):
            continue
        match = index.match(r)
        if match is None:
            values = case_values(r.item, r.region, actor, today, (r.name_key, r.guardian_key))
            values["import_run_id"] = import_run.pk
            new.append((r, values))
            continue
        case, field = match
        if not case.visible:
            refusal = outside_refusal(actor=actor, field=field, nik=r.item.nik)
            chunk.refuse(r.row, field, refusal.messages[0])
            continue
        if ("case", case.pk) in seen:
            _refuse_repeat(chunk, r.row, field, seen[("case", case.pk)])
            continue
        seen[("case", case.pk)] = r.row.number
        values = corrections(case, r.item)
        if values:
            changed.append((r, case, values))
        else:
            counts.unchanged += 1
    counts.created = _create(chunk, new, import_run)
    counts.updated = _correct(changed, actor=actor, import_run=import_run, today=today)
    _mark_dirty(regions)
    return counts


def _repeated(chunk: Chunk[ChildIn], seen: dict[tuple[Any, ...], int], r: Keyed) -> bool:
    """Refuse a row that is a child of an earlier row of the file; else remember its keys."""
    keys = r.keys()
    for field, key in keys:
        if key in seen:
            _refuse_repeat(chunk, r.row, field, seen[key])
            return True
    for _field, key in keys:
        seen[key] = r.row.number
    return False


def _refuse_repeat(chunk: Chunk[ChildIn], row: Row, field: str, earlier: int) -> None:
    chunk.refuse(row, field, _("same child as row %(row)s") % {"row": earlier})


def _create(
    chunk: Chunk[ChildIn], new: list[tuple[Keyed, dict[str, Any]]], import_run: ImportRun
) -> int:
    """Insert the new cases and their "reported" step; how many were inserted.

    The whole chunk goes in one statement inside a savepoint. Only when that loses a race
    (someone registered one of these children a moment ago) are the rows inserted one by
    one, each in its own savepoint, and the losers reported as bad rows.
    """
    if not new:
        return 0
    after = Case.objects.aggregate(last=Max("pk"))["last"] or 0
    try:
        with transaction.atomic():
            _insert_cases([values for _r, values in new])
        created = len(new)
    except IntegrityError:
        created = 0
        message = conflict_error().messages[0]
        for r, values in new:
            try:
                with transaction.atomic():
                    _insert_cases([values])
                created += 1
            except IntegrityError:
                chunk.refuse(r.row, "nik" if values["nik"] else "name", message)
    _events_of_new_cases(import_run, after)
    return created


def _insert_cases(rows: list[dict[str, Any]]) -> None:
    """INSERT new cases: COPY on PostgreSQL, one prepared statement per batch on SQLite.

    ``bulk_create`` builds a model per row and prepares each of its ~45 values through its
    field (and, on SQLite, sends at most 999 parameters per statement); the values here are
    plain (text, dates, numbers, booleans) and both drivers adapt them natively, so rows go
    to the driver as tuples, the columns not given taking their model defaults.
    """
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults |= {"created_at": stamp, "updated_at": stamp}
    pick = itemgetter(*(f.attname for f in fields))
    table = connection.ops.quote_name(Case._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The driver's own COPY: its errors are turned into Django's (IntegrityError).
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
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


def _events_of_new_cases(import_run: ImportRun, after: int) -> None:
    """The "reported" step on the timeline of the cases this chunk created, in one query.

    The cases are this run's with an id above the highest before the chunk's insert, so
    each chunk reads its own cases only (not every case the run created so far).
    """
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
        f"WHERE c.{q('import_run_id')} = %s AND c.{q('id')} > %s AND NOT EXISTS "
        f"(SELECT 1 FROM {q(event.db_table)} e WHERE e.{q('case_id')} = c.{q('id')})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [EventKind.STATUS, stamp, import_run.pk, after])


def _correct(
    changed: list[tuple[Keyed, Known, dict[str, Any]]],
    *,
    actor: User | None,
    import_run: ImportRun,
    today: dt.date,
) -> int:
    """Write the corrections of known cases, each on its timeline and in the audit trail."""
    if not changed:
        return 0
    columns = [*UPDATABLE, "nik"]
    q = connection.ops.quote_name
    assignments = ", ".join(f"{q(name)} = %s" for name in columns)
    # Table and column names come from the model and are quoted; values are parameters.
    sql = (
        f"UPDATE {q(Case._meta.db_table)} SET {assignments}, "  # noqa: S608
        f"{q('import_run_id')} = %s, {q('updated_at')} = %s WHERE {q('id')} = %s"
    )
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [
        [
            *(values.get(name, getattr(case, name)) for name in columns),
            import_run.pk,
            stamp,
            case.pk,
        ]
        for _r, case, values in changed
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    who = actor if actor is not None and actor.pk else None
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case_id=case.pk,
                kind=EventKind.IMPORT,
                on=today,
                note=",".join(sorted(values)),
                actor=who,
            )
            for _r, case, values in changed
        ],
        batch_size=WRITE_BATCH,
    )
    audit.record_many(
        actor=actor,
        action="schooling.case.import_correct",
        model=Case,
        rows=(
            audit.Changed(
                pk=case.pk,
                label=case.name,
                region_id=case.region_id,
                before={name: getattr(case, name) for name in values},
                after=values,
            )
            for _r, case, values in changed
        ),
        extra={"run": import_run.pk},
    )
    return len(changed)


def _mark_dirty(region_ids: list[int]) -> None:
    """Mark the chunk's kab/kota for a summary refresh, in one statement."""
    DirtyRegion.objects.bulk_create(
        [DirtyRegion(region_id=pk) for pk in region_ids],
        update_conflicts=True,
        unique_fields=["region"],
        update_fields=["marked_at"],
    )
