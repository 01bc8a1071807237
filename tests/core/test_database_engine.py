"""PostgreSQL connections: a busy one is not checked before each request, an idle one is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from replika.core.database.postgresql import base

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the engine is PostgreSQL's (SQLite has no check)"
    ),
]


@pytest.fixture
def wrapper() -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own, outside the test's transaction, kept between requests as a
    web worker keeps one (the tests' settings close theirs after each request)."""
    own = base.DatabaseWrapper({**connections.settings["default"], "CONN_MAX_AGE": 60}, "default")
    yield own
    own.close()


def _between_requests(wrapper: BaseDatabaseWrapper) -> None:
    """What Django does when a request ends and the next begins (``close_old_connections``)."""
    wrapper.close_if_unusable_or_obsolete()
    wrapper.close_if_unusable_or_obsolete()


def _checks(wrapper: BaseDatabaseWrapper, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record every health check the wrapper makes."""
    seen: list[bool] = []
    real = wrapper.is_usable

    def counted() -> bool:
        usable = real()
        seen.append(usable)
        return usable

    monkeypatch.setattr(wrapper, "is_usable", counted)
    return seen


def _one(wrapper: BaseDatabaseWrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        return int(cursor.fetchone()[0])


def test_the_project_uses_this_engine():
    assert isinstance(connections["default"], base.DatabaseWrapper)
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_connection_used_a_moment_ago_is_not_checked(wrapper, monkeypatch):
    _one(wrapper)
    pid = wrapper.connection.info.backend_pid
    _between_requests(wrapper)
    checks = _checks(wrapper, monkeypatch)
    assert _one(wrapper) == 1
    assert checks == []
    assert wrapper.connection.info.backend_pid == pid  # the same connection, reused


def test_a_connection_that_sat_idle_is_checked(wrapper, monkeypatch):
    _one(wrapper)
    pid = wrapper.connection.info.backend_pid
    _between_requests(wrapper)
    wrapper.last_used -= base.FRESH_SECONDS + 1
    checks = _checks(wrapper, monkeypatch)
    assert _one(wrapper) == 1
    assert checks == [True]
    assert wrapper.connection.info.backend_pid == pid
    # Checked once per request, as Django does.
    assert _one(wrapper) == 1
    assert checks == [True]


def test_an_idle_connection_the_server_dropped_is_replaced(wrapper):
    _one(wrapper)
    pid = wrapper.connection.info.backend_pid
    _between_requests(wrapper)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    wrapper.last_used -= base.FRESH_SECONDS + 1
    # The request gets an answer instead of a server error.
    assert _one(wrapper) == 1
    assert wrapper.connection.info.backend_pid != pid
