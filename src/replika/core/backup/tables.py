"""Reading a database for the manifest: each table's row count and checksum, migration state.

Tables are found through the database's own table list and read through the installed
models, so Django's converters give booleans, decimals, datetimes and JSON the same Python
values on SQLite and PostgreSQL before they are made canonical.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from replika.core.backup.canonical import TableDigest, canonical_row, canonical_value
from replika.core.backup.manifest import TableSummary

CHUNK_ROWS = 2000


@contextmanager
def temporary_database(base_alias: str, **overrides: Any) -> Iterator[str]:
    """A connection alias configured like ``base_alias`` with ``overrides`` (another NAME)."""
    alias = f"replika_backup_{uuid.uuid4().hex[:12]}"
    settings_dict = copy.deepcopy(connections[base_alias].settings_dict)
    settings_dict.update(overrides)
    connections.settings[alias] = settings_dict
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def table_names(alias: str) -> list[str]:
    """The tables (not views) of the database, sorted."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _models_by_table(connection: BaseDatabaseWrapper) -> dict[str, type[models.Model]]:
    """The model that owns each table, including many-to-many and migration-record tables."""
    owners: dict[str, type[models.Model]] = {}
    candidates: list[type[models.Model]] = [
        *apps.get_models(include_auto_created=True),
        MigrationRecorder(connection).Migration,
    ]
    for model in candidates:
        meta = model._meta
        if not meta.proxy:
            owners.setdefault(meta.db_table, model)
    return owners


def _integer_key(model: type[models.Model]) -> bool:
    """Whether the primary key is an integer, so both engines order it the same way."""
    pk = model._meta.pk
    if pk is None:
        return False
    # A one-to-one parent link keys the table by its parent's (integer) key.
    target = pk.target_field if isinstance(pk, models.ForeignKey) else pk
    return isinstance(target, models.IntegerField)


def model_table_summary(model: type[models.Model], alias: str) -> TableSummary:
    """Rows and checksum of a model's table, rows in primary-key order."""
    fields = model._meta.concrete_fields
    digest = TableDigest([str(field.column) for field in fields])
    rows = model._base_manager.using(alias).values_list(*[field.attname for field in fields])
    pk = model._meta.pk
    if _integer_key(model) and pk is not None:
        for row in rows.order_by(pk.attname).iterator(chunk_size=CHUNK_ROWS):
            digest.add(row)
        return TableSummary(rows=digest.rows, sha256=digest.hexdigest())
    # Text keys sort by the database's collation, which differs between engines:
    # sort by the canonical key (code-point order) here instead.
    key_index = [field.attname for field in fields].index(pk.attname) if pk is not None else 0
    keyed = sorted(
        (canonical_value(row[key_index]) or "", canonical_row(row))
        for row in rows.iterator(chunk_size=CHUNK_ROWS)
    )
    for _key, line in keyed:
        digest.add_line(line)
    return TableSummary(rows=digest.rows, sha256=digest.hexdigest())


def raw_table_summary(table: str, alias: str) -> TableSummary:
    """Rows and checksum of a table no installed model owns, rows sorted by their text."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        # The name comes from the database's own table list, quoted by the backend.
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        columns = [column[0] for column in cursor.description]
        lines = sorted(canonical_row(row) for row in cursor.fetchall())
    digest = TableDigest(columns)
    for line in lines:
        digest.add_line(line)
    return TableSummary(rows=digest.rows, sha256=digest.hexdigest())


def table_summaries(alias: str) -> dict[str, TableSummary]:
    """Row count and checksum of every table in the database."""
    owners = _models_by_table(connections[alias])
    summaries: dict[str, TableSummary] = {}
    for table in table_names(alias):
        model = owners.get(table)
        if model is not None:
            summaries[table] = model_table_summary(model, alias)
        else:
            summaries[table] = raw_table_summary(table, alias)
    return summaries


def applied_migrations(alias: str) -> dict[str, str]:
    """The latest applied migration (by name) of each app."""
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return {}
    latest: dict[str, str] = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        latest[app_label] = name
    return latest


def pending_migrations(alias: str) -> list[str]:
    """Migrations of the installed code that the database has not applied yet."""
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
