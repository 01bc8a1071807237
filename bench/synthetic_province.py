"""Generate a synthetic Sumatera Barat for the nutrition dashboards, then build its summaries.

What it makes on the configured database:

* one puskesmas per kecamatan and one posyandu per nagari/kelurahan/desa of the real region
  table (``core.Wilayah``, loaded by the migration), as ``core.Unit`` rows with their
  materialised ``path`` ("puskesmas_id/posyandu_id/");
* Ayo Ceting commitments at stage "launched" in all 19 kab/kota;
* ``--children`` children (default 450,000) spread over the posyandu, born so that they are
  under five during the window, each with a persistent length-for-age z ~ N(-0.8, 1.1) and a
  correlated weight-for-age z (mean about -0.7), plus a little month-to-month noise;
* ``--months`` months (default 12, ending with the last complete month) of posyandu
  weighings, attended with probability 0.88 (≈ 4.1 million rows at full size); lengths and
  weights come from the WHO LMS tables at those z-scores, about 0.3 % of lengths are
  mistyped (so the plausibility flags have work), z-scores and categories are computed with
  the vectorised engine and the SKDN growth codes (N/T/B/O) with the KBM rule;
* then the summary tables, with the refresh service's full rebuild.

On PostgreSQL the two big tables are loaded with COPY (psycopg ``cursor.copy``), with the
measurement table's plain indexes dropped during the load and rebuilt after; on SQLite
it falls back to ``executemany`` in big batches (fine for the tests' tiny sizes).

Run (a dedicated database, created when missing; never the test database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/replika_bench \\
        .venv/bin/python bench/synthetic_province.py --reset

Measured 2026-11-28 on the development machine (2 cores, 24 GB, PostgreSQL on the same
machine, which other engineers' test runs kept at a load average of 6-7), full size: 450,000
children, 4,068,132 measurements, 1,265 posyandu, 179 puskesmas, 34,896 summary rows in
308 s (5 min 28 s wall clock with the database creation and migrations): rows 233 s, summary
rebuild 73 s; peak memory 475 MB; the Python side used 55 s of CPU, the rest is PostgreSQL.
(Before the plain indexes were dropped during the load: 590 s.) 450,000 children give 4.1
rather than 5 million rows because 12 % of visits are missed and children are born into and
age out of the 12-month window; ``--children 550000`` gives about 5 million.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import secrets
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

ATTENDANCE = 0.88  # share of months a child is weighed (D/S)
MISTYPED = 0.003  # share of lengths entered wrongly (flagged, kept, left out)
CHUNK_CHILDREN = 20_000  # children generated and written per batch (memory stays modest)
MAX_AGE_DAYS = 1826
SYNTHETIC = "SYN-"  # code prefix of the synthetic units

# --- the database: refuse the wrong ones, create the bench one -------------------------------


def check_target(url: str) -> None:
    """Refuse the test database and the developer's SQLite file."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme.startswith("postgres") and name in {"", "test", "postgres", "replika"}:
        raise SystemExit(f"refusing database {name!r}: use a dedicated one, e.g. replika_bench")
    if parsed.scheme == "sqlite" and Path(name).name == "replika.sqlite3":
        raise SystemExit("refusing the developer's SQLite file: point DATABASE_URL elsewhere")


