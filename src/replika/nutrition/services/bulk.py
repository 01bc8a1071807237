"""Bulk writes for imports: children and monthly measurements upserted a chunk at a time.

Measurements get their WHO z-scores from the vectorised engine over the whole chunk (one
numpy call, not one ``assess`` per row), SKDN growth from each child's timeline fetched in
one query, and are written with ``bulk_create``/``bulk_update``. Audit: the core import
framework records one event per import run, not one per row; rows written by an import
point to its ``ImportRun``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from replika.core.models import ImportRun, Unit, User
from replika.nutrition import rules
from replika.nutrition.growth import classify, normalize_measure, zscores_from_codes
from replika.nutrition.models import Child, Measurement, Source
from replika.nutrition.rules import acute as acute_rules
from replika.nutrition.services.dirty import mark_dirty_many
from replika.nutrition.services.followup import measurements_followup

Z_FIELDS = ("zlen", "zwei", "zwfl", "zbmi", "zhc", "zac")
FLAG_FIELDS = ("flen", "fwei", "fwfl", "fbmi")
CAT_FIELDS = ("cat_zlen", "cat_zwei", "cat_zwfl", "cat_zbmi")
ACUTE_FIELDS = ("cat_acute", "acute_reasons")
INPUT_FIELDS = ("visit_date", "weight", "lenhei", "measure", "oedema", "headc", "armc")
PLACE_FIELDS = ("unit_id", "region_id", "location_id")
# Everything an import may change on a stored measurement; equal on all = "unchanged".
COMPARED = (*PLACE_FIELDS, *INPUT_FIELDS, "age_days", "growth")
UPDATED = (
    "unit",
    "region",
    "location",
    *INPUT_FIELDS,
    "age_days",
    "growth",
    "source",
    "import_run",
    *Z_FIELDS,
    *FLAG_FIELDS,
    *CAT_FIELDS,
    *ACUTE_FIELDS,
    "updated_at",
)
WRITE_BATCH = 2000


@dataclass(frozen=True)
class ChildRef:
    """What the measurement upsert needs to know of a child (no personal data)."""

    id: int
    unit_id: int
    region_id: int
    location_id: int | None
    sex: int
    birth_date: dt.date


@dataclass(frozen=True)
class MeasurementIn:
    """One validated measurement to store for a child."""

    child: ChildRef
    visit_date: dt.date
    weight: Decimal | None
    lenhei: Decimal | None
    measure: str = ""
    oedema: bool = False
    headc: Decimal | None = None
    armc: Decimal | None = None
    # Inputs the row did not carry (a column absent from the file): the month's stored
    # values are kept for them instead of being cleared (merge, as the API does).
    keep: frozenset[str] = frozenset()

    @property
    def period(self) -> dt.date:
        return rules.period_of(self.visit_date)


@dataclass
class Counts:
    """Rows created, updated and left unchanged by a bulk write."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: Counts) -> None:
        """Add another chunk's counts to these."""
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


def _floats(values: Iterable[Decimal | None]) -> np.ndarray:
    """Optional decimals as a float array with NaN for missing."""
    return np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)


def _plain(value: Any) -> Any:
    """A numpy scalar as a plain Python value; NaN becomes None."""
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.str_):
        return str(value)
    return value


