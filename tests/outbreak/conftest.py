"""The outbreak test world: Kota Padang Panjang with an owner, a member and an outsider."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from replika.core.models import User
from tests.outbreak.factories import outbreak_world


@pytest.fixture
def world(db) -> SimpleNamespace:
    return outbreak_world()


@pytest.fixture
def owner(world) -> User:
    """The officer of Puskesmas Ganting: reports and sees her facility's cases."""
    return world.officer


@pytest.fixture
def member(world) -> User:
    """The Dinas surveillance officer of Kota Padang Panjang: the whole region."""
    return world.surveillance


@pytest.fixture
def outsider(world) -> User:
    """Kota Bukittinggi's surveillance officer: sees nothing of Padang Panjang."""
    return world.bkt_surveillance
