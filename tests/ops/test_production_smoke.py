"""Production mode, tested: the README's production recipe, run for real on loopback.

The smoke test does what an operator does with the recipe, with nothing of the test
settings: ``DEBUG=0`` and a freshly generated ``SECRET_KEY``, PostgreSQL (a database of its
own on the test run's server, dropped afterwards), Redis for the cache and the RQ queue (a
database number of its own, emptied before and after), ``replika migrate``, ``replika demo``
(the demo accounts to sign in with), ``replika collectstatic`` (WhiteNoise's compressed
manifest), then gunicorn, ``replika worker`` and ``replika scheduler`` as separate processes.
Requests go through gunicorn as a TLS-terminating proxy would send them
(``X-Forwarded-Proto: https``), so secure cookies, the HTTPS redirect and CSRF's origin check
are the production ones.

It signs in as the demo user of each role and loads that role's main pages, checks the
public pages and a compressed static file, uploads an e-PPGBM children file that runs
through the Redis queue on the real worker, checks what the import wrote, and stops
everything. It runs in the PostgreSQL pass of ``make test`` (it needs a PostgreSQL server);
without Redis it is skipped with the reason, except under ``CI=true``, where a missing
PostgreSQL or Redis is a failure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bench.eppgbm_sample import CHILD_HEADERS, child_rows, make_children, to_csv

from tests import liveserver

ROOT = liveserver.ROOT
CLI = [sys.executable, "-c", "from replika.cli import main; raise SystemExit(main())"]
PASSWORD = liveserver.DEMO_PASSWORD
# The Redis database the smoke test may empty: one of its own, never the developer's.
REDIS_URL = os.environ.get("REPLIKA_SMOKE_REDIS_URL", "redis://127.0.0.1:6379/14")
START_TIMEOUT = 60
JOB_TIMEOUT = 60

# The demo user of each role and the pages that role works on (all answer 200).
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "provinsi": ("/", "/replikasi/", "/replikasi/matriks/", "/pengguna/", "/audit/"),
    "mentor": ("/", "/replikasi/", "/replikasi/matriks/", "/gizi/dasbor/"),
    "admin.padang": ("/", "/replikasi/", "/pengguna/", "/audit/", "/gizi/dasbor/"),
    "gizi.padang": ("/", "/gizi/dasbor/", "/gizi/anak/", "/gizi/rujukan/", "/gizi/impor/"),
    "bidan.andalas": ("/", "/gizi/anak/", "/gizi/rujukan/", "/gizi/rumah-gizi/"),
    "kader.padang": ("/", "/gizi/anak/", "/gizi/ibu/"),
    "penilai.1": ("/", "/kompetisi/penilaian/"),
    "panelis.1": ("/", "/kompetisi/penilaian/"),
}
PUBLIC_PAGES = ("/gizi/publik/", "/kompetisi/hasil/", "/api/v1/regions?level=2&parent=13")
IMPORTER = "gizi.padang"
POSYANDU = "Posyandu Mawar (demo)"


def _required(reason: str) -> None:
    """Skip with ``reason``, or fail under CI, where the smoke test must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the production smoke test: {reason}")
    pytest.skip(reason)


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        # `make test` runs the suite a second time on PostgreSQL; the smoke test runs there.
        pytest.skip(
            "the production smoke test needs PostgreSQL: it runs in the PostgreSQL pass of "
            "`make test` (DATABASE_URL=postgres://…)"
        )
    return url


def _redis() -> object:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        _required(f"Redis does not answer at {REDIS_URL} (set REPLIKA_SMOKE_REDIS_URL)")
    return client


