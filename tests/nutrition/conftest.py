"""The nutrition test world: Kota Padang with an owner, a member and an outsider.

``world`` holds the whole place (puskesmas, two posyandu, staff of every role); ``owner``,
``member`` and ``outsider`` name the three people most access tests need.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from replika.core.models import User
from tests.nutrition.factories import padang_world


@pytest.fixture
def world(db) -> SimpleNamespace:
    """Kota Padang with Ayo Ceting live (see ``factories.padang_world``)."""
    return padang_world()


@pytest.fixture
def owner(world) -> User:
    """The cadre of posyandu Mawar: records and sees her posyandu's children."""
    return world.cadre


@pytest.fixture
def member(world) -> User:
    """The midwife of Puskesmas Andalas: follows up every posyandu of her puskesmas."""
    return world.midwife


@pytest.fixture
def outsider(world) -> User:
    """The nutrition officer of Kabupaten Agam: sees nothing of Padang."""
    return world.agam_officer
