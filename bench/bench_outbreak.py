"""Time the outbreak dashboards, the open-data API and a tracer's daily list at volume.

Builds (with --build) 500,000 COVID-19 cases over two years in the 19 kab/kota, 2,000,000
contacts of those cases (the ones still in their follow-up period get their daily rows) and
the daily summaries, with bulk SQL on PostgreSQL; then times, N times each:

- the dashboard selectors (figures, Rt with its interval, the epi curve, the map) for the
  province and one kab/kota, and the whole dashboard page through Django's test client;
- the public open-data API (JSON, one kab/kota, 90 days), its cache emptied before each call;
- a tracer's daily list (selector and page) for one kecamatan.

    createdb -h 127.0.0.1 -U postgres outbreak_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outbreak_bench \\
        .venv/bin/python bench/bench_outbreak.py --build [--repeat 50]

Targets (issue #15): dashboards p95 < 200 ms; open data p95 < 100 ms; tracer list p95 <
100 ms.

Measured 2026-11-29 with --build --repeat 50 (500,000 cases, 2,000,000 contacts, 554,008
follow-up days), PostgreSQL on the same 2-core machine shared with other test runs at a load
average of 15-17:

    dashboard selectors 13 (90 days)        p50  46.3 ms   p95 122.5 ms
    dashboard selectors 13.74 (90 days)     p50  58.7 ms   p95 109.7 ms
    dashboard page 13 (test client)         p50 142.7 ms   p95 192.5 ms
    dashboard page 13.74 (test client)      p50 160.7 ms   p95 346.4 ms
    open data 13.74 90 days (uncached)      p50  32.6 ms   p95  64.1 ms
    open data 13 90 days (uncached)         p50  44.0 ms   p95  75.8 ms
    tracer list selector (932 due today)    p50  31.3 ms   p95  59.6 ms
    tracer list page (test client)          p50 121.7 ms   p95 339.5 ms

The selectors and the open-data API meet their targets; the whole pages through the test
client (middleware, session, menu, template) do not at that load — on a quieter run of the
same code with 20,000 cases (load about 12) the pages measured p95 176 ms (dashboard 13),
192 ms (13.74) and 92 ms (tracer).

Since then the dashboard's aggregates are cached per version of the daily summaries (every
refresh bumps it, so the figures stay fresh), and the tracer page no longer counts its list
twice. Measured 2026-11-29 with --cases 50000 --contacts 200000 --repeat 30 (a small build),
the code before and after back to back on the same database, load average about 6:

    dashboard page 13 (test client)         before p50 61.2 ms p95 82.7 ms, after 40.8 / 44.4
    dashboard page 13.74 (test client)      before p50 69.6 ms p95 74.6 ms, after 39.8 / 47.9
    tracer list page (test client)          before p50 35.2 ms p95 41.5 ms, after 31.2 / 47.5

The page timings are of a warm cache (the first view of a summaries version computes the
figures as before: see the selector lines).

Re-built at full volume on 2026-11-29 (500,000 cases, 2,000,000 contacts, 557,032 follow-up
days; build about 4 minutes), then timed with --repeat 50 at a load average of about 7:

    dashboard page 13 / 13.74 (test client)  p95 164.4 / 141.5 ms
    open data 13.74 / 13 (uncached)          p95  87.6 /  50.9 ms
    tracer list selector / page              p95  83.2 / 267.5 ms

and without --build, --repeat 30, at a load average of 16-17 (wall, then this process's
CPU time; the rest of the wall time is PostgreSQL and waiting for a core):

    dashboard page 13 / 13.74                p95 283.5 / 333.5 ms   cpu p95 30.7 / 30.8 ms
    open data 13.74 / 13                     p95 167.4 / 176.7 ms   cpu p95 14.2 / 12.5 ms
    tracer list page                         p95 253.9 ms           cpu p95 23.9 ms

The Python side of every page costs 12-31 ms of CPU; the targets depend on a quiet machine.

The tracer list, 2026-11-30 (same full-volume database, --repeat 50): EXPLAIN (ANALYZE,
BUFFERS) of the list for kecamatan 13.74.01 (1,048 contacts due) before: the COUNT 90.3 ms
and the page 34.2 ms, each visiting 704 contact table blocks and 1,088 follow-up rows (5,051
buffers); repeated runs 10-15 ms each. After the partial covering index of followed contacts
(index-only, 0 heap fetches) and the totals carried on the page's rows (one query instead of
two): 11-19 ms for the one query. The database had not been vacuumed since the build (the
build now ends with VACUUM ANALYZE), which also slowed the old plan. Page timings, the
previous code and this one back to back on the vacuumed database, load average about 5.5:

    tracer list selector                     before p95 21.3 ms cpu 5.6, after 16.6 ms cpu 4.0
    tracer list page (test client)           before p95 57.6 ms cpu 20.6, after 43.5 ms cpu 17.8
    dashboard page 13 / 13.74 (unchanged)    p95 69.7 / 51.8 ms then 71.8 / 59.4 ms
    open data 13.74 / 13 (unchanged)         p95 20.1 / 27.6 ms then 30.4 / 37.1 ms
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

CASES = 500_000
CONTACTS = 2_000_000
DAYS = 730


def _p95(ms: list[float]) -> float:
    return ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]


def summary(label: str, timings: tuple[list[float], list[float]]) -> str:
    """Wall p50/p95/max and this process's CPU p50/p95 (the machine is shared: CPU time is
    what the code costs, wall time adds whatever else runs)."""
    wall, cpu = (sorted(s * 1000 for s in series) for series in timings)
    return (
        f"{label:<44} n={len(wall):<4} p50 {statistics.median(wall):7.1f} ms   "
        f"p95 {_p95(wall):7.1f} ms   max {wall[-1]:7.1f} ms   "
        f"cpu p50 {statistics.median(cpu):6.1f} p95 {_p95(cpu):6.1f} ms"
    )


def timed(repeat: int, work: Callable[[], Any]) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each of `repeat` runs, after one warm-up run."""
    work()
    durations, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        work()
        durations.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return durations, cpu


