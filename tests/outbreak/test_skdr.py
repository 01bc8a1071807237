"""SKDR weekly reports: thresholds per facility, KLB criteria per region and week."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from replika.outbreak.models import Alert
from replika.outbreak.rules import epi_week_start
from replika.outbreak.services import skdr as services

pytestmark = pytest.mark.django_db


def _send(world, week, cases, year=2025, unit=None, **kwargs):
    return services.weekly_report_submit(
        actor=world.officer,
        unit=unit or world.puskesmas,
        disease=world.dbd,
        year=year,
        week=week,
        cases=cases,
        **kwargs,
    )


def test_a_facility_at_the_dengue_threshold_raises_an_alert_and_a_correction_withdraws_it(world):
    _send(world, 10, 5)
    assert Alert.objects.filter(kind="threshold", unit=world.puskesmas, week=10).exists()
    _send(world, 10, 4)
    assert not Alert.objects.filter(kind="threshold", week=10).exists()


def test_three_rises_in_a_row_fire_klb_rule_2_and_the_rule_is_kept(world):
    for week, cases in ((1, 4), (2, 6), (3, 9)):
        _send(world, week, cases)
    _send(world, 4, 13)
    alert = Alert.objects.get(kind="klb", week=4)
    assert alert.codes == ["rule_2"]  # 13/9 = 1.44: no doubling (rule 3)
    assert alert.count == 13


def test_a_doubling_on_the_previous_week_fires_rule_3(world):
    _send(world, 20, 2)
    _send(world, 21, 4)
    assert "rule_3" in Alert.objects.get(kind="klb", week=21).codes


def test_the_klb_sums_every_facility_of_the_region(world):
    _send(world, 30, 2)
    _send(world, 31, 2)
    _send(world, 31, 2, unit=world.other_puskesmas)
    assert "rule_3" in Alert.objects.get(kind="klb", week=31).codes


def test_deaths_cannot_exceed_cases_and_a_future_week_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        _send(world, 10, 1, deaths=2)
    assert "deaths" in refused.value.message_dict
    with pytest.raises(ValidationError) as future:
        _send(world, 1, 1, year=2099)
    assert "week" in future.value.message_dict


def test_a_week_beyond_the_year_is_refused(world):
    with pytest.raises(ValidationError):
        _send(world, 53, 1, year=2024)  # MMWR 2024 has 52 weeks


def test_the_week_system_follows_the_epi_week_rule():
    assert epi_week_start(2025, 1).isoformat() == "2024-12-29"
