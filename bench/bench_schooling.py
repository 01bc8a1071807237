"""Benchmark Poltabes: the case import (100,000 rows) and the dashboards over 200,000 cases.

Creates a throwaway database (a SQLite file in a temporary directory, or a dedicated
PostgreSQL database next to the one in DATABASE_URL, dropped afterwards) with Poltabes live
in all 19 kab/kota.

``import``: a 100,000-row case list (the template's columns, spread over every nagari of the
province) is imported through the core framework by a province user, then imported again
(it must create nothing); rows per second of each run.

``dashboard``: 200,000 cases spread over the province and the last two years are written
in bulk (not timed), the summaries are rebuilt (timed), then the dashboard page is requested
through Django's test client for the province, each kab/kota and one kecamatan of each, many
times; p50/p95 of the page, and of the public summary API.

    .venv/bin/python bench/bench_schooling.py import
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/bench_schooling.py dashboard
    .venv/bin/python bench/bench_schooling.py import --rows 10000     # a quick run
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.bench_import import setup_django, throwaway_database  # noqa: E402

REASONS = ["ekonomi", "bekerja", "jarak", "menikah", "sakit", "tidak_berminat", "lainnya"]


def make_world() -> Any:
    """Poltabes live in every kab/kota; a province administrator to act."""
    from replika.core import services
    from replika.core.models import User, Wilayah
    from replika.replication.models import Commitment, Innovation, Stage

    poltabes = Innovation.objects.get(code="poltabes")
    for region in Wilayah.objects.filter(level=Wilayah.REGION):
        Commitment.objects.update_or_create(
            region=region, innovation=poltabes, defaults={"stage": Stage.LAUNCHED}
        )
    user = User.objects.create_user(username="bench.provinsi")
    services.membership_grant(
        actor=None, user=user, wilayah=Wilayah.objects.get(code="13"), role="admin_provinsi"
    )
    return user


def villages() -> list[Any]:
    from replika.core.models import Wilayah

    return list(Wilayah.objects.filter(level=Wilayah.VILLAGE).select_related("parent"))


def csv_rows(count: int) -> bytes:
    """A template file of ``count`` distinct children across every nagari."""
    rng = random.Random(7)
    places = [v.code for v in villages()]
    lines = ["nama;jenis kelamin;tanggal lahir;kode desa;status ats;jenjang;alasan;nama wali;rt;rw"]
    start = dt.date(2004, 1, 1)
    for i in range(count):
        born = start + dt.timedelta(days=rng.randint(0, 6000))
        lines.append(
            f"Anak {i};{'L' if i % 2 else 'P'};{born.isoformat()};{places[i % len(places)]};"
            f"{rng.choice(['DO;SMP', 'LTM;SD', 'belum pernah sekolah;'])};{rng.choice(REASONS)};"
            f"Wali {i};{rng.randint(1, 20):03d};{rng.randint(1, 9):03d}"
        )
    return ("\n".join(lines) + "\n").encode()


def database_cpu() -> float | None:
    """CPU seconds the PostgreSQL backend serving this connection has used (local server)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None  # SQLite runs inside this process: its CPU is in process_time
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # a server on another machine: only wall and client CPU are known
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_import(rows: int) -> None:
    from replika.schooling import importers

    user = make_world()
    content = csv_rows(rows)
    for label in ("first import", "re-import"):
        started, cpu, db_cpu = time.perf_counter(), time.process_time(), database_cpu()
        result = importers.import_file(
            user=user, kind="generic", content=content, file_name="bench.csv"
        )
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        server = database_cpu()
        db = ""
        if server is not None and db_cpu is not None:
            db = f", database CPU {server - db_cpu:.1f} s"
        print(
            f"{label}: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s; "
            f"CPU {cpu:.1f} s = {rows / cpu:,.0f} rows/CPU-s{db} "
            f"(created {result.created:,}, updated {result.updated:,}, "
            f"unchanged {result.unchanged:,}, bad {result.refused:,})"
        )


