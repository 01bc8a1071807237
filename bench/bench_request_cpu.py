"""CPU cost of one request to each URL bench_load.py drives, measured in one process.

    .venv/bin/python bench/bench_request_cpu.py --database demo.sqlite3 [--repeat 2000]
    .venv/bin/python bench/bench_request_cpu.py --database demo.sqlite3 --profile dashboard
    .venv/bin/python bench/bench_request_cpu.py --database demo.sqlite3 --queries dashboard
    .venv/bin/python bench/bench_request_cpu.py --database-url postgres://…/demo_db

Wall-clock latencies under load say as much about the neighbours on a shared machine as
about the code; the CPU time one request costs does not. This calls the WSGI application
gunicorn serves (every middleware, the production settings: ``DEBUG`` off, local-memory
cache, ``LOG_LEVEL`` as given) directly, without a socket, on a copy of a demo SQLite
database, and reports per URL the mean CPU time (``time.process_time``) and the wall-time
p50/p99 of ``--repeat`` sequential requests after a warm-up. ``--profile NAME`` prints the
30 most expensive functions of that URL instead (cProfile, cumulative time; PROFILE_LINES,
PROFILE_SORT and PROFILE_DUMP=file change that), ``--queries NAME`` the SQL one request runs.

Measured 2026-11-29 on the shared 2-core machine (load average 14-16), demo database,
``--repeat 1000 --log-level INFO``, CPU ms per request, the main branch then this one
(``--gc-freeze``, as the gunicorn config does):

    public page   1.015 -> 0.315     prevalence API   1.202 -> 0.145
    portal        0.999 -> 0.335     tourism API      1.052 -> 0.149
    dashboard    18.9   -> 18.2      longest full GC pause 77 ms -> 26 ms (CPU)
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import secrets
import shutil
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD_USER = "gizi.padang"


def _settings(workdir: Path, database: Path | str, log_level: str) -> None:
    """Production-like settings on a copy of the demo SQLite database, or on the PostgreSQL
    database a URL names (used as it is: the requests only read), as bench_load.py sets them."""
    if isinstance(database, Path):
        copy = workdir / "bench.sqlite3"
        shutil.copyfile(database, copy)
        database = f"sqlite:///{copy}"
    os.environ.update(
        {
            "DATABASE_URL": database,
            "REPLIKA_VAR_DIR": str(workdir),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "REPLIKA_INSECURE_HTTP": "1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": log_level,
            "DJANGO_SETTINGS_MODULE": "replika.config.settings",
        }
    )
    for name in ("REDIS_URL", "REDIS_CACHE_URL"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT / "src"))


def _environ(path: str, cookie: str) -> dict[str, Any]:
    """A WSGI environ as gunicorn builds it for a GET on loopback."""
    route, _, query = path.partition("?")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": "*/*",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def _caller(
    application: Callable[..., Iterable[bytes]], path: str, cookie: str
) -> Callable[[], int]:
    """A function making one request and returning its status code."""

    def call() -> int:
        status: list[str] = []
        body = application(_environ(path, cookie), lambda s, h, e=None: status.append(s))
        try:
            for _chunk in body:
                pass
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        return int(status[0].split()[0])

    return call


def _targets() -> dict[str, tuple[str, str]]:
    """Name -> (path, cookie) of the URLs bench_load.py drives."""
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.test import Client
    from django.utils import timezone

    from replika.core.models import User
    from replika.nutrition import rules
    from replika.nutrition.selectors import dashboards

    client = Client()
    client.force_login(User.objects.get(username=DASHBOARD_USER))
    # A signed-in browser also holds the CSRF cookie its sign-in page set (any 32 letters and
    # digits make a valid secret); without it every page would mint and set a new one.
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
    periods = dashboards.public_periods(before=rules.period_of(timezone.localdate()))
    month = f"{periods[0]:%Y-%m}" if periods else ""
    return {
        "static": (staticfiles_storage.url("nutrition/dashboards.css"), ""),
        "public": (f"/gizi/publik/?bulan={month}", ""),
        "api": (f"/api/v1/nutrition/prevalence?wilayah=13.71&period={month}", ""),
        "portal": ("/wisata/portal/", ""),
        "tourism_api": ("/api/v1/tourism/statistics", ""),
        "dashboard": ("/gizi/dasbor/", cookie),
    }


class _Pauses:
    """Garbage-collector pauses (CPU time) seen while a run lasts (gc.callbacks)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.process_time()
        else:
            self.pauses.append((info["generation"], time.process_time() - self._started))

    def report(self) -> str:
        full = [s for g, s in self.pauses if g == 2]
        longest = max((s for _g, s in self.pauses), default=0.0)
        return (
            f"GC {len(self.pauses)} collections ({len(full)} full) "
            f"{sum(s for _g, s in self.pauses) * 1000:.1f} ms, longest {longest * 1000:.1f} ms"
        )