def zscore_columns(items: Sequence[MeasurementIn]) -> dict[str, list[Any]]:
    """z-scores, flags and categories of every item, computed in one vectorised call."""
    if not items:
        return {key: [] for key in (*Z_FIELDS, *FLAG_FIELDS, *CAT_FIELDS, *ACUTE_FIELDS)}
    result = zscores_from_codes(
        np.array([i.child.sex for i in items], dtype=np.int64),
        np.array([(i.visit_date - i.child.birth_date).days for i in items], dtype=np.float64),
        _floats(i.weight for i in items),
        _floats(i.lenhei for i in items),
        normalize_measure(np.array([i.measure for i in items], dtype=object)),
        np.array([i.oedema for i in items], dtype=np.bool_),
        _floats(i.headc for i in items),
        _floats(i.armc for i in items),
    )
    columns = {key: result[key].tolist() for key in (*Z_FIELDS, *FLAG_FIELDS)}
    for key in Z_FIELDS:
        columns[key] = [None if math.isnan(v) else v for v in columns[key]]
    columns.update({key: value.tolist() for key, value in classify(result).items()})
    statuses = [
        acute_rules.acute_status(
            age_days=(item.visit_date - item.child.birth_date).days,
            zwfl=zwfl,
            fwfl=bool(fwfl),
            armc=None if item.armc is None else float(item.armc),
            oedema=item.oedema,
        )
        for item, zwfl, fwfl in zip(items, columns["zwfl"], columns["fwfl"], strict=True)
    ]
    columns["cat_acute"] = [status.category for status in statuses]
    columns["acute_reasons"] = [status.reasons_text for status in statuses]
    return columns


@dataclass
class _Timeline:
    """One child's months: stored weights and growth codes, then the incoming ones."""

    weights: dict[dt.date, Decimal | None] = field(default_factory=dict)
    stored: dict[dt.date, dict[str, Any]] = field(default_factory=dict)


