"""SKDR weekly reports: thresholds per facility, KLB criteria per region and week."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from replika.outbreak.models import Alert
from replika.outbreak.rules import epi_week_month, epi_week_start
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


def _weeks_of_month(year, month):
    """The MMWR weeks SKDR counts in a calendar month (the month of their fourth day)."""
    return [w for w in range(1, 53) if epi_week_month(year, w) == (year, month)]


def test_rule_4_compares_the_month_so_far_with_last_years_monthly_mean(world):
    # 2024: 15 cases every month, sent in each month's first week: monthly mean 15.
    for month in range(1, 13):
        _send(world, _weeks_of_month(2024, month)[0], 15, year=2024)
    # February 2025 at 7 a week (28 < 30); March 9, 10, 10, 11: no weekly rule fires (no
    # doubling, 10 = 10 breaks the rises) but the month reaches 40 in its fourth week.
    for week in _weeks_of_month(2025, 2):
        _send(world, week, 7, year=2025)
    march = _weeks_of_month(2025, 3)
    assert len(march) == 4
    for week, cases in zip(march, (9, 10, 10, 11), strict=True):
        _send(world, week, cases, year=2025)
    alert = Alert.objects.get(kind="klb", year=2025, week=march[-1])
    assert alert.codes == ["rule_4"]
    assert alert.figures == {"rule_4": {"now": 40.0, "mean": 15.0}}
    assert alert.source == "skdr"
    # Before the month reached 30 (twice 15) nothing fired, though each week's 9 to 11 is
    # far above last year's mean week (180 / 52 = 3.5), which is what weeks would compare.
    assert not Alert.objects.filter(kind="klb", year=2025, week__in=march[:3]).exists()


def test_rule_7_uses_the_weeks_total_visits_and_the_same_week_last_year(world):
    _send(world, 10, 4, year=2024, visits=400)  # 1 %
    _send(world, 9, 10, year=2025, visits=500)
    _send(world, 10, 10, year=2025, visits=500)  # 2 %: twice last year's rate
    alert = Alert.objects.get(kind="klb", year=2025, week=10)
    assert "rule_7" in alert.codes
    assert alert.figures["rule_7"] == {"rate": 2.0, "before": 1.0}
    # A second facility without total visits leaves the week without a denominator.
    _send(world, 10, 2, year=2025, unit=world.other_puskesmas)
    assert "rule_7" not in Alert.objects.get(kind="klb", year=2025, week=10).codes
    _send(world, 10, 2, year=2025, unit=world.other_puskesmas, visits=100)  # 12 / 600
    assert "rule_7" in Alert.objects.get(kind="klb", year=2025, week=10).codes
    # Without last year's total visits the rate cannot be compared.
    _send(world, 10, 4, year=2024)
    _send(world, 10, 10, year=2025, visits=500)
    assert "rule_7" not in Alert.objects.get(kind="klb", year=2025, week=10).codes


def test_without_skdr_reports_the_case_list_feeds_the_criteria_but_never_rule_7(world):
    from replika.outbreak.models import DailyCount
    from replika.outbreak.services.klb import alerts_evaluate

    # Verified COVID-19 cases by report day (the daily summaries): 2, then 5 a week later.
    week_9 = epi_week_start(2025, 9)
    for day, cases in ((week_9, 2), (week_9 + dt.timedelta(days=7), 5)):
        DailyCount.objects.create(
            region=world.covid.region, disease_code="covid19", day=day, new_cases=cases
        )
    alert = alerts_evaluate(disease=world.covid, year=2025, week=10)
    assert alert is not None
    assert alert.source == "cases"
    assert alert.figures["rule_3"] == {"now": 5.0, "before": 2.0}
    assert "rule_7" not in alert.codes


def test_the_alerts_page_shows_which_rule_fired_with_its_numbers(world, client):
    _send(world, 20, 2)
    _send(world, 21, 5)
    client.force_login(world.surveillance)
    page = client.get(reverse("outbreak:alerts")).content.decode()
    assert "3: kasus dua kali lipat dari periode sebelumnya" in page
    assert "5 terhadap 2 pada periode sebelumnya" in page
    assert "laporan SKDR" in page