def _measure(call: Callable[[], int], repeat: int) -> tuple[float, float, float, int]:
    """Mean CPU ms, wall p50 and p99 ms of ``repeat`` calls, and the last status."""
    status = call()  # warm-up: fills the caches the run measures
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        status = call()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    ms = sorted(w * 1000 for w in wall)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return sum(cpu) * 1000 / repeat, statistics.median(ms), p99, status


def _print_queries(call: Callable[[], int]) -> None:
    """The statements of one warm request, in order, with their wall time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()
    with CaptureQueriesContext(connection) as captured:
        call()
    for number, query in enumerate(captured.captured_queries, start=1):
        print(f"{number:>3} {float(query['time']) * 1000:6.2f} ms  {query['sql']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--database", type=Path, help="a demo SQLite database")
    where.add_argument(
        "--database-url", help="a PostgreSQL database holding the demo (postgres://…/name)"
    )
    parser.add_argument("--repeat", type=int, default=2000, help="requests per URL")
    parser.add_argument("--log-level", default="WARNING", help="LOG_LEVEL of the run")
    parser.add_argument("--only", nargs="*", help="names of the URLs to measure")
    parser.add_argument("--profile", metavar="NAME", help="print a profile of this URL")
    parser.add_argument("--queries", metavar="NAME", help="print the SQL of one request")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after start-up, as the production gunicorn config does after preload",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="replika-bench-cpu-"))
    try:
        _settings(workdir, args.database or args.database_url, args.log_level)
        import django
        from django.core.management import call_command

        django.setup()
        # WhiteNoise lists the collected files when the application is made.
        call_command("collectstatic", "--no-input", verbosity=0)
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        targets = _targets()
        if args.gc_freeze:
            gc.collect()
            gc.freeze()
        if args.queries:
            _print_queries(_caller(application, *targets[args.queries]))
            return
        if args.profile:
            path, cookie = targets[args.profile]
            call = _caller(application, path, cookie)
            call()
            profile = cProfile.Profile()
            profile.runcall(lambda: [call() for _ in range(args.repeat)])
            if os.environ.get("PROFILE_DUMP"):
                profile.dump_stats(os.environ["PROFILE_DUMP"])
            pstats.Stats(profile).sort_stats(
                os.environ.get("PROFILE_SORT", "cumulative")
            ).print_stats(int(os.environ.get("PROFILE_LINES", "30")))
            return
        load = os.getloadavg()
        print(f"{args.repeat} requests per URL; load average {load[0]:.2f} before")
        for name, (path, cookie) in targets.items():
            if args.only and name not in args.only:
                continue
            pauses = _Pauses()
            gc.callbacks.append(pauses)
            try:
                cpu, p50, p99, status = _measure(_caller(application, path, cookie), args.repeat)
            finally:
                gc.callbacks.remove(pauses)
            print(
                f"{name:<12} {status}  CPU {cpu:7.3f} ms/request   "
                f"wall p50 {p50:7.3f} ms   p99 {p99:7.3f} ms   {pauses.report()}"
            )
        load = os.getloadavg()
        print(f"load average {load[0]:.2f} after")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
