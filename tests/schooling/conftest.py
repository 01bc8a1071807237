"""The schooling test world: Padang Pariaman's Disdik (owner), its pendata and school operator
(members), and Solok's Disdik (the outsider)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.schooling.factories import world as make_world


@pytest.fixture
def world(db) -> SimpleNamespace:
    return make_world()


@pytest.fixture
def owner(world):
    return world.disdik


@pytest.fixture
def outsider(world):
    return world.outsider