def bulk_cases(count: int) -> None:
    """``count`` cases in every status, reported over the last two years (written in bulk)."""
    from replika.schooling.models import Case
    from replika.schooling.rules.identity import name_key

    rng = random.Random(11)
    places = villages()
    today = dt.date.today()  # noqa: DTZ011 - synthetic dates
    statuses = ["reported", "verified", "assessed", "attending", "attending", "completed", "closed"]
    batch: list[Case] = []
    for i in range(count):
        village = places[i % len(places)]
        reported = today - dt.timedelta(days=rng.randint(0, 730))
        status = rng.choice(statuses)
        placed = status in ("attending", "completed")
        name = f"Anak {i}"
        batch.append(
            Case(
                region_id=village.parent.parent_id,
                location=village,
                name=name,
                name_key=name_key(name),
                sex=1 + i % 2,
                birth_date=reported - dt.timedelta(days=rng.randint(2500, 8000)),
                ats_type=rng.choice(["do", "ltm", "never"]),
                reason=rng.choice(REASONS),
                source="survey",
                status="reported" if placed else status,
                close_reason="moved_away" if status == "closed" else "",
                reported_on=reported,
                placed_on=reported + dt.timedelta(days=rng.randint(3, 60)) if placed else None,
                target_level=rng.choice(["SD", "SMP", "SMA"]) if placed else "",
                times_at_risk=1 if placed and rng.random() < 0.1 else 0,
                guardian_key=f"wali {i}",
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    Case.objects.bulk_create(batch)
    # Placed cases need a place (a database rule); one filial class per kab/kota holds them
    # for the benchmark, which never reads seats.
    from replika.core import services
    from replika.core.models import Wilayah

    for region in Wilayah.objects.filter(level=Wilayah.REGION):
        unit = services.unit_create(actor=None, kind="kelas_filial", name="Bench", region=region)
        Case.objects.filter(region=region, placed_on__isnull=False).update(
            place=unit, status="attending"
        )


def timed(call: Any, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"{label}: n={len(times)} p50={statistics.median(times):.1f} ms p95={p95:.1f} ms")


def bench_dashboard(cases: int, repeat: int) -> None:
    from django.conf import settings
    from django.test import Client, override_settings

    from replika.core.models import Wilayah
    from replika.schooling.services.summaries import rebuild_all

    # The test client speaks plain HTTP to "testserver"; static files are not collected.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SECURE_SSL_REDIRECT = False
    plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    override_settings(STORAGES={**settings.STORAGES, **plain}).enable()
    user = make_world()
    started = time.perf_counter()
    bulk_cases(cases)
    print(
        f"wrote {cases:,} cases in {time.perf_counter() - started:.1f} s (not part of the target)"
    )
    started = time.perf_counter()
    rebuilt = rebuild_all()
    print(f"summaries of {rebuilt} kab/kota rebuilt in {time.perf_counter() - started:.1f} s")
    client = Client()
    client.force_login(user)
    regions = list(Wilayah.objects.filter(level=Wilayah.REGION).order_by("code"))
    districts = [r.children.order_by("code").first() for r in regions]

    def page(code: str) -> None:
        response = client.get("/sekolah/dasbor/", {"wilayah": code})
        assert response.status_code == 200, response.status_code

    page("13")  # warm the caches of the first request
    report("dashboard, province", timed(lambda: page("13"), repeat))
    report(
        "dashboard, kab/kota (19)",
        [t for r in regions for t in timed(lambda r=r: page(r.code), max(1, repeat // 4))],
    )
    report(
        "dashboard, kecamatan (19)",
        [t for d in districts for t in timed(lambda d=d: page(d.code), max(1, repeat // 4))],
    )
    public = Client()
    report(
        "public summary API, kab/kota",
        [
            t
            for r in regions
            for t in timed(
                lambda r=r: public.get("/api/v1/schooling/summary", {"wilayah": r.code}),
                max(1, repeat // 4),
            )
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["import", "dashboard"])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    with throwaway_database() as where:
        print(f"database: {where}")
        setup_django()
        if args.what == "import":
            bench_import(args.rows)
        else:
            bench_dashboard(args.cases, args.repeat)


if __name__ == "__main__":
    main()
