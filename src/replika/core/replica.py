"""Dashboard reads from a PostgreSQL read replica, when one is configured.

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database and this router.
A read goes to the replica only when both hold:

- the model says its rows are aggregates that may be a moment old (``replica_reads = True``
  on the model class: summary tables, refreshed in the background anyway), and
- the read happens while a dashboard or a public figure is drawn (inside ``dashboard_reads``,
  which those views enter), and not inside a transaction on the primary.

Everything else reads the primary: access checks (memberships, revocations take effect at
once), registers, and the summary refresh itself, which must see its own writes. Writes and
migrations always go to the primary. Without a replica the router answers nothing and every
query uses ``default``, as before.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models

REPLICA = "replica"
_drawing: ContextVar[bool] = ContextVar("replika_dashboard_reads", default=False)

P = ParamSpec("P")
T = TypeVar("T")


def configured() -> bool:
    """Whether a read replica is configured."""
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def dashboard_reads() -> Iterator[None]:
    """Inside this block, reads of summary tables may be served by the replica."""
    token = _drawing.set(True)
    try:
        yield
    finally:
        _drawing.reset(token)


def reads_summaries(view: Callable[P, T]) -> Callable[P, T]:
    """Run a dashboard or public-figure view (or API handler) inside ``dashboard_reads``."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> T:
        with dashboard_reads():
            return view(*args, **kwargs)

    return wrapped


def use_replica_for(model: type[models.Model]) -> bool:
    """Whether a read of ``model`` made now goes to the replica."""
    return (
        configured()
        and _drawing.get()
        and bool(getattr(model, "replica_reads", False))
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """Summary reads of dashboards to the replica; everything else to the primary."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        return REPLICA if use_replica_for(model) else None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS if configured() else None

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: objects relate across them.
        return True if configured() else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica follows the primary by streaming replication, never by migrations.
        return False if db == REPLICA else None
