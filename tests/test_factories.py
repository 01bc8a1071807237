"""Every factory makes a row that passes its model's own validation."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

FACTORIES = [
    factories.UserFactory,
    factories.UnitFactory,
    factories.MembershipFactory,
    factories.AuditEventFactory,
    factories.ApiTokenFactory,
    factories.JobFactory,
    factories.InnovationFactory,
    factories.CommitmentFactory,
    factories.StageChangeFactory,
    factories.MentoringSessionFactory,
    factories.MilestoneFactory,
    factories.MilestoneEvidenceFactory,
    factories.MilestoneCommentFactory,
    factories.CallFactory,
    factories.ProposalFactory,
    factories.AttachmentFactory,
    factories.EvaluatorFactory,
    factories.AssignmentFactory,
    factories.ScoreFactory,
    factories.PanelScoreFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_makes_a_valid_row(factory):
    row = factory()

    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()


def test_token_factory_hands_out_a_secret_that_authenticates():
    token = factories.ApiTokenFactory()

    assert token.digest == token.digest_of(token.secret)


def test_membership_factory_records_the_kab_kota_of_the_role():
    in_padang = factories.MembershipFactory(role="admin_daerah", wilayah=factories.region("13.71"))
    province = factories.MembershipFactory(role="mentor", wilayah=factories.region("13"))

    assert in_padang.region == factories.region("13.71")
    assert province.region is None
    assert in_padang.user.memberships.get().role == "admin_daerah"
