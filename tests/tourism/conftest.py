"""The tourism test world: an owner (an operator), a member (the office), an outsider."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from replika.core.models import User
from tests.tourism.factories import world as make_world


@pytest.fixture
def world(db) -> SimpleNamespace:
    return make_world()


@pytest.fixture
def owner(world) -> User:
    """The operator of Hotel Bukik Gadang: files and sees her hotel only."""
    return world.operator


@pytest.fixture
def member(world) -> User:
    """The tourism office of Kota Payakumbuh: every entry of the city."""
    return world.dinas


@pytest.fixture
def outsider(world) -> User:
    """The tourism office of Kabupaten Pesisir Selatan: nothing of Payakumbuh."""
    return world.outsider