def build(cases: int, contacts: int) -> None:
    """Facilities, diseases and live commitments through the services; rows by bulk SQL."""
    from django.db import connection, transaction
    from django.utils import timezone

    from replika.core import services
    from replika.core.models import Unit, Wilayah
    from replika.outbreak.models import Disease
    from replika.outbreak.services.catalogue import disease_adopt
    from replika.replication.models import Commitment, Innovation, Stage

    pikobar = Innovation.objects.get(code="pikobar")
    regions = list(Wilayah.objects.filter(level=Wilayah.REGION).order_by("code"))
    with transaction.atomic():
        for region in regions:
            Commitment.objects.update_or_create(
                region=region,
                innovation=pikobar,
                defaults={"stage": Stage.LAUNCHED, "signed_on": dt.date(2021, 11, 15)},
            )
            disease_adopt(actor=None, region=region, code="covid19")
            places = list(Wilayah.objects.filter(level=4, code__startswith=region.code + "."))
            existing = Unit.objects.filter(
                region=region, kind="puskesmas", name__startswith="Bench"
            )
            for n in range(10 - existing.count()):
                services.unit_create(
                    actor=None,
                    kind="puskesmas",
                    name=f"Bench Puskesmas {region.code} {n}",
                    region=region,
                    location=places[(n * 7) % len(places)],
                )
    today = timezone.localdate()
    with connection.cursor() as cursor:
        print("clearing old bench rows …", flush=True)
        cursor.execute("TRUNCATE outbreak_followup, outbreak_contact, outbreak_dailycount CASCADE")
        cursor.execute("DELETE FROM outbreak_classificationchange")
        cursor.execute("DELETE FROM outbreak_labtest")
        cursor.execute("DELETE FROM outbreak_case")
        cursor.execute("DROP TABLE IF EXISTS bench_slot")
        cursor.execute(
            """
            CREATE TEMP TABLE bench_slot AS
            SELECT row_number() OVER (ORDER BY u.id) - 1 AS k, u.id AS unit_id,
                   u.region_id, u.location_id, l.parent_id AS district_id, d.id AS disease_id
            FROM core_unit u
            JOIN core_wilayah l ON l.id = u.location_id
            JOIN outbreak_disease d ON d.region_id = u.region_id AND d.code = 'covid19'
            WHERE u.name LIKE 'Bench Puskesmas %%'
            """
        )
        cursor.execute("SELECT count(*) FROM bench_slot")
        slots = cursor.fetchone()[0]
        print(f"inserting {cases:,} cases over {slots} facilities …", flush=True)
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO outbreak_case (region_id, location_id, district_id, unit_id, disease_id,
                disease_code, code, nik, name, birth_date, sex, phone, address, occupation,
                reported_on, onset_date, symptoms, symptoms_end, comorbidities, exposure,
                place_of_care, classification, status, submitted_at, verified_at,
                decline_reason, outcome, outcome_date, created_at, updated_at)
            SELECT s.region_id, s.location_id, s.district_id, s.unit_id, s.disease_id,
                'covid19', 'BENCH-' || g, '', 'Bench ' || g, NULL, CASE WHEN g %% 2 = 0
                THEN 'L' ELSE 'P' END, '', '', '', r.day, r.day - 2, 'demam', NULL, '', '',
                'rumah', 'konfirmasi', 'verified', now(), now(), '',
                CASE WHEN r.day + 14 < %(today)s THEN
                    CASE WHEN g %% 50 = 0 THEN 'died' ELSE 'recovered' END ELSE '' END,
                CASE WHEN r.day + 14 < %(today)s THEN r.day + 14 END, now(), now()
            FROM generate_series(1, %(cases)s) g
            JOIN bench_slot s ON s.k = g %% %(slots)s
            CROSS JOIN LATERAL (
                -- g keeps the subquery correlated: one random day per case, not one for all.
                SELECT (%(today)s - (g * 0 + %(days)s * random())::int)::date AS day
            ) r
            """,
            {"today": today, "cases": cases, "slots": slots, "days": DAYS - 1},
        )
        print(f"  {time.perf_counter() - started:.0f} s", flush=True)
        print(f"inserting {contacts:,} contacts …", flush=True)
        started = time.perf_counter()
        cursor.execute("SELECT min(id), count(*) FROM outbreak_case")
        first_case, total = cursor.fetchone()
        cursor.execute(
            """
            INSERT INTO outbreak_contact (region_id, location_id, unit_id, source_case_id, nik,
                name, phone, address, relationship, exposure_date, exposure_type, place,
                duration_minutes, follow_up_until, status, created_at, updated_at)
            SELECT c.region_id, c.location_id, c.unit_id, c.id, '', 'Kontak ' || g, '', '', '',
                c.reported_on, 'household', '', 60, c.reported_on + 14,
                CASE WHEN c.reported_on + 14 >= %(today)s THEN 'following' ELSE 'completed' END,
                now(), now()
            FROM generate_series(1, %(contacts)s) g
            JOIN outbreak_case c ON c.id = %(first)s + (g %% %(total)s)
            """,
            {"today": today, "contacts": contacts, "first": first_case, "total": total},
        )
        print(f"  {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO outbreak_followup (contact_id, day, result, note, at)
            SELECT k.id, k.exposure_date + n, CASE WHEN k.exposure_date + n < %(today)s
                THEN 'seen' ELSE '' END, '', NULL
            FROM outbreak_contact k CROSS JOIN generate_series(1, 14) n
            WHERE k.status = 'following'
            """,
            {"today": today},
        )
        cursor.execute("SELECT count(*) FROM outbreak_followup")
        print(f"follow-up days: {cursor.fetchone()[0]:,} ({time.perf_counter() - started:.0f} s)")
        started = time.perf_counter()
        for group in ("c.district_id", "NULL"):
            cursor.execute(
                f"""
                INSERT INTO outbreak_dailycount (region_id, district_id, disease_code, day,
                    new_cases, recovered, deaths, tests, positives)
                SELECT region_id, district_id, 'covid19', day, sum(n), sum(r), sum(d), 0, 0
                FROM (
                    SELECT c.region_id, {group}::bigint AS district_id, c.reported_on AS day,
                        1 AS n, 0 AS r, 0 AS d FROM outbreak_case c
                    UNION ALL
                    SELECT c.region_id, {group}::bigint, c.outcome_date,
                        (0)::int, (c.outcome = 'recovered')::int, (c.outcome = 'died')::int
                    FROM outbreak_case c WHERE c.outcome_date IS NOT NULL
                ) rows
                GROUP BY region_id, district_id, day
                """  # noqa: S608 - two fixed column expressions, no input
            )
        # VACUUM as autovacuum soon would after a bulk load: it sets the visibility map the
        # tracer list's index-only scans rely on (without it they visit the table anyway).
        cursor.execute("VACUUM ANALYZE")
        print(f"daily summaries: {time.perf_counter() - started:.0f} s", flush=True)
    print(f"diseases: {Disease.objects.count()}")


