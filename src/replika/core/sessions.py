"""Database sessions whose per-request read skips the query builder.

Every signed-in request reads its session row. Django's database store builds that lookup
(this key, not expired) with the ORM each time, and building it cost more than running it:
about a tenth of a dashboard's CPU. This store runs the same statement, written once per
database, on a plain cursor (a raw queryset's own set-up cost half as much again as the
read), and is otherwise Django's (``SESSION_ENGINE = "replika.core.sessions"``): the same
table, encoding, writes and ``clearsessions``.
"""

from __future__ import annotations

import logging
from functools import cache

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.utils import timezone


@cache
def _statement(alias: str) -> str:
    """The read of one live session, quoted for the database behind ``alias``."""
    quote = connections[alias].ops.quote_name
    table = quote(Session._meta.db_table)
    key, data, expiry = (quote(name) for name in ("session_key", "session_data", "expire_date"))
    # Only quoted names from the model go in; the key and the time are parameters. Only the
    # data is read: Django's store decodes it and nothing else (a save writes a new expiry).
    return f"SELECT {data} FROM {table} WHERE {key} = %s AND {expiry} > %s"  # noqa: S608


class SessionStore(DatabaseSessionStore):
    """Django's database session store with a prepared read (see the module docstring)."""

    def _get_session_from_db(self) -> Session | None:
        try:
            if not self.session_key:
                raise Session.DoesNotExist
            alias = router.db_for_read(Session) or DEFAULT_DB_ALIAS
            connection = connections[alias]
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            with connection.cursor() as cursor:
                cursor.execute(_statement(alias), [self.session_key, now])
                row = cursor.fetchone()
            if row is None:
                raise Session.DoesNotExist
            return Session(session_key=self.session_key, session_data=row[0])
        except (Session.DoesNotExist, SuspiciousOperation) as error:
            # As Django's store: a tampered key is logged, and either way the key is dropped.
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
                logger.warning(str(error))
            self._session_key = None
            return None
