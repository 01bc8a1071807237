"""Each database engine's own dump and load: SQLite's online backup API, pg_dump and psql."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DUMP_NAMES = {SQLITE: "db.sqlite3", POSTGRESQL: "dump.sql"}

# libpq reads the connection from these variables, so nothing secret is on a command line.
_PG_SETTINGS = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
_PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


class EngineError(RuntimeError):
    """A dump or load tool failed or is missing; the message says which and why."""


def sqlite_dump(connection: BaseDatabaseWrapper, target: Path) -> None:
    """Copy the live SQLite database into ``target`` with the online backup API."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        # A self-contained file: no write-ahead log beside it in the archive.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def sqlite_load(connection: BaseDatabaseWrapper, dump: Path) -> None:
    """Replace the whole SQLite database with the copy in ``dump`` (online backup API)."""
    name = str(connection.settings_dict["NAME"])
    connection.close()
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    target = sqlite3.connect(name)
    try:
        source.backup(target)
    except sqlite3.Error as exc:
        message = _("the SQLite copy could not be restored: %(error)s") % {"error": exc}
        raise EngineError(message) from exc
    finally:
        target.close()
        source.close()


def pg_environment(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    """The environment that points libpq tools at the configured PostgreSQL database."""
    env = dict(os.environ)
    for key, variable in _PG_SETTINGS.items():
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("NAME"):
        env["PGDATABASE"] = str(settings_dict["NAME"])
    options = settings_dict.get("OPTIONS") or {}
    for key, variable in _PG_OPTIONS.items():
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _tool(name: str) -> str:
    """The path of a PostgreSQL client program, or a clear error when it is not installed."""
    found = shutil.which(name)
    if found is None:
        raise EngineError(
            _("%(tool)s was not found: install the PostgreSQL client programs") % {"tool": name}
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    """Run a client program, turning a failure into an error with its message."""
    done = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip()[-2000:]
        raise EngineError(
            _("%(tool)s failed (exit %(code)s): %(detail)s")
            % {"tool": Path(command[0]).name, "code": done.returncode, "detail": detail}
        )


def postgres_dump(connection: BaseDatabaseWrapper, target: Path, snapshot: str) -> None:
    """Dump the database as plain SQL with pg_dump, reading the exported ``snapshot``."""
    command = [
        _tool("pg_dump"),
        "--format=plain",
        "--no-owner",
        "--no-privileges",
        f"--snapshot={snapshot}",
        f"--file={target}",
    ]
    _run(command, pg_environment(connection.settings_dict))


def postgres_load(connection: BaseDatabaseWrapper, dump: Path) -> None:
    """Load a plain SQL dump with psql in one transaction, stopping at the first error."""
    command = [
        _tool("psql"),
        "--no-psqlrc",
        "--quiet",
        "--set=ON_ERROR_STOP=1",
        "--single-transaction",
        f"--file={dump}",
    ]
    _run(command, pg_environment(connection.settings_dict))


def postgres_clear(connection: BaseDatabaseWrapper) -> None:
    """Drop every table and view of the current schema (restore --force only)."""
    with connection.cursor() as cursor:
        for info in connection.introspection.get_table_list(cursor):
            kind = "VIEW" if info.type == "v" else "TABLE"
            name = connection.ops.quote_name(info.name)
            cursor.execute(f"DROP {kind} IF EXISTS {name} CASCADE")
