"""The positions test world: an owner, a member and an outsider (see ``factories``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from replika.core.models import User
from tests.positions.factories import positions_world


@pytest.fixture
def world(db) -> SimpleNamespace:
    """Padang Panjang and Tanah Datar with SI JABPRI live (``factories.positions_world``)."""
    return positions_world()


@pytest.fixture
def owner(world) -> User:
    """The drafter of Padang Panjang's Diskominfo: drafts its positions."""
    return world.drafter


@pytest.fixture
def member(world) -> User:
    """Bagian Organisasi of Padang Panjang: verifies every OPD of the region."""
    return world.verifier


@pytest.fixture
def outsider(world) -> User:
    """Bagian Organisasi of Tanah Datar: sees nothing of Padang Panjang but the library."""
    return world.td_verifier
