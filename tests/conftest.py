"""Shared fixtures: the owner, member and outsider of a region, and signed-in clients."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import user_with_role

# Tests that spend minutes in other processes: the production stack built from scratch
# (PostgreSQL pass) and the live site the API fuzzing builds for every live-server test
# (SQLite pass). pytest-django puts tests without the test database last, so under xdist
# these started near the end of a pass while the other worker ran out of tests and waited;
# started first, one on each worker, the rest of the suite runs beside them. The order
# changes nothing else: neither uses the test database.
LONG_FIRST = (
    "tests/ops/test_production_smoke.py::test_production_recipe_serves_every_role",
    "tests/api_fuzz/test_openapi_fuzz.py::",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the long tests first (after pytest-django has ordered the rest)."""

    def rank(item: pytest.Item) -> int:
        for i, prefix in enumerate(LONG_FIRST):
            if item.nodeid.startswith(prefix):
                return i
        return len(LONG_FIRST)

    items.sort(key=rank)  # stable: the order within the rest is kept


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Service messages are asserted in English; each page still picks its own language."""
    with translation.override("en"):
        yield


@pytest.fixture
def province_admin(db):
    return user_with_role("admin_provinsi", "13")


@pytest.fixture
def mentor(db):
    return user_with_role("mentor", "13")


@pytest.fixture
def padang_admin(db):
    """Region administrator of Kota Padang (the owner in most tests)."""
    return user_with_role("admin_daerah", "13.71")


@pytest.fixture
def agam_admin(db):
    """Region administrator of Kabupaten Agam (the outsider to Padang's data)."""
    return user_with_role("admin_daerah", "13.06")


@pytest.fixture
def nobody(db):
    """A signed-in user without any role."""
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns a client signed in as that user."""

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: public answers cached by one never reach another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
