"""Every schooling factory makes a row that passes its model's own validation."""

import pytest

from tests.schooling import factories

pytestmark = pytest.mark.django_db

FACTORIES = [
    factories.CaseFactory,
    factories.CaseEventFactory,
    factories.SupportGivenFactory,
    factories.EarlyWarningFactory,
    factories.EnrolmentFigureFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_makes_a_valid_row(world, factory):
    extra = {"school": world.filial} if factory is factories.EarlyWarningFactory else {}
    row = factory(**extra)
    row.full_clean(exclude=["name_key", "guardian_key"])
    assert type(row).objects.filter(pk=row.pk).exists()


def test_attendance_factory_needs_a_place(world):
    case = factories.CaseFactory(status="placed", place=world.filial)
    row = factories.AttendanceFactory(case=case, place=world.filial)
    row.full_clean()
