"""Statistics from the database agree with BPS's definitions: ratios of sums, points."""

from __future__ import annotations

import datetime as dt

import pytest

from replika.core.models import Wilayah
from replika.tourism.rules import same_period_last_year
from replika.tourism.selectors import statistics as stats
from replika.tourism.services.reports import report_file
from tests.tourism.factories import JUNE_EXAMPLE, place

pytestmark = pytest.mark.django_db
JUNE = dt.date(2025, 6, 1)


def test_the_worked_example_of_the_domain_notes(world):
    report_file(actor=None, place=world.hotel, period=JUNE, figures=JUNE_EXAMPLE)
    found = stats.statistics(Wilayah.objects.get(code="13.76"), JUNE)
    assert found["tpk"] == 60.00
    assert found["rlmt"] == 1.80
    assert found["rlmt_domestic"] == 1.75
    assert found["rlmt_foreign"] == 3.00
    assert found["gpr"] == 1.25
    assert found["tptt"] == 37.50


def test_a_region_is_a_ratio_of_sums_not_a_mean_of_percentages(world):
    small = place("13.76", "akomodasi", "Homestay Kecil", "13.76.02.1002", rooms=10, beds=10)
    # The big hotel: 40 rooms × 30 days, 1,200 room-nights, 1,200 sold (100 %).
    report_file(
        actor=None, place=world.hotel, period=JUNE, figures=JUNE_EXAMPLE | {"rooms_sold": 1200}
    )
    # The homestay: 10 rooms × 30 days, 30 sold (10 %).
    report_file(
        actor=None,
        place=small,
        period=JUNE,
        figures={
            "rooms": 10,
            "beds": 10,
            "days": 30,
            "rooms_sold": 30,
            "guests_domestic": 30,
            "guests_foreign": 0,
            "nights_domestic": 30,
            "nights_foreign": 0,
        },
    )
    found = stats.statistics(Wilayah.objects.get(code="13.76"), JUNE)
    assert found["tpk"] == 82.00  # 1,230 / 1,500, not (100 + 10) / 2 = 55
    assert found["accommodations_reporting"] == 2


def test_year_on_year_change_is_in_points(world):
    report_file(actor=None, place=world.hotel, period=JUNE, figures=JUNE_EXAMPLE)
    report_file(
        actor=None,
        place=world.hotel,
        period=same_period_last_year(JUNE),
        figures=JUNE_EXAMPLE | {"rooms_sold": 600},
    )
    found = stats.statistics(Wilayah.objects.get(code="13.76"), JUNE)
    assert found["tpk_change_points"] == 10.00  # 60 % against 50 %


def test_province_kecamatan_and_outside_regions(world):
    report_file(actor=None, place=world.hotel, period=JUNE, figures=JUNE_EXAMPLE)
    report_file(
        actor=None,
        place=world.other_attraction,
        period=JUNE,
        figures={"visitors_domestic": 900, "visitors_foreign": 100},
    )
    province = stats.statistics(Wilayah.objects.get(code="13"), JUNE)
    assert province["visits"] == 1000 and province["tpk"] == 60.00
    district = stats.statistics(Wilayah.objects.get(code="13.76.02"), JUNE)
    assert district["guests"] == 0 and district["tpk"] is None
    with pytest.raises(ValueError):
        stats.statistics(Wilayah.objects.get(code="13.76.01.1003"), JUNE)


def test_compliance_counts_the_obliged_by_the_regions_settings(world):
    # Payakumbuh obliges accommodation and attractions (the default): hotel + Ngalau.
    report_file(actor=None, place=world.hotel, period=JUNE, figures=JUNE_EXAMPLE)
    found = stats.statistics(Wilayah.objects.get(code="13.76"), JUNE)
    assert found["compliance"] == {"filed": 1, "obliged": 2, "percent": 50.00}


def test_exempt_and_not_yet_operating_entries_are_not_obliged(world):
    world.attraction.exempt = True
    world.attraction.save()
    place("13.76", "akomodasi", "Hotel Baru", rooms=5, beds=5, operating_since=dt.date(2025, 7, 1))
    found = stats.statistics(Wilayah.objects.get(code="13.76"), JUNE)
    assert found["compliance"]["obliged"] == 1


def test_the_trend_and_kecamatan_tables_carry_the_change_on_a_year_before(world):
    payakumbuh = Wilayah.objects.get(code="13.76")
    before = same_period_last_year(JUNE)
    report_file(actor=None, place=world.hotel, period=JUNE, figures=JUNE_EXAMPLE)
    report_file(
        actor=None, place=world.hotel, period=before, figures=JUNE_EXAMPLE | {"rooms_sold": 600}
    )
    for period, visitors in ((JUNE, 1500), (before, 1000)):
        report_file(
            actor=None,
            place=world.attraction,
            period=period,
            figures={"visitors_domestic": visitors, "visitors_foreign": 0},
        )
    june = stats.monthly_trend(payakumbuh, JUNE, 12)[-1]
    assert june["period"] == JUNE
    assert june["tpk_change_points"] == 10.00  # 60 % against 50 %
    assert june["visits_change_percent"] == 50.00  # 1,500 against 1,000
    districts = {d["code"]: d for d in stats.visits_by_district(payakumbuh, JUNE)}
    assert districts["13.76.02"]["visits_change_percent"] == 50.00
    assert districts["13.76.01"]["visits_change_percent"] is None  # no visits either year