def ensure_postgres_database(url: str, reset: bool) -> None:
    """Create the bench database if missing (drop it first with --reset)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- places: puskesmas per kecamatan, posyandu per village, commitments ----------------------


def make_units() -> list[Any]:
    """One puskesmas per kecamatan, one posyandu per village; returns the posyandu."""
    from replika.core.models import Unit, Wilayah
    from replika.nutrition import unit_kinds

    regions = {w.code: w for w in Wilayah.objects.filter(level=Wilayah.REGION)}
    kecamatan = list(Wilayah.objects.filter(level=Wilayah.DISTRICT))
    villages = list(Wilayah.objects.filter(level=Wilayah.VILLAGE))
    puskesmas = Unit.objects.bulk_create(
        [
            Unit(
                kind=unit_kinds.PUSKESMAS,
                code=f"{SYNTHETIC}{k.code}",
                name=f"Puskesmas {k.name}",
                region=regions[k.region_code()],
                location=k,
                path="",
            )
            for k in kecamatan
        ],
        batch_size=1000,
    )
    puskesmas = _with_ids(Unit, puskesmas, unit_kinds.PUSKESMAS)
    for unit in puskesmas:
        unit.path = f"{unit.pk}/"
    Unit.objects.bulk_update(puskesmas, ["path"], batch_size=1000)
    by_kecamatan = {u.location_id: u for u in puskesmas}
    kec_of = {k.code: k.pk for k in kecamatan}
    posyandu = Unit.objects.bulk_create(
        [
            Unit(
                kind=unit_kinds.POSYANDU,
                code=f"{SYNTHETIC}{v.code}",
                name=f"Posyandu {v.name}",
                region=regions[v.region_code()],
                location=v,
                parent=by_kecamatan[kec_of[v.code.rsplit(".", 1)[0]]],
                path="",
            )
            for v in villages
        ],
        batch_size=1000,
    )
    posyandu = _with_ids(Unit, posyandu, unit_kinds.POSYANDU)
    for unit in posyandu:
        unit.path = f"{unit.parent_id}/{unit.pk}/"
    Unit.objects.bulk_update(posyandu, ["path"], batch_size=1000)
    return posyandu


def _with_ids(model: Any, created: list[Any], kind: str) -> list[Any]:
    """The created rows with primary keys (older SQLite returns none from bulk_create)."""
    if all(u.pk for u in created):
        return created
    return list(model.objects.filter(kind=kind, code__startswith=SYNTHETIC))


def make_commitments() -> None:
    """Ayo Ceting launched in all 19 kab/kota."""
    from replika.core.models import Wilayah
    from replika.replication.models import Commitment, Innovation, Stage

    innovation = Innovation.objects.get(code="ayo-ceting")
    for region in Wilayah.objects.filter(level=Wilayah.REGION):
        Commitment.objects.update_or_create(
            region=region,
            innovation=innovation,
            defaults={"stage": Stage.LAUNCHED, "signed_on": dt.date(2024, 1, 15), "is_demo": True},
        )


# --- children and their measurements, generated in numpy ------------------------------------


def months_ending(last: dt.date, count: int) -> list[dt.date]:
    """``count`` month starts ending with ``last``, oldest first."""
    from replika.nutrition import rules

    months = [last]
    while len(months) < count:
        months.append(rules.previous_period(months[-1]))
    return months[::-1]


def lms_value(indicator: str, sex: np.ndarray, age: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The measurement at z-score ``z`` for each child's sex and age (WHO LMS inverse)."""
    from replika.nutrition.growth.tables import AGE_ROWS, age_table

    table = age_table(indicator)
    index = (sex - 1) * AGE_ROWS + np.clip(age, 0, MAX_AGE_DAYS)
    lam, mu, sigma = table.l[index], table.m[index], table.s[index]
    return mu * np.power(1 + lam * sigma * z, 1 / lam)


def kbm_grams_by_month() -> np.ndarray:
    """The KBM for 0..60 completed months (0 where there is none: the first month)."""
    from replika.nutrition import rules

    return np.array([rules.kbm_grams(m) or 0 for m in range(61)])


def growth_codes(weight: np.ndarray, age: np.ndarray) -> np.ndarray:
    """SKDN N/T/B/O for a children × months weight grid (NaN = not weighed)."""
    kbm = kbm_grams_by_month()
    codes = np.full(weight.shape, "", dtype="<U1")
    last_weight = np.full(weight.shape[0], np.nan)
    last_month = np.full(weight.shape[0], -99)
    for m in range(weight.shape[1]):
        w = weight[:, m]
        seen = ~np.isnan(w)
        first = seen & np.isnan(last_weight)
        gap = seen & ~first & (m - last_month > 1)
        consecutive = seen & ~first & ~gap
        gained = np.rint((w - last_weight) * 1000)
        months_old = np.clip((age[:, m] / 30.4375).astype(int), 0, 60)
        needed = kbm[months_old]
        up = np.where(needed > 0, gained >= needed, gained > 0)
        codes[first, m] = "B"
        codes[gap, m] = "O"
        codes[consecutive & up, m] = "N"
        codes[consecutive & ~up, m] = "T"
        last_weight = np.where(seen, w, last_weight)
        last_month = np.where(seen, m, last_month)
    return codes


