"""The replication world: Kota Padang's commitments, its administrator, a mentor, Kab. Agam."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

import pytest

from replika.core.models import User
from replika.replication.models import Commitment, Stage
from tests.factories import CommitmentFactory, innovation, region


class ReplicationWorld:
    """Kota Padang replicating innovations, seen by its owner, a member and an outsider.

    The commitments are made when a test first asks for one, so that a test counting rows
    sees only those it uses.
    """

    def __init__(self, *, owner: User, member: User, outsider: User) -> None:
        self.owner = owner  # the region administrator of Kota Padang
        self.member = member  # a province mentor: accompanies Padang, does not administer it
        self.outsider = outsider  # the administrator of Kab. Agam

    @cached_property
    def nutrition(self) -> Commitment:
        """Padang's Ayo Ceting, launched: a module with adaptable settings."""
        return CommitmentFactory(region=region("13.71"), innovation=innovation("ayo-ceting"))

    @cached_property
    def plan(self) -> Commitment:
        """Padang's Poltabes, committed since the signing: it walks the lifecycle."""
        return CommitmentFactory(
            region=region("13.71"),
            innovation=innovation("poltabes"),
            stage=Stage.COMMITTED,
            stage_since=dt.date(2021, 11, 15),
        )


@pytest.fixture
def world(padang_admin, mentor, agam_admin) -> ReplicationWorld:
    return ReplicationWorld(owner=padang_admin, member=mentor, outsider=agam_admin)
