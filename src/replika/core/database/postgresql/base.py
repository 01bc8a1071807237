"""Django's PostgreSQL engine, checking a reused connection only after it sat idle.

With ``CONN_HEALTH_CHECKS``, Django sends ``SELECT 1`` before the first statement of every
request that reuses a connection, so that a connection the server dropped (a restart, an
idle timeout, a failover) is replaced instead of failing the request. Under load a
connection is reused milliseconds after its previous statement, and that check was one round
trip in five of a signed-in dashboard, on the web process and the database server alike.

Here a connection that ran a statement less than ``FRESH_SECONDS`` ago is taken as healthy;
one idle for longer is checked as Django does. The price: when the server drops connections
while they are in steady use, the next request on each of them fails once (its connection
is then closed and replaced at the request's end, as after any database error); requests
running at that moment fail in any case.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.backends.postgresql import base

# Idle timeouts of servers, pools and firewalls are minutes; a busy connection is reused
# within milliseconds.
FRESH_SECONDS = 2.0


class DatabaseWrapper(base.DatabaseWrapper):
    """PostgreSQL with the health check kept for connections that sat idle."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_used = float("-inf")

    def create_cursor(self, name: str | None = None) -> Any:
        # Every statement opens a cursor, after the health check (if one is due) ran.
        self.last_used = time.monotonic()
        return super().create_cursor(name)

    def close_if_health_check_failed(self) -> None:
        fresh = time.monotonic() - self.last_used < FRESH_SECONDS
        if self.connection is not None and fresh:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
