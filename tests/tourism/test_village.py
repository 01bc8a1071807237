"""The tourism-village self-assessment: the class rule and its history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from replika.tourism.models import VillageAssessment
from replika.tourism.rules import AXES, VillageClass, village_class
from replika.tourism.services.events import village_assess


def scores(*values: int) -> dict[str, int]:
    return dict(zip(AXES, values, strict=True))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((80, 80, 80, 80, 80), VillageClass.MANDIRI),
        ((100, 100, 100, 100, 64), VillageClass.MAJU),  # mean 92.8 but one axis under 65
        ((60, 60, 60, 60, 60), VillageClass.MAJU),
        ((59, 60, 60, 60, 60), VillageClass.BERKEMBANG),  # mean 59.8
        ((40, 40, 40, 40, 40), VillageClass.BERKEMBANG),
        ((100, 100, 100, 0, 0), VillageClass.RINTISAN),  # no institutions: not berkembang
        ((0, 0, 0, 0, 0), VillageClass.RINTISAN),
    ],
)
def test_the_class_needs_the_mean_and_a_floor_on_every_axis(values, expected):
    assert village_class(scores(*values)) == expected


@pytest.mark.parametrize("bad", [101, -1, 50.5, True, None, "80"])
def test_a_bad_score_is_refused(bad):
    with pytest.raises(ValueError, match="daya_tarik"):
        village_class(scores(80, 80, 80, 80, 80) | {"daya_tarik": bad})


@pytest.mark.django_db
def test_the_latest_assessment_sets_the_class_and_the_history_stays(world):
    village_assess(
        actor=world.village_manager,
        place=world.village,
        scores=scores(45, 40, 30, 45, 40),
        assessed_on=dt.date(2023, 5, 1),
    )
    village_assess(
        actor=world.village_manager,
        place=world.village,
        scores=scores(70, 65, 55, 60, 60),
        assessed_on=dt.date(2025, 5, 1),
    )
    world.village.refresh_from_db()
    assert world.village.village_stage == "maju"
    assert VillageAssessment.objects.filter(place=world.village).count() == 2


@pytest.mark.django_db
def test_a_late_entered_older_assessment_does_not_override_the_latest(world):
    village_assess(
        actor=None,
        place=world.village,
        scores=scores(90, 90, 90, 90, 90),
        assessed_on=dt.date(2025, 5, 1),
    )
    village_assess(
        actor=None,
        place=world.village,
        scores=scores(10, 10, 10, 10, 10),
        assessed_on=dt.date(2021, 5, 1),
    )
    world.village.refresh_from_db()
    assert world.village.village_stage == "mandiri"


@pytest.mark.django_db
def test_another_villages_manager_and_a_hotel_cannot_assess(world):
    with pytest.raises(ValidationError):
        village_assess(actor=world.operator, place=world.village, scores=scores(*[50] * 5))
    with pytest.raises(ValidationError):
        village_assess(actor=world.dinas, place=world.hotel, scores=scores(*[50] * 5))
    assert not VillageAssessment.objects.exists()
