"""Summaries: rebuilt per dirty kab/kota, read by the dashboard and the KPIs."""

from __future__ import annotations

import pytest

from replika.core.models import Wilayah
from replika.schooling import kpis
from replika.schooling.models import DirtyRegion, SchoolingSummary
from replika.schooling.services import cases as svc
from replika.schooling.services.summaries import refresh_dirty
from tests.schooling.factories import NAGARI_2, report, today

pytestmark = pytest.mark.django_db


def placed(world, name: str):
    case = svc.case_verify(actor=world.disdik, case=report(name=name), on=today())
    case = svc.case_assess(actor=world.disdik, case=case, route="filial", on=today())
    return svc.case_place(actor=world.disdik, case=case, place=world.filial, on=today())


def test_a_write_marks_its_region_and_the_refresh_rebuilds_it(world):
    report(world.pendata)
    assert DirtyRegion.objects.filter(region=world.region).exists()
    assert refresh_dirty() == 1
    assert not DirtyRegion.objects.exists()
    row = SchoolingSummary.objects.get(wilayah=world.region, year=today().year, dimension="all")
    assert (row.found, row.waiting, row.placed) == (1, 1, 0)


def test_summaries_break_down_by_place_reason_age_and_level(world):
    report(name="A")
    report(name="B", location=NAGARI_2, reason="bekerja")
    placed(world, "C")
    refresh_dirty()
    rows = SchoolingSummary.objects.filter(region=world.region)
    district = rows.get(wilayah__code="13.05.01", dimension="all")
    assert district.found == 3
    reasons = {r.key: r.found for r in rows.filter(wilayah=world.region, dimension="reason")}
    assert reasons == {"ekonomi": 2, "bekerja": 1}
    assert rows.get(wilayah=world.region, dimension="all").median_days == 0.0
    assert rows.filter(dimension="age").exists() and rows.filter(dimension="level").exists()


def test_kpis_read_the_summaries(world):
    placed(world, "A")
    report(name="B")
    refresh_dirty()
    region = world.region
    assert kpis.children_returned(region, today()) == 1.0
    assert kpis.placed_share(region, today()) == 50.0
    assert kpis.median_days_to_placement(region, today()) == 0.0
    province = Wilayah.objects.get(code="13")
    assert kpis.placed_share(province, today()) == 50.0
    assert kpis.median_days_to_placement(province, today()) is None
    assert kpis.children_returned(Wilayah.objects.get(code="13.71"), today()) is None