def child_batch(
    rng: np.random.Generator, first_id: int, count: int, posyandu: list[Any], months: list[dt.date]
) -> dict[str, np.ndarray]:
    """Children: ids, posyandu, sex, birth dates and their persistent z-scores."""
    end = months[-1]
    start = months[0]
    youngest = (end - dt.date(1970, 1, 1)).days
    # Under five at some point of the window: born from 59 months before its start.
    oldest = (start - dt.timedelta(days=MAX_AGE_DAYS - 30) - dt.date(1970, 1, 1)).days
    z_len = np.clip(rng.normal(-0.8, 1.1, count), -4.5, 4.0)
    return {
        "id": np.arange(first_id, first_id + count),
        "unit": rng.integers(0, len(posyandu), count),
        "sex": rng.integers(1, 3, count),
        "born": rng.integers(oldest, youngest, count),  # days since 1970-01-01
        "kia": rng.random(count) < 0.92,
        "z_len": z_len,
        "z_wei": np.clip(0.6 * z_len + rng.normal(-0.2, 0.8, count), -4.5, 4.0),
    }


def measurement_grid(
    rng: np.random.Generator, kids: dict[str, np.ndarray], months: list[dt.date]
) -> dict[str, np.ndarray]:
    """Weights, lengths, ages and visit days for every child × month (NaN = no visit)."""
    from replika.nutrition.growth import MEASURE_LYING, MEASURE_STANDING

    n, k = len(kids["id"]), len(months)
    epoch = dt.date(1970, 1, 1)
    month_days = np.array([(m - epoch).days for m in months])
    visit = month_days[None, :] + rng.integers(4, 27, (n, k))
    age = visit - kids["born"][:, None]
    present = (rng.random((n, k)) < ATTENDANCE) & (age >= 0) & (age <= MAX_AGE_DAYS)
    sex = np.broadcast_to(kids["sex"][:, None], (n, k))
    z_len = kids["z_len"][:, None] + rng.normal(0, 0.1, (n, k))
    z_wei = kids["z_wei"][:, None] + rng.normal(0, 0.15, (n, k))
    safe_age = np.where(present, age, 0)
    lenhei = lms_value("lhfa", sex, safe_age, z_len)
    lenhei = np.where(rng.random((n, k)) < MISTYPED, lenhei * 0.8, lenhei)
    weight = lms_value("wfa", sex, safe_age, z_wei)
    return {
        "present": present,
        "visit": visit,
        "age": age,
        "weight": np.where(present, np.round(weight, 1), np.nan),
        "lenhei": np.where(present, np.round(lenhei, 1), np.nan),
        "measure": np.where(age < 731, MEASURE_LYING, MEASURE_STANDING),
    }


NULL = "\\N"


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def bools(values: np.ndarray) -> list[str]:
    """Booleans as the engine's COPY/SQL text: t/f on PostgreSQL, 1/0 on SQLite."""
    true, false = ("t", "f") if _vendor() == "postgresql" else ("1", "0")
    return np.where(values, true, false).tolist()


def numbers(values: np.ndarray, decimals: int | None = None) -> list[str]:
    """Numbers as text, NaN as NULL."""
    values = np.asarray(values)
    if decimals is None:
        return values.astype(str).tolist()
    text = np.char.mod(f"%.{decimals}f", values)
    return np.where(np.isnan(values), NULL, text).tolist()


def days_text(days: np.ndarray) -> list[str]:
    """Days since 1970-01-01 as ISO dates."""
    return np.asarray(days, dtype="datetime64[D]").astype(str).tolist()


def constant(value: str, count: int) -> list[str]:
    return [value] * count


def now_text() -> str:
    """The current time as the database adapter writes it."""
    from django.db import connection
    from django.utils import timezone

    return str(connection.ops.adapt_datetimefield_value(timezone.now()))


