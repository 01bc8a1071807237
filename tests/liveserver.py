"""A running Replika for the browser tests and the API fuzzing.

The site (migrated SQLite database with the demo data, collected static files and an API
token of a region officer) is built once per test run in a temporary directory, never in
the developer's ``var/`` and never in pytest's test database. Under pytest-xdist the
workers share that build (a file lock decides who builds it); each worker then serves its
own copy of the database with gunicorn on a free loopback port, so tests that write do not
step on each other.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "replika-demo-2021"
TOKEN_USER = "admin.padang"
START_TIMEOUT = 90
# Generous: on a loaded two-core CI runner migrate + demo can take a minute.
BUILD_TIMEOUT = 600
SECRET_KEY = "live-test-" + secrets.token_urlsafe(40)  # throwaway, one per test process


@dataclass(frozen=True)
class Site:
    """A built site: its var directory and the API token of the region officer."""

    var_dir: Path
    token: str


@dataclass(frozen=True)
class LiveServer:
    """A running server: where it answers and the files behind it."""

    url: str
    var_dir: Path
    token: str
    log: Path

    def manage(self, *args: str) -> str:
        """Run a ``replika`` command against this server's database; its output."""
        return run_replika(self.var_dir, *args)


def server_env(var_dir: Path) -> dict[str, str]:
    """The environment of the live server and of the commands run against its database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "PYTHONPATH"}
        and not key.startswith(("REPLIKA_", "PYTEST_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.liveserver_settings",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
            "REPLIKA_VAR_DIR": str(var_dir),
            "REPLIKA_MEDIA_ROOT": str(var_dir / "uploads"),
            "DATABASE_URL": f"sqlite:///{var_dir / 'replika.sqlite3'}",
            "DEBUG": "0",
            "REPLIKA_INSECURE_HTTP": "1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECRET_KEY": SECRET_KEY,
            "REPLIKA_TASK_BACKEND": "immediate",
            "AXES_FAILURE_LIMIT": "1000",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def run_replika(var_dir: Path, *args: str) -> str:
    """Run ``replika ARGS`` (Django's management commands) and return its standard output."""
    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-c", "from replika.cli import main; raise SystemExit(main())", *args],
        env=server_env(var_dir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"replika {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build_site(var_dir: Path) -> Site:
    """Migrate, load the demo, collect static files and issue the officer's token."""
    var_dir.mkdir(parents=True, exist_ok=True)
    run_replika(var_dir, "migrate", "--no-input", "-v0")
    run_replika(var_dir, "demo")
    run_replika(var_dir, "collectstatic", "--no-input", "-v0")
    token = run_replika(var_dir, "issue_token", TOKEN_USER, "live tests").strip()
    (var_dir / "token").write_text(token)
    (var_dir / "built").touch()
    return Site(var_dir=var_dir, token=token)


def shared_site(shared_dir: Path) -> Site:
    """The run's site, built by whichever xdist worker comes first."""
    var_dir = shared_dir / "replika-live-site"
    with open(shared_dir / "replika-live-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (var_dir / "built").exists():
            return Site(var_dir=var_dir, token=(var_dir / "token").read_text().strip())
        shutil.rmtree(var_dir, ignore_errors=True)
        return build_site(var_dir)


def own_copy(site: Site, var_dir: Path) -> Path:
    """A worker's own database (and upload folder) next to the shared static files."""
    var_dir.mkdir(parents=True, exist_ok=True)
    for name in ("replika.sqlite3", "replika.sqlite3-wal", "replika.sqlite3-shm"):
        if (site.var_dir / name).exists():
            shutil.copy2(site.var_dir / name, var_dir / name)
    (var_dir / "uploads").mkdir(exist_ok=True)
    static = var_dir / "static"
    if not static.exists():
        static.symlink_to(site.var_dir / "static", target_is_directory=True)
    return var_dir


def die_with_parent() -> None:
    """In the server's process: end when pytest ends, even if pytest is killed (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Block until ``/healthz`` answers 200, or fail with the server's log."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the live server exited:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the live server did not become healthy:\n{log.read_text()[-4000:]}")


@contextlib.contextmanager
def serve(site: Site, var_dir: Path) -> Iterator[LiveServer]:
    """Run gunicorn (two workers) on a copy of the site until the block ends."""
    var_dir = own_copy(site, var_dir)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = var_dir / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "replika.config.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "--graceful-timeout",
                "5",
            ],
            env=server_env(var_dir),
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent if sys.platform == "linux" else None,
        )
    try:
        wait_healthy(url, process, log)
        yield LiveServer(url=url, var_dir=var_dir, token=site.token, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def shared_dir_of(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary directory all xdist workers of this run share."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def live_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The run's built site (skips the PostgreSQL pass, see below)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # The live server always runs on its own SQLite file, so the PostgreSQL pass of
        # `make test` would only repeat the SQLite pass's browser and fuzzing runs.
        pytest.skip("live-server tests run in the SQLite pass (the server uses SQLite)")
    prebuilt = os.environ.get("REPLIKA_LIVE_SITE")
    if prebuilt and (Path(prebuilt) / "built").exists():
        # A developer's shortcut: reuse a site built by an earlier run; the database is
        # still copied, so the earlier run is not touched.
        return Site(var_dir=Path(prebuilt), token=(Path(prebuilt) / "token").read_text().strip())
    return shared_site(shared_dir_of(tmp_path_factory))


@pytest.fixture(scope="session")
def replika_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A Replika served by gunicorn with the demo data; see the module docstring."""
    with serve(live_site(tmp_path_factory), tmp_path_factory.mktemp("live")) as server:
        yield server
