"""Load benchmark: public pages, the public API, a signed-in dashboard and a static file.

    .venv/bin/python bench/bench_load.py [--seconds 5] [--connections 32] [--database demo.sqlite3]
    .venv/bin/python bench/bench_load.py --postgres postgres://postgres@127.0.0.1:5432/postgres

It builds a throwaway SQLite database (``migrate`` + ``demo``, or a copy of ``--database``) or,
with ``--postgres SERVER_URL``, a throwaway database on that PostgreSQL server (dropped at the
end), as production runs,
collects static files, starts gunicorn on a free loopback port exactly as the README's
production recipe does (``-c python:replika.config.gunicorn``: workers, threads, preload and
``gc.freeze``; ``DEBUG`` off, production's log level, whitenoise serving static files; only
``--workers``/``--threads`` override it, for A/B runs), drives each URL for ``--seconds`` at
``--connections`` connections with ``wrk`` (a small threaded client of its own when ``wrk``
is not installed), prints requests/s, p50/p90/p99 and the load average after each URL next
to the targets, stops gunicorn and removes everything it made. ``--only public dashboard``
runs the URLs whose label starts with those words.

For the CPU one request costs (steady on a busy machine), see bench_request_cpu.py.

Targets (operations issue, 2 cores, 32 connections): public page and public API >= 1,500
req/s with p99 < 100 ms, i.e. at least a third of the static-file ceiling; signed-in
dashboard p99 < 300 ms.

Measured 2026-11-30 on the 2-core machine, ``--seconds 4`` with ``wrk``, req/s and p99, after a
signed-in request's identity became one statement written once per database, and its menu and
the dashboard's heading were kept between requests:

                                 --database demo.sqlite3    --postgres (server on the same cores)
    static file (ceiling)        4,389 req/s  p99 26.6 ms   5,150 req/s  p99 20.4 ms
    public page /gizi/publik/    3,543 req/s  p99 32.6 ms   3,738 req/s  p99 26.7 ms
    public API prevalence 13.71  5,375 req/s  p99 20.6 ms   5,232 req/s  p99 21.4 ms
    public page /wisata/portal/  3,616 req/s  p99 28.0 ms   3,603 req/s  p99 28.5 ms
    public API tourism stats     5,188 req/s  p99 20.9 ms   5,080 req/s  p99 21.4 ms
    dashboard (signed in)          612 req/s  p99 89.2 ms     312 req/s  p99 153.8 ms

The same day, the code before that change gave the PostgreSQL dashboard 190-264 req/s (p99
157-250 ms) against 260-326 req/s (p99 177-233 ms) after it, runs alternated. The machine's
speed varies severalfold from minute to minute (static ceilings of 2,300 to 8,000 req/s were
seen on different days): compare runs back to back, and read the static ceiling of the same
run before the other figures.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PUBLIC_TARGET_RPS = 1500.0
PUBLIC_TARGET_P99_MS = 100.0
SIGNED_IN_TARGET_P99_MS = 300.0
DASHBOARD_USER = "gizi.padang"

# Run inside the throwaway database: a session for the dashboard user, a month the public
# page offers, and a static file's hashed name. Prints one JSON line.
_PREPARE = """
import json
import secrets
import string
import django
django.setup()
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
from django.utils import timezone
from replika.core.models import User
from replika.nutrition import rules
from replika.nutrition.selectors import dashboards
client = Client()
client.force_login(User.objects.get(username=%(user)r))
periods = dashboards.public_periods(before=rules.period_of(timezone.localdate()))
# A signed-in browser also holds the CSRF cookie its sign-in page set (any 32 letters and
# digits make a valid secret); without it every page would mint and set a new one.
csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
print(json.dumps({
    "cookie": settings.SESSION_COOKIE_NAME + "="
    + client.cookies[settings.SESSION_COOKIE_NAME].value
    + "; " + settings.CSRF_COOKIE_NAME + "=" + csrf,
    "period": f"{periods[0]:%%Y-%%m}" if periods else "",
    "static": staticfiles_storage.url("nutrition/dashboards.css"),
}))
"""


@dataclass
class Result:
    """What one load run measured."""

    label: str
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    errors: int
    load: float = 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(workdir: Path, database_url: str) -> dict[str, str]:
    """Production-like settings pointed at the throwaway database and folders."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "REPLIKA_VAR_DIR": str(workdir),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(48),
            # Plain HTTP on loopback: no proxy terminates TLS in front of this gunicorn.
            "REPLIKA_INSECURE_HTTP": "1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    env.pop("REDIS_URL", None)
    return env


