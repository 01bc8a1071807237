"""Benchmark the e-PPGBM import end to end: parse, validate, compute z-scores, store.

Creates a throwaway database (a SQLite file in a temporary directory, or a dedicated
PostgreSQL database next to the one in DATABASE_URL, dropped afterwards), registers
10,000 children at 20 posyandu through the base-data import, then imports a 100,000-row
measurement CSV (10 months), imports it again (must create 0 rows), and then imports the
same rows as xlsx into an emptied measurement table and again (first import and re-import,
timed separately). Each import is a full run of the core import framework: file checks,
parsing, z-scores, the chunked upsert, the run record, its audit event and the queued
summary refresh (run at once here, since the bench uses the immediate task backend).

    .venv/bin/python bench/bench_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_import.py
    .venv/bin/python bench/bench_import.py --children 1000 --months 10   # a quick run
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import secrets
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


@contextlib.contextmanager
def throwaway_database() -> Iterator[str]:
    """Point Django at a fresh database for the run and remove it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["REPLIKA_VAR_DIR"] = tmp
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            yield "SQLite (temporary file)"
        return
    import psycopg

    name = f"replika_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunparse(urlparse(url)._replace(path=f"/{name}"))
    try:
        yield f"PostgreSQL (database {name}, dropped afterwards)"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django() -> None:
    """Configure Django from the environment and create the schema."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "replika.config.settings")
    # Settings refuse to load without a real key when DEBUG is off; a throwaway one will do.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + secrets.token_urlsafe(48))
    os.environ.setdefault("TASK_BACKEND", "immediate")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def make_place(posyandus: int) -> tuple[Any, list[str]]:
    """Nutrition live in Kota Padang, a puskesmas with its posyandu, and its officer."""
    from replika.core import services
    from replika.core.models import User, Wilayah
    from replika.replication.models import Commitment, Innovation, Stage

    padang = Wilayah.objects.get(code="13.71")
    Commitment.objects.update_or_create(
        region=padang,
        innovation=Innovation.objects.get(code="ayo-ceting"),
        defaults={"stage": Stage.LAUNCHED, "signed_on": dt.date(2021, 11, 15)},
    )
    andalas = Wilayah.objects.get(code="13.71.02.1007")
    puskesmas = services.unit_create(
        actor=None, kind="puskesmas", name="Puskesmas Andalas", region=padang, location=andalas
    )
    names = [f"Posyandu Bench {i}" for i in range(posyandus)]
    for name in names:
        services.unit_create(
            actor=None,
            kind="posyandu",
            name=name,
            region=padang,
            location=andalas,
            parent=puskesmas,
        )
    officer = User.objects.create(username="bench-officer")
    services.membership_grant(
        actor=None, user=officer, wilayah=padang, role="petugas_puskesmas", unit=puskesmas
    )
    return officer, names


def server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine), else 0."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(label: str, rows: int, run: Callable[[], Any]) -> Any:
    """Run once and print rows per second, by the clock and per CPU second used.

    On a busy machine the clock figure mostly measures waiting for a CPU; the CPU figure
    (this process plus, for PostgreSQL, its server backend) is what the import itself costs.
    """
    start, cpu, server = time.perf_counter(), time.process_time(), server_cpu()
    result = run()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    server = server_cpu() - server
    counts = result.counts()
    print(
        f"{label:<33} {rows:>7} rows {seconds:7.2f} s {rows / seconds:7.0f} rows/s | "
        f"CPU {cpu:6.2f} s + server {server:6.2f} s: {rows / (cpu + server):6.0f} rows/CPU-s | "
        f"created={counts['created']} updated={counts['updated']} "
        f"unchanged={counts['unchanged']} bad={counts['bad']}"
    )
    return result


def machine() -> str:
    """CPUs and load, since other work on the machine slows every figure down."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return f"{os.cpu_count()} CPUs, load average {load[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=10)
    parser.add_argument("--posyandu", type=int, default=20)
    parser.add_argument("--no-xlsx", action="store_true")
    args = parser.parse_args()
    with throwaway_database() as where:
        setup_django()
        from bench.eppgbm_sample import (
            CHILD_HEADERS,
            MEASUREMENT_HEADERS,
            child_rows,
            make_children,
            measurement_rows,
            to_csv,
            to_xlsx,
        )

        from replika.nutrition.importers import KIND_CHILDREN, KIND_MEASUREMENTS, import_file
        from replika.nutrition.models import DirtySummary, Measurement

        print(f"database: {where}; {machine()}")
        officer, names = make_place(args.posyandu)
        children = make_children(args.children, names, dt.date(2021, 3, 1))
        months = [dt.date(2024, m, 1) for m in range(1, 13)][: args.months]
        rows = measurement_rows(children, months)
        base = to_csv(CHILD_HEADERS, child_rows(children))
        data = to_csv(MEASUREMENT_HEADERS, rows)

        def run(kind: str, file_type: str, content: bytes) -> Any:
            return lambda: import_file(
                user=officer, kind=kind, file_type=file_type, content=content
            )

        timed("children (base data), CSV", len(children), run(KIND_CHILDREN, "csv", base))
        first = timed(
            "measurements CSV, first import", len(rows), run(KIND_MEASUREMENTS, "csv", data)
        )
        again = timed("measurements CSV, re-import", len(rows), run(KIND_MEASUREMENTS, "csv", data))
        assert first.created == len(rows), "every row must be stored"
        assert again.created == 0 and again.updated == 0, "a re-import must change nothing"
        if not args.no_xlsx:
            sheet = to_xlsx(MEASUREMENT_HEADERS, rows)
            Measurement.objects.all().delete()
            DirtySummary.objects.all().delete()
            first = timed(
                "measurements xlsx, first import", len(rows), run(KIND_MEASUREMENTS, "xlsx", sheet)
            )
            again = timed(
                "measurements xlsx, re-import", len(rows), run(KIND_MEASUREMENTS, "xlsx", sheet)
            )
            assert first.created == len(rows), "every row must be stored"
            assert again.created == 0 and again.updated == 0, "a re-import must change nothing"


if __name__ == "__main__":
    main()