def lock_children(child_ids: Iterable[int]) -> None:
    """Lock the children whose months are about to be written, in id order (no deadlock):
    the API and the session page lock a child the same way, so the months read next are the
    months that will be there when this transaction writes."""
    ids = sorted(set(child_ids))
    if ids:
        list(Child.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def lock_units(unit_ids: Iterable[int]) -> None:
    """Lock posyandu rows in id order, as a registration page does before its duplicate check."""
    ids = sorted(set(unit_ids))
    if ids:
        list(Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def _stored_rows(child_ids: Iterable[int]) -> dict[int, _Timeline]:
    """Every stored measurement of the children, with the fields an import compares."""
    timelines: dict[int, _Timeline] = defaultdict(_Timeline)
    columns = ("id", "child_id", "period", "age_days", *PLACE_FIELDS, *INPUT_FIELDS, "growth")
    for row in Measurement.objects.filter(child_id__in=list(child_ids)).values(*columns):
        timeline = timelines[row["child_id"]]
        timeline.stored[row["period"]] = row
        timeline.weights[row["period"]] = row["weight"]
    return timelines


def _growth_codes(timeline: _Timeline, ages: dict[dt.date, int]) -> dict[dt.date, str]:
    """SKDN growth of every month of a child, by rules.growth_code, oldest first."""
    codes: dict[dt.date, str] = {}
    last_period: dt.date | None = None
    last_weight: Decimal | None = None
    for period in sorted(timeline.weights):
        weight = timeline.weights[period]
        age = ages.get(period)
        if age is None:
            age = timeline.stored[period]["age_days"]
        codes[period] = rules.growth_code(
            None if weight is None else float(weight),
            None if last_weight is None else float(last_weight),
            age,
            weighed_last_month=last_period == rules.previous_period(period),
        )
        if weight is not None:
            last_period, last_weight = period, weight
    return codes


def _values(item: MeasurementIn, growth: str, z: dict[str, Any]) -> dict[str, Any]:
    """The stored fields of one incoming measurement."""
    child = item.child
    return {
        "unit_id": child.unit_id,
        "region_id": child.region_id,
        "location_id": child.location_id,
        "visit_date": item.visit_date,
        "age_days": (item.visit_date - child.birth_date).days,
        "weight": item.weight,
        "lenhei": item.lenhei,
        "measure": item.measure,
        "oedema": item.oedema,
        "headc": item.headc,
        "armc": item.armc,
        "growth": growth,
        **z,
    }


def _same(stored: dict[str, Any], values: dict[str, Any]) -> bool:
    """Whether a stored measurement already holds these values."""
    return all(stored[key] == values[key] for key in COMPARED)


@transaction.atomic
def measurements_upsert(
    *,
    actor: User | None,
    items: Sequence[MeasurementIn],
    source: str = Source.IMPORT,
    import_run: ImportRun | None = None,
) -> Counts:
    """Store a chunk of measurements (one per child and month); identical ones are unchanged.

    Rows created or changed point to ``import_run`` when one is given.
    """
    counts = Counts()
    run_id = import_run.pk if import_run is not None else None
    lock_children({item.child.id for item in items})
    timelines = _stored_rows({item.child.id for item in items})
    items = [_merged(item, timelines) for item in items]
    zcols = zscore_columns(items)
    ages: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for item in items:
        timelines[item.child.id].weights[item.period] = item.weight
        ages[item.child.id][item.period] = (item.visit_date - item.child.birth_date).days
    growth = {cid: _growth_codes(timelines[cid], ages[cid]) for cid in ages}
    now = timezone.now()
    new: list[dict[str, Any]] = []
    changed: list[Measurement] = []
    dirty: set[tuple[int, dt.date]] = set()
    incoming: set[tuple[int, dt.date]] = set()
    written: list[tuple[int, dt.date]] = []
    for index, item in enumerate(items):
        period = item.period
        incoming.add((item.child.id, period))
        z = {key: column[index] for key, column in zcols.items()}
        values = _values(item, growth[item.child.id][period], z)
        values["import_run_id"] = run_id
        stored = timelines[item.child.id].stored.get(period)
        if stored is None:
            values.update(child_id=item.child.id, period=period, source=source)
            new.append(values)
            counts.created += 1
            written.append((item.child.id, period))
        elif _same(stored, values):
            counts.unchanged += 1
            continue
        else:
            changed.append(
                Measurement(
                    pk=stored["id"],
                    child_id=item.child.id,
                    period=period,
                    source=source,
                    updated_at=now,
                    **values,
                )
            )
            counts.updated += 1
            written.append((item.child.id, period))
            dirty.add((stored["unit_id"], period))
        dirty.add((item.child.unit_id, period))
    regrown = _regrown(timelines, growth, incoming, dirty)
    _insert_measurements(new, actor=actor, now=now)
    if changed:
        Measurement.objects.bulk_update(changed, UPDATED, batch_size=WRITE_BATCH)
    for code, ids in regrown.items():
        Measurement.objects.filter(pk__in=ids).update(growth=code, updated_at=now)
    mark_dirty_many(dirty)
    # Alerts and referrals as the session page raises them; unchanged rows raise nothing new.
    measurements_followup(actor=actor, written=written)
    return counts


MERGED_INPUTS = ("weight", "lenhei", "measure", "oedema", "headc", "armc")


def _merged(item: MeasurementIn, timelines: dict[int, _Timeline]) -> MeasurementIn:
    """The item with the stored month's values for the inputs it does not carry."""
    if not item.keep:
        return item
    stored = timelines[item.child.id].stored.get(item.period)
    if stored is None:
        return item
    kept = {key: stored[key] for key in MERGED_INPUTS if key in item.keep}
    return dataclasses.replace(item, **kept)


def _insert_measurements(rows: list[dict[str, Any]], *, actor: User | None, now: Any) -> None:
    """INSERT new measurements: COPY on PostgreSQL, one prepared statement per batch on SQLite.

    ``bulk_create`` spends most of its time preparing each of the ~35 values of each row
    through its field (and on SQLite batches only 999 parameters per statement); the values
    here are already plain (dates, decimals, floats, booleans, text), which both database
    drivers adapt natively, so the rows go to the driver as tuples.
    """
    if not rows:
        return
    stamp = connection.ops.adapt_datetimefield_value(now)
    author = actor.pk if actor else None
    stamps = {"created_at": stamp, "updated_at": stamp, "created_by_id": author}
    fields = [f for f in Measurement._meta.concrete_fields if not f.primary_key]
    # A column added to the model later gets its default instead of breaking the import.
    defaults = {f.attname: f.get_default() for f in fields}
    pick = itemgetter(*(f.attname for f in fields))
    table = connection.ops.quote_name(Measurement._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one round trip; psycopg adapts each Python value.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(pick({**defaults, **row, **stamps}))
            return
        # Table and column names come from the model and are quoted; values are parameters.
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(rows), WRITE_BATCH):
            batch = rows[start : start + WRITE_BATCH]
            cursor.executemany(sql, [pick({**defaults, **row, **stamps}) for row in batch])


def _regrown(
    timelines: dict[int, _Timeline],
    growth: dict[int, dict[dt.date, str]],
    incoming: set[tuple[int, dt.date]],
    dirty: set[tuple[int, dt.date]],
) -> dict[str, list[int]]:
    """Stored months not in the file whose N/T changes because an earlier month changed."""
    regrown: dict[str, list[int]] = defaultdict(list)
    for child_id, codes in growth.items():
        for period, stored in timelines[child_id].stored.items():
            if (child_id, period) in incoming or stored["growth"] == codes[period]:
                continue
            regrown[codes[period]].append(stored["id"])
            dirty.add((stored["unit_id"], period))
    return regrown


# --- children (the e-PPGBM base data) -----------------------------------------------------

CHILD_FIELDS = (
    "nik",
    "no_kk",
    "name",
    "sex",
    "birth_date",
    "birth_order",
    "birth_weight",
    "birth_length",
    "mother_name",
    "mother_nik",
    "father_nik",
    "address",
)


@dataclass(frozen=True)
class ChildIn:
    """One validated child of the base data, placed at a posyandu."""

    unit_id: int
    region_id: int
    location_id: int | None
    nik: str
    no_kk: str
    name: str
    sex: int
    birth_date: dt.date
    birth_order: int | None
    birth_weight: Decimal | None
    birth_length: Decimal | None
    mother_name: str
    mother_nik: str
    father_nik: str
    address: str

    def values(self) -> dict[str, Any]:
        """Field values as stored on Child, with the folded name keys."""
        data = {name: getattr(self, name) for name in CHILD_FIELDS}
        data.update(
            unit_id=self.unit_id,
            region_id=self.region_id,
            location_id=self.location_id,
            name_key=rules.name_key(self.name),
            mother_key=rules.name_key(self.mother_name),
        )
        return data


def taken_niks(niks: Iterable[str]) -> set[str]:
    """Which of these child NIKs are already registered anywhere (NIK is unique)."""
    wanted = [nik for nik in niks if nik]
    return set(Child.objects.filter(nik__in=wanted).values_list("nik", flat=True))


@transaction.atomic
def children_upsert(
    *,
    actor: User | None,
    items: Sequence[tuple[ChildIn, int | None]],
    import_run: ImportRun | None = None,
) -> Counts:
    """Create the new children and update matched ones (``(item, existing id or None)``).

    Children created or changed point to ``import_run`` when one is given.
    """
    counts = Counts()
    existing_ids = [pk for _item, pk in items if pk is not None]
    stored = {
        row["id"]: row
        for row in Child.objects.filter(pk__in=existing_ids).values(
            "id", "unit_id", "region_id", "location_id", *CHILD_FIELDS
        )
    }
    new: list[Child] = []
    changed: list[Child] = []
    now = timezone.now()
    # A new or moved child changes this month's S (toddlers registered) at its posyandu.
    this_month = rules.period_of(timezone.localdate())
    dirty: set[tuple[int, dt.date]] = set()
    for item, pk in items:
        values = item.values()
        if pk is None:
            new.append(Child(created_by=actor, import_run=import_run, **values))
            counts.created += 1
            dirty.add((item.unit_id, this_month))
            continue
        row = stored[pk]
        if all(row[key] == values[key] for key in row if key != "id"):
            counts.unchanged += 1
            continue
        changed.append(Child(pk=pk, updated_at=now, import_run=import_run, **values))
        counts.updated += 1
        if row["unit_id"] != item.unit_id:
            dirty.update({(row["unit_id"], this_month), (item.unit_id, this_month)})
    Child.objects.bulk_create(new, batch_size=WRITE_BATCH)
    if changed:
        fields = ["unit", "region", "location", *CHILD_FIELDS, "name_key", "mother_key"]
        Child.objects.bulk_update(
            changed, [*fields, "import_run", "updated_at"], batch_size=WRITE_BATCH
        )
    mark_dirty_many(dirty)
    return counts