@contextlib.contextmanager
def _postgres_database(server_url: str) -> Iterator[str]:
    """A new database on the PostgreSQL server of ``server_url``, dropped afterwards."""
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    name = f"replika_bench_load_{secrets.token_hex(4)}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _replika(env: dict[str, str], *args: str) -> str:
    """Run a management command in the throwaway environment and return its output."""
    done = subprocess.run(  # noqa: S603 — our own executables, fixed arguments
        [str(BIN / "replika"), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def _prepare(env: dict[str, str], source: Path | None, database: Path) -> dict[str, str]:
    """Build (or copy) the database, collect static files, and fetch what the runs need."""
    if source is not None:
        shutil.copyfile(source, database)
    _replika(env, "migrate", "--no-input", "-v0")
    if source is None:
        _replika(env, "demo")
    _replika(env, "collectstatic", "--no-input", "-v0")
    done = subprocess.run(  # noqa: S603 — our own executables, fixed arguments
        [str(BIN / "python"), "-c", _PREPARE % {"user": DASHBOARD_USER}],
        env={**env, "DJANGO_SETTINGS_MODULE": "replika.config.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _start_gunicorn(
    env: dict[str, str], port: int, overrides: list[str], log: IO[bytes]
) -> subprocess.Popen[bytes]:
    """gunicorn with the production config file on loopback, waiting until it answers."""
    server = subprocess.Popen(  # noqa: S603 — our own gunicorn, fixed arguments
        [
            str(BIN / "gunicorn"),
            "--config=python:replika.config.gunicorn",
            f"--bind=127.0.0.1:{port}",
            *overrides,
            "replika.config.wsgi",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        # Any HTTP answer means gunicorn is up (/healthz is 503 here: no task worker runs).
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
        finally:
            conn.close()
    server.terminate()
    raise SystemExit("gunicorn did not answer within 30 s")


def _warm_up(port: int, path: str, cookie: str) -> None:
    """One request, so the run measures warm caches."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        conn.getresponse().read()
    finally:
        conn.close()


def _ms(text: str) -> float:
    """A wrk duration ("812.00us", "3.21ms", "1.02s") in milliseconds."""
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _wrk(label: str, url: str, cookie: str, seconds: int, connections: int) -> Result:
    """One timed run with wrk, parsed from its --latency report."""
    # Two client threads: on two cores, more only take CPU from the server they measure.
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(  # noqa: S603 — wrk against our loopback URL
        [*command, url], check=True, capture_output=True, text=True, timeout=seconds + 30
    ).stdout
    percentiles = dict(re.findall(r"^[ \t]+(\d+)%[ \t]+(\S+)[ \t]*$", out, re.MULTILINE))
    if "99" not in percentiles:
        raise SystemExit(f"wrk gave no latency distribution for {url}:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    failed = int(errors.group(1)) if errors else 0
    if socket_errors:
        failed += sum(int(n) for n in socket_errors.groups())
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return Result(
        label=label,
        rps=float(rps.group(1)) if rps else 0.0,
        p50_ms=_ms(percentiles["50"]),
        p90_ms=_ms(percentiles["90"]),
        p99_ms=_ms(percentiles["99"]),
        errors=failed,
    )


def _threads(label: str, url: str, cookie: str, seconds: int, connections: int) -> Result:
    """One timed run with a keep-alive client per thread (when wrk is not installed)."""
    match = re.fullmatch(r"http://([^:/]+):(\d+)(/.*)", url)
    assert match is not None
    host, port, path = match.group(1), int(match.group(2)), match.group(3)
    headers = {"Cookie": cookie} if cookie else {}
    stop = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def drive(slot: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[slot] += 1
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10)
                continue
            latencies[slot].append((time.perf_counter() - started) * 1000)
        conn.close()

    workers = [threading.Thread(target=drive, args=(i,)) for i in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    ms = sorted(x for slot in latencies for x in slot)
    if not ms:
        return Result(label, 0.0, 0.0, 0.0, 0.0, sum(errors))

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, round(p * (len(ms) - 1)))]

    return Result(
        label, len(ms) / seconds, statistics.median(ms), pct(0.90), pct(0.99), sum(errors)
    )


def _verdict(result: Result, ceiling: float) -> str:
    """Whether a result meets its target (the static file is the ceiling, no target)."""
    if result.label.startswith("static"):
        return "(ceiling)"
    if result.label.startswith("dashboard"):
        ok = result.p99_ms < SIGNED_IN_TARGET_P99_MS and not result.errors
        return f"{'OK ' if ok else 'MISS'} target p99 < {SIGNED_IN_TARGET_P99_MS:.0f} ms"
    need = max(PUBLIC_TARGET_RPS, ceiling / 3) if ceiling else PUBLIC_TARGET_RPS
    ok = result.rps >= PUBLIC_TARGET_RPS and result.p99_ms < PUBLIC_TARGET_P99_MS
    ok = ok and result.rps >= ceiling / 3 and not result.errors
    return (
        f"{'OK ' if ok else 'MISS'} target >= {need:,.0f} req/s (max of 1,500 and a third of "
        f"the ceiling), p99 < {PUBLIC_TARGET_P99_MS:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--workers", type=int, help="override the config's workers (default: one per core)"
    )
    parser.add_argument("--threads", type=int, help="override the config's threads per worker")
    parser.add_argument(
        "--only", nargs="*", help="run only the URLs whose label starts with one of these words"
    )
    parser.add_argument("--database", type=Path, help="copy this demo SQLite database")
    parser.add_argument(
        "--postgres", metavar="SERVER_URL", help="build the demo in a throwaway PostgreSQL database"
    )
    parser.add_argument("--client", choices=("auto", "wrk", "threads"), default="auto")
    args = parser.parse_args()
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    run = _wrk if use_wrk else _threads

    workdir = Path(tempfile.mkdtemp(prefix="replika-bench-load-"))
    server: subprocess.Popen[bytes] | None = None
    stack = contextlib.ExitStack()
    try:
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        if args.postgres:
            database_url = stack.enter_context(_postgres_database(args.postgres))
        env = _environment(workdir, database_url)
        print(
            f"building the database (migrate + demo) on {database_url.split(':')[0]} and "
            "collecting static files …",
            flush=True,
        )
        facts = _prepare(env, None if args.postgres else args.database, workdir / "bench.sqlite3")
        port = _free_port()
        log = (workdir / "gunicorn.log").open("wb")
        overrides = [f"--workers={args.workers}"] if args.workers else []
        overrides += [f"--threads={args.threads}"] if args.threads else []
        server = _start_gunicorn(env, port, overrides, log)
        base = f"http://127.0.0.1:{port}"
        month = facts["period"]
        targets = [
            ("static file", f"{base}{facts['static']}", ""),
            ("public page /gizi/publik/", f"{base}/gizi/publik/?bulan={month}", ""),
            (
                "public API prevalence 13.71",
                f"{base}/api/v1/nutrition/prevalence?wilayah=13.71&period={month}",
                "",
            ),
            ("public page /wisata/portal/", f"{base}/wisata/portal/", ""),
            ("public API tourism statistics", f"{base}/api/v1/tourism/statistics", ""),
            ("dashboard (signed in)", f"{base}/gizi/dasbor/", facts["cookie"]),
        ]
        if args.only:
            targets = [t for t in targets if t[0].split()[0] in args.only]
        load = os.getloadavg()
        print(
            f"gunicorn: replika.config.gunicorn {' '.join(overrides) or '(as documented)'}; "
            f"client: {'wrk' if use_wrk else 'threads'}; {args.connections} connections, "
            f"{args.seconds} s each; load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        results = []
        for label, url, cookie in targets:
            # One warm-up request fills the caches the run measures.
            _warm_up(port, url.removeprefix(base), cookie)
            result = run(label, url, cookie, args.seconds, args.connections)
            result.load = os.getloadavg()[0]
            results.append(result)
        ceiling = results[0].rps if results[0].label.startswith("static") else 0.0
        for r in results:
            print(
                f"{r.label:<30} {r.rps:7,.0f} req/s  p50 {r.p50_ms:6.1f}  p90 {r.p90_ms:6.1f}  "
                f"p99 {r.p99_ms:6.1f} ms  err {r.errors:<3} load {r.load:5.2f}  "
                f"{_verdict(r, ceiling)}"
            )
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)
        stack.close()


if __name__ == "__main__":
    main()