def tracer_user(district: Any) -> Any:
    from replika.core import services
    from replika.core.models import User

    user, _ = User.objects.get_or_create(username=f"bench-tracer-{district.code}")
    services.membership_grant(actor=None, user=user, wilayah=district, role="tracer")
    return user


def tracer_page_rows(selectors: Any, tracer: Any, today: dt.date) -> list[Any]:
    """What the tracer page reads: its first page of rows with the list's totals (one query)."""
    rows = selectors.tracer_list(tracer, today)
    entries, _total, _done = selectors.tracer_slice(rows, 0, 40)
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the outbreak module at volume.")
    parser.add_argument("--build", action="store_true", help="(re)build the bench rows first")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--region", default="13.74")
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--contacts", type=int, default=CONTACTS)
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    from synthetic_province import check_target

    check_target(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "replika.config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + secrets.token_urlsafe(48))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("REPLIKA_INSECURE_HTTP", "1")
    import django

    django.setup()
    import logging

    from django.core.management import call_command

    # One log line per request would drown the figures.
    logging.getLogger("replika.request").setLevel(logging.WARNING)

    call_command("migrate", verbosity=0)
    if args.build:
        build(args.cases, args.contacts)

    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils import timezone

    from replika.core import cache
    from replika.core.models import User, Wilayah
    from replika.outbreak.models import Case, Contact, FollowUp
    from replika.outbreak.selectors import cases as case_selectors
    from replika.outbreak.services.summaries import CACHE_NAMESPACE
    from replika.outbreak.views.dashboards import _context

    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}: "
        f"{Case.objects.count():,} cases, {Contact.objects.count():,} contacts, "
        f"{FollowUp.objects.count():,} follow-up days"
    )
    today = timezone.localdate()
    first = today - dt.timedelta(days=89)
    region = Wilayah.objects.get(code=args.region)
    for place in (None, region):
        label = place.code if place else "13"
        print(
            summary(
                f"dashboard selectors {label} (90 days)",
                timed(args.repeat, lambda p=place: _context(p, "covid19", first, today)),
            )
        )
    province_user, _ = User.objects.get_or_create(username="bench-province")
    from replika.core import services

    services.membership_grant(
        actor=None,
        user=province_user,
        wilayah=Wilayah.objects.get(code="13"),
        role="admin_provinsi",
    )
    plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES={**settings.STORAGES, **plain}):
        client = Client()
        client.force_login(province_user)
        for code in ("13", args.region):

            def page(c: str = code) -> None:
                response = client.get(
                    reverse("outbreak:dashboard"), {"disease": "covid19", "wilayah": c}
                )
                assert response.status_code == 200, response.status_code

            print(summary(f"dashboard page {code} (test client)", timed(args.repeat, page)))

        public = Client()
        query = {"disease": "covid19", "wilayah": args.region, "from": str(first), "to": str(today)}

        def open_data() -> None:
            cache.bump(CACHE_NAMESPACE)  # every call computes its answer
            response = public.get("/api/v1/outbreak/open-data", query)
            assert response.status_code == 200, response.status_code

        print(summary(f"open data {args.region} 90 days (uncached)", timed(args.repeat, open_data)))
        province_query = {**query, "wilayah": "13"}

        def open_province() -> None:
            cache.bump(CACHE_NAMESPACE)
            response = public.get("/api/v1/outbreak/open-data", province_query)
            assert response.status_code == 200

        print(summary("open data 13 90 days (uncached)", timed(args.repeat, open_province)))

        district = (
            Wilayah.objects.filter(level=3, code__startswith=args.region + ".")
            .order_by("code")
            .first()
        )
        tracer = tracer_user(district)
        due = case_selectors.tracer_list(tracer, today).count()
        print(f"tracer of {district.code} {district.name}: {due} contacts due today")
        print(
            summary(
                "tracer list selector (counts + first page)",
                timed(args.repeat, lambda: tracer_page_rows(case_selectors, tracer, today)),
            )
        )
        tracer_client = Client()
        tracer_client.force_login(tracer)

        def tracer_page() -> None:
            response = tracer_client.get(reverse("outbreak:tracer"))
            assert response.status_code == 200

        print(summary("tracer list page (test client)", timed(args.repeat, tracer_page)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
