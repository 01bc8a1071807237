"""The core world: Kota Padang's administrator, a province mentor and Kab. Agam's administrator."""

from __future__ import annotations

from functools import cached_property

import pytest

from replika.core.models import User
from replika.replication.models import Commitment, Stage
from tests.factories import CommitmentFactory, innovation, region


class CoreWorld:
    """Two regions with one row each, seen by an owner, a member and an outsider.

    Kota Padang's administrator owns Padang's rows, the province mentor reads every region's,
    and Kab. Agam's administrator is the outsider to Padang (and the owner of Agam's). The
    rows are made when a test first asks for one.
    """

    def __init__(self, *, owner: User, member: User, outsider: User) -> None:
        self.owner = owner
        self.member = member
        self.outsider = outsider

    @cached_property
    def padang(self) -> Commitment:
        """Kota Padang's Ayo Ceting commitment, launched."""
        return CommitmentFactory(region=region("13.71"), innovation=innovation("ayo-ceting"))

    @cached_property
    def padang_poltabes(self) -> Commitment:
        """Kota Padang's second commitment, Poltabes, still adapting."""
        return CommitmentFactory(
            region=region("13.71"), innovation=innovation("poltabes"), stage=Stage.ADAPTING
        )

    @cached_property
    def agam(self) -> Commitment:
        """Kab. Agam's Ayo Ceting commitment, piloting (its settings start at the defaults)."""
        return CommitmentFactory(
            region=region("13.06"), innovation=innovation("ayo-ceting"), stage=Stage.PILOTING
        )


@pytest.fixture
def world(padang_admin, mentor, agam_admin) -> CoreWorld:
    return CoreWorld(owner=padang_admin, member=mentor, outsider=agam_admin)
