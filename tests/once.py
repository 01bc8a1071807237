"""Test data made once per module, every test still rolled back to it.

Django's ``TestCase.setUpTestData`` for pytest: the rows are written once, in a transaction
that stays open while the module runs and is rolled back at its end. Each test runs in a
savepoint inside it (pytest-django's ``db``), so whatever a test writes is undone before the
next one, and each test gets its own deep copy of the Python objects, so an attribute one
test changes never reaches another. For the long tables of bad-input and cross-region
cases, where every case needs the same world and only the world took the time.

Use it for a module whose every database test takes the shared data (a test that made the
same rows itself would collide with them), and never with ``transactional_db``::

    @pytest.fixture(scope="module")
    def world_once(django_db_setup, django_db_blocker):
        yield from made_once(django_db_blocker, make_world)

    @pytest.fixture
    def world(world_once, db):
        return copy.deepcopy(world_once)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.db import transaction
from django.utils import translation

T = TypeVar("T")


def made_once(django_db_blocker: Any, make: Callable[[], T]) -> Iterator[T]:
    """Make the data in a transaction kept open until the module ends, then roll it back."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            # As every test runs (the autouse ``english_outside_requests``), so the rows
            # say what they would have said had each test made them.
            with translation.override("en"):
                made = make()
        except BaseException as error:
            outer.__exit__(type(error), error, error.__traceback__)
            raise
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
