"""Every nutrition model has a factory whose rows are valid and placed like service rows."""

from __future__ import annotations

import pytest

from replika.nutrition.models import Child, Measurement
from tests.nutrition import factories

pytestmark = pytest.mark.django_db

FACTORIES = [
    factories.MotherFactory,
    factories.ChildFactory,
    factories.MeasurementFactory,
    factories.SessionEntryFactory,
    factories.PregnancyFactory,
    factories.PregnancyVisitFactory,
    factories.AdolescentGirlFactory,
    factories.AdolescentScreeningFactory,
    factories.FacilityProfileFactory,
    factories.ReferralFactory,
    factories.ReferralEventFactory,
    factories.RumahGiziEnrolmentFactory,
    factories.FeedingDayFactory,
    factories.WeeklyWeightFactory,
    factories.ArticleFactory,
    factories.PregnancyClassFactory,
    factories.ClassAttendanceFactory,
    factories.NutritionSummaryFactory,
    factories.DirtySummaryFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_makes_a_valid_stored_row(factory, world):
    row = factory()
    stored = type(row).objects.get(pk=row.pk)
    stored.full_clean(exclude=["name_key", "mother_key"])


def test_every_nutrition_model_has_a_factory():
    from django.apps import apps

    models = {m for m in apps.get_app_config("nutrition").get_models()}
    made = {f._meta.model for f in FACTORIES}
    assert models == made


def test_measurement_factory_goes_through_the_service(world):
    measurement = factories.MeasurementFactory(child__unit=world.posyandu)
    assert isinstance(measurement, Measurement)
    assert measurement.zwei is not None
    assert measurement.region == world.posyandu.region
    assert Child.objects.get(pk=measurement.child_id).unit == world.posyandu
