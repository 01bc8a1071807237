"""KPI functions for the replication layer read the summary tables."""

from __future__ import annotations

import datetime as dt

import pytest

from replika.nutrition import kpis
from replika.nutrition.services.summaries import summaries_rebuild
from tests.factories import region
from tests.nutrition.test_summaries import FEB, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def padang():
    Place()
    summaries_rebuild()
    return region("13.71")


def test_stunting_prevalence_is_stunted_of_valid_lengths(padang):
    # a1, a2 and b1 stunted of 4 valid lengths (a3's flagged value left out).
    assert kpis.stunting_prevalence(padang, dt.date(2025, 2, 17)) == 75.0


def test_weighing_participation_is_d_over_s(padang):
    assert kpis.weighing_participation(padang, FEB) == pytest.approx(100.0 * 5 / 6, abs=0.05)


def test_children_in_care_counts_open_follow_up(padang):
    assert kpis.children_in_care(padang, FEB) == 2.0


def test_kpis_of_the_province_sum_every_region(padang):
    assert kpis.stunting_prevalence(region("13"), FEB) == 75.0


def test_a_month_without_report_is_none(padang):
    assert kpis.stunting_prevalence(padang, dt.date(2024, 6, 1)) is None
    assert kpis.children_in_care(region("13.06"), FEB) is None