def acute_columns(zwfl: np.ndarray, fwfl: np.ndarray) -> dict[str, list[str]]:
    """Gizi buruk / gizi kurang on weight-for-length (the generator writes no LiLA, no oedema)."""
    from replika.nutrition.rules import acute

    valid = ~np.isnan(zwfl) & ~fwfl.astype(bool)
    severe = valid & (zwfl < acute.SEVERE_Z)
    moderate = valid & ~severe & (zwfl < acute.MODERATE_Z)
    category = np.where(severe, acute.GIZI_BURUK, np.where(moderate, acute.GIZI_KURANG, ""))
    reasons = np.where(severe | moderate, acute.BY_WFL, "")
    return {"cat_acute": category.tolist(), "acute_reasons": reasons.tolist()}


def measurement_columns(
    kids: dict[str, np.ndarray], grid: dict[str, np.ndarray], window: list[dt.date], place: Any
) -> dict[str, list[str]]:
    """The measurement table's columns as text; z-scores and categories from the engine."""
    from replika.nutrition.growth import classify, zscores_from_codes

    codes = growth_codes(grid["weight"], grid["age"])
    child_i, month_i = np.nonzero(grid["present"])
    count = len(child_i)
    age = grid["age"][child_i, month_i]
    weight = grid["weight"][child_i, month_i]
    lenhei = grid["lenhei"][child_i, month_i]
    measure = grid["measure"][child_i, month_i]
    z = zscores_from_codes(kids["sex"][child_i], age, weight, lenhei, measure, False)
    cats = classify(z)
    region, location, unit = place
    unit_of = kids["unit"][child_i]
    period_text = np.array([m.isoformat() for m in window])
    now = now_text()
    return {
        "region_id": numbers(region[unit_of]),
        "location_id": numbers(location[unit_of]),
        "unit_id": numbers(unit[unit_of]),
        "created_at": constant(now, count),
        "updated_at": constant(now, count),
        "child_id": numbers(kids["id"][child_i]),
        "period": period_text[month_i].tolist(),
        "visit_date": days_text(grid["visit"][child_i, month_i]),
        "age_days": numbers(age),
        "weight": numbers(weight, 2),
        "lenhei": numbers(lenhei, 1),
        "measure": np.array(["", "l", "h"])[measure].tolist(),
        "oedema": bools(np.zeros(count, dtype=bool)),
        **{key: numbers(z[key], 2) for key in ("zlen", "zwei", "zwfl", "zbmi")},
        **{key: bools(z[key]) for key in ("flen", "fwei", "fwfl", "fbmi")},
        **{key: cats[key].tolist() for key in ("cat_zlen", "cat_zwei", "cat_zwfl", "cat_zbmi")},
        **acute_columns(z["zwfl"], z["fwfl"]),
        "growth": codes[child_i, month_i].tolist(),
        "source": constant("import", count),
    }


def child_columns(kids: dict[str, np.ndarray], place: Any) -> dict[str, list[str]]:
    """The child table's columns as text (ids are explicit so measurements can refer to them)."""
    region, location, unit = place
    count = len(kids["id"])
    ids = kids["id"].astype(str)
    names = np.char.add("Anak Sintetis ", ids)
    mothers = np.char.add("Ibu Sintetis ", ids)
    now = now_text()
    empty = constant("", count)
    return {
        "id": ids.tolist(),
        "region_id": numbers(region[kids["unit"]]),
        "location_id": numbers(location[kids["unit"]]),
        "unit_id": numbers(unit[kids["unit"]]),
        "created_at": constant(now, count),
        "updated_at": constant(now, count),
        "nik": empty,
        "no_kk": empty,
        "name": names.tolist(),
        "name_key": np.char.lower(names).tolist(),
        "sex": numbers(kids["sex"]),
        "birth_date": days_text(kids["born"]),
        "mother_name": mothers.tolist(),
        "mother_key": np.char.lower(mothers).tolist(),
        "mother_nik": empty,
        "father_nik": empty,
        "address": empty,
        "has_kia_book": bools(kids["kia"]),
        "active": bools(np.ones(count, dtype=bool)),
        "exit_reason": empty,
    }


# --- writers: COPY on PostgreSQL, executemany elsewhere -------------------------------------