@contextlib.contextmanager
def own_database(server_url: str) -> Iterator[str]:
    """A new PostgreSQL database on the test run's server, dropped at the end."""
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    name = f"replika_smoke_{uuid.uuid4().hex[:10]}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(var_dir: Path, database_url: str, port: int) -> dict[str, str]:
    """The README's production settings, pointed at the throwaway database and Redis."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "DEBUG"}
        and not key.startswith(("REPLIKA_", "PYTEST_", "AXES_"))
    }
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
            "REDIS_URL": REDIS_URL,
            "REPLIKA_TASK_BACKEND": "rq",
            "REPLIKA_VAR_DIR": str(var_dir),
            "REPLIKA_MEDIA_ROOT": str(var_dir / "uploads"),
            "REPLIKA_TRUSTED_PROXIES": "127.0.0.1",
            "REPLIKA_HEARTBEAT_SECONDS": "1",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def replika(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.Popen[bytes]:
    """Start ``replika ARGS`` in the background (its output in a log next to the data)."""
    log = open(Path(env["REPLIKA_VAR_DIR"]) / f"{args[0]}.log", "wb")  # noqa: SIM115
    return subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [*CLI, *args],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=liveserver.die_with_parent,
    )


def finish(process: subprocess.Popen[bytes], what: str, env: dict[str, str]) -> None:
    """Wait for a set-up command; fail with its log when it fails."""
    code = process.wait(timeout=180)
    if code != 0:
        log = Path(env["REPLIKA_VAR_DIR"]) / f"{what}.log"
        pytest.fail(f"replika {what} failed ({code}):\n{log.read_text()[-4000:]}")


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Ask every process to stop (SIGTERM, as a supervisor does); kill any that lingers."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Browser:
    """A small HTTP client behind a pretend TLS proxy: it keeps cookies (secure ones too,
    since the proxy's side is HTTPS) and sends the headers a browser and the proxy send."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            "Accept-Language": "id",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent.update({"Origin": self.origin, "Referer": f"{self.origin}{path}"})
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            content = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, {k.lower(): v for k, v in response.getheaders()}, content
        finally:
            conn.close()

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        fields = {"csrfmiddlewaretoken": self.csrf_token(path), **fields}
        body = urllib.parse.urlencode(fields).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def post_file(
        self, path: str, fields: dict[str, str], name: str, filename: str, content: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        fields = {"csrfmiddlewaretoken": self.csrf_token(path), **fields}
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", path, body, headers)

    def csrf_token(self, path: str) -> str:
        status, _headers, page = self.get(path)
        assert status == 200, f"GET {path} answered {status}"
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, f"no CSRF token on {path}"
        return found[1].decode()

    def sign_in(self, username: str) -> None:
        status, headers, _page = self.post_form(
            "/masuk/", {"username": username, "password": PASSWORD}
        )
        assert status == 302, f"{username} could not sign in ({status})"
        assert headers["location"] == "/", headers["location"]


def wait_healthy(port: int, gunicorn: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until /healthz answers 200 (database, Redis queue, a live worker)."""
    browser = Browser(port)
    deadline = time.monotonic() + START_TIMEOUT
    last = ""
    while time.monotonic() < deadline:
        if gunicorn.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()[-4000:]}")
        with contextlib.suppress(OSError):
            status, _headers, body = browser.get("/healthz")
            last = f"{status} {body[:500]!r}"
            if status == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"/healthz did not answer 200 within {START_TIMEOUT} s: {last}")


@pytest.fixture
def production(tmp_path: Path) -> Iterator[tuple[int, dict[str, str], object]]:
    """A production-configured Replika on a free port: gunicorn, a worker, the scheduler."""
    server_url = _postgres_url()
    redis = _redis()
    redis.flushdb()  # type: ignore[attr-defined]
    port = liveserver.free_port()
    processes: list[subprocess.Popen[bytes]] = []
    with own_database(server_url) as database_url:
        env = production_env(tmp_path, database_url, port)
        try:
            # Static files are collected while the database is built; gunicorn starts as
            # soon as the tables exist, while the demo data loads.
            static = replika(env, "collectstatic", "--no-input", "-v0")
            finish(replika(env, "migrate", "--no-input", "-v0"), "migrate", env)
            demo = replika(env, "demo")
            finish(static, "collectstatic", env)
            log = tmp_path / "gunicorn.log"
            with open(log, "wb") as out:
                gunicorn = subprocess.Popen(  # noqa: S603 - fixed arguments
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "--config=python:replika.config.gunicorn",
                        "replika.config.wsgi",
                        "--workers=2",
                        f"--bind=127.0.0.1:{port}",
                        "--graceful-timeout=5",
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    preexec_fn=liveserver.die_with_parent,
                )
            processes.append(gunicorn)
            finish(demo, "demo", env)
            processes.append(replika(env, "worker"))
            processes.append(replika(env, "scheduler"))
            wait_healthy(port, gunicorn, log)
            yield port, env, redis
        finally:
            stop(processes)
            redis.flushdb()  # type: ignore[attr-defined]


def _import_file() -> bytes:
    children = make_children(3, [POSYANDU], dt.date(2025, 1, 1), seed=23)
    rows = child_rows(children)
    for i, row in enumerate(rows):
        row[2] = f"Anak Asap {i + 1}"
    return to_csv(CHILD_HEADERS, rows)


def _wait_for_job(browser: Browser, job_id: str) -> dict[str, object]:
    deadline = time.monotonic() + JOB_TIMEOUT
    while time.monotonic() < deadline:
        status, _headers, body = browser.get(f"/api/v1/jobs/{job_id}")
        assert status == 200, body[:300]
        job = json.loads(body)
        if job["status"] in ("done", "failed"):
            return dict(job)
        time.sleep(0.3)
    pytest.fail(f"the import job {job_id} did not finish within {JOB_TIMEOUT} s")


def test_production_recipe_serves_every_role_and_runs_an_import_on_the_redis_queue(production):
    port, _env, redis = production

    # Production hardening is on: plain HTTP is redirected, HTTPS gets HSTS.
    insecure = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    insecure.request("GET", "/", headers={"Host": f"127.0.0.1:{port}"})
    redirect = insecure.getresponse()
    assert redirect.status == 301
    assert redirect.getheader("Location", "").startswith("https://")
    insecure.close()
    status, _headers, body = Browser(port).get("/healthz")
    health = json.loads(body)
    assert status == 200, health
    assert health["status"] == "ok"
    assert health["checks"]["workers"], health

    anonymous = Browser(port)
    for path in PUBLIC_PAGES:
        status, headers, _page = anonymous.get(path)
        assert status == 200, f"anonymous GET {path} answered {status}"
    status, headers, page = anonymous.get("/masuk/")
    assert status == 200
    assert "strict-transport-security" in headers
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', page)
    assert stylesheet, "the sign-in page links no stylesheet"
    status, headers, _css = anonymous.get(stylesheet[1].decode(), **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("content-encoding") == "gzip", "WhiteNoise serves no compressed file"
    assert "immutable" in headers.get("cache-control", "")

    for username, pages in ROLE_PAGES.items():
        browser = Browser(port)
        browser.sign_in(username)
        for path in pages:
            status, headers, body = browser.get(path)
            assert status == 200, f"{username}: GET {path} answered {status}"
            assert "private" in headers.get("cache-control", ""), f"{username}: {path}"
            assert b"</html>" in body, f"{username}: {path} is not a whole page"

    # An import through the Redis queue, run by the real worker process.
    officer = Browser(port)
    officer.sign_in(IMPORTER)
    status, headers, _page = officer.post_file(
        "/gizi/impor/", {"kind": "children"}, "file", "anak.csv", _import_file()
    )
    assert status == 302, f"the import upload answered {status}"
    job_id = re.fullmatch(r"/tugas/(\d+)/", headers["location"])[1]  # type: ignore[index]
    job = _wait_for_job(officer, job_id)
    assert job["status"] == "done", job
    result = job["result"]
    assert isinstance(result, dict)
    assert (result["read"], result["created"], result["refused"]) == (3, 3, 0), result
    status, _headers, children = officer.get("/gizi/anak/?q=Anak+Asap")
    assert status == 200
    assert all(f"Anak Asap {i}".encode() in children for i in (1, 2, 3))
    # The job went through RQ on Redis (not inline, not the database queue).
    assert redis.keys("rq:job:*"), "no RQ job in Redis"  # type: ignore[attr-defined]
    assert redis.smembers("rq:workers"), "no RQ worker registered"  # type: ignore[attr-defined]


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    """`replika check --deploy` with the README's production variables: no warning at all."""
    env = production_env(tmp_path, "postgres://replika:secret@db.invalid:5432/replika", 443)
    env.update(
        ALLOWED_HOSTS="replika.sumbarprov.go.id",
        CSRF_TRUSTED_ORIGINS="https://replika.sumbarprov.go.id",
        REDIS_URL="redis://redis.invalid:6379/0",
        EMAIL_URL="smtp+tls://replika:secret@smtp.invalid:587",
        DEFAULT_FROM_EMAIL="Replika <noreply@sumbarprov.go.id>",
    )
    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [*CLI, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