def write_columns(table: str, columns: dict[str, list[str]]) -> int:
    """Append rows given as text columns: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    names = list(columns)
    rows = zip(*columns.values(), strict=True)
    written = len(columns[names[0]])
    if not written:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The generator's foreign keys are right by construction: skip the per-row FK
            # triggers and the wait for a synchronous commit (this session only).
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL synchronous_commit = off")
            with cursor.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                copy.write("".join("\t".join(row) + "\n" for row in rows))
            return written
        marks = ", ".join(["%s"] * len(names))
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",  # noqa: S608
            [tuple(None if v == NULL else v for v in row) for row in rows],
        )
    return written


@contextlib.contextmanager
def secondary_indexes_dropped(table: str) -> Iterator[None]:
    """On PostgreSQL, drop a table's plain indexes during the load and rebuild them after.

    Building an index once over millions of rows is far cheaper than updating it row by
    row; the primary key and unique constraints stay, so the load is still checked.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
            "AND i.indexname NOT IN (SELECT c.conname FROM pg_constraint c "
            "WHERE c.conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute(f"ANALYZE {table}")


def reset_sequence(table: str) -> None:
    """After explicit ids, move PostgreSQL's identity past them (SQLite needs nothing)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


def _load(
    rng: np.random.Generator,
    children: int,
    first_id: int,
    posyandu: list[Any],
    window: list[dt.date],
    place: Any,
    log: Callable[[str], None],
) -> int:
    """Write children and their measurements batch by batch; returns the measurements."""
    from django.db import transaction

    from replika.nutrition.models import Child, Measurement

    measured = 0
    for offset in range(0, children, CHUNK_CHILDREN):
        count = min(CHUNK_CHILDREN, children - offset)
        kids = child_batch(rng, first_id + offset, count, posyandu, window)
        grid = measurement_grid(rng, kids, window)
        with transaction.atomic():
            write_columns(Child._meta.db_table, child_columns(kids, place))
            columns = measurement_columns(kids, grid, window, place)
            del grid
            measured += write_columns(Measurement._meta.db_table, columns)
            del columns
        log(f"  {offset + count:>9,} children, {measured:>10,} measurements")
    return measured


# --- the whole run ---------------------------------------------------------------------------


def generate(
    *,
    children: int = 450_000,
    months: int = 12,
    seed: int = 2026,
    last_month: dt.date | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Make the synthetic province on the configured database; returns counts and timings."""
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from replika.nutrition import rules
    from replika.nutrition.models import Child, Measurement
    from replika.nutrition.services.summaries import summaries_rebuild

    timings: dict[str, float] = {}
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    last = last_month or rules.previous_period(rules.period_of(timezone.localdate()))
    window = months_ending(last, months)
    with transaction.atomic():
        posyandu = make_units()
        make_commitments()
    place = (
        np.array([u.region_id for u in posyandu]),
        np.array([u.location_id for u in posyandu]),
        np.array([u.pk for u in posyandu]),
    )
    timings["units"] = time.perf_counter() - started
    log(f"{len(posyandu)} posyandu, commitments in 19 kab/kota ({timings['units']:.1f} s)")

    first_id = (Child.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    t0 = time.perf_counter()
    with secondary_indexes_dropped(Measurement._meta.db_table):
        measured = _load(rng, children, first_id, posyandu, window, place, log)
    reset_sequence(Child._meta.db_table)
    timings["rows"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    result = summaries_rebuild(progress=lambda done, total: log(f"  summaries {done}/{total}"))
    timings["summaries"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - started
    log(
        f"{children:,} children, {measured:,} measurements, {result.rows:,} summary rows; "
        + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
    )
    return {
        "children": children,
        "measurements": measured,
        "summary_rows": result.rows,
        "timings": timings,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: check the target, create and migrate it, generate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=450_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reset", action="store_true", help="drop and re-create the database")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise SystemExit("set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/replika_bench)")
    check_target(url)
    if url.startswith("postgres"):
        ensure_postgres_database(url, args.reset)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "replika.config.settings")
    # Settings refuse to load without a real key when DEBUG is off; a throwaway one will do.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + secrets.token_urlsafe(48))
    import django

    django.setup()
    from django.core.management import call_command

    from replika.core.models import Unit

    call_command("migrate", verbosity=0)
    if Unit.objects.filter(code__startswith=SYNTHETIC).exists():
        raise SystemExit("this database already holds a synthetic province: use --reset")
    generate(children=args.children, months=args.months, seed=args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
