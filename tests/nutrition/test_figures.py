"""Figures: percentages rounded half up to one decimal everywhere (14/34 is 41.2 %, never
41.1 %), and a period prevalence (each child once, on its latest valid measurement) on the
dashboards and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from replika.core import disclosure, rounding
from replika.nutrition.kpis import _percent
from replika.nutrition.models import Measurement
from replika.nutrition.rules import prevalence
from replika.nutrition.selectors.dashboards import Rate
from replika.nutrition.selectors.session import Skdn
from replika.replication.models import Stage
from tests.factories import make_commitment
from tests.nutrition.factories import make_child
from tests.nutrition.test_public import summary

pytestmark = pytest.mark.django_db


# --- one rounding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "total", "shown"),
    [(14, 34, 41.2), (33, 80, 41.3), (1, 8, 12.5), (1, 3, 33.3), (2, 3, 66.7), (0, 5, 0.0)],
)
def test_percent_is_half_up_one_decimal(count, total, shown):
    assert rounding.percent(count, total) == shown


def test_no_total_is_no_percent():
    assert rounding.percent(3, 0) is None


def test_every_percentage_uses_the_one_rounding():
    assert disclosure.public_rate(33, 80, minimum=1).percent == 41.3  # round() gives 41.2
    assert Rate(14, 34).percent == 41.2
    assert _percent(33, 80) == 41.3
    skdn = Skdn(s=80, k=80, d=33, n=14, t=0, b=0, o=0, two_t=0)
    assert (skdn.d_over_s, skdn.n_over_d) == (41.3, 42.4)


def test_pages_write_the_percentage_the_indonesian_way_never_truncated():
    with translation.override("id"):
        assert str(Rate(14, 34)).startswith("41,2 %")
        assert str(disclosure.public_rate(14, 34, minimum=1)).startswith("41,2 %")


def test_the_public_api_and_page_show_41_2_for_14_of_34(client, db):
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    counts = {"len_valid": 34, "stunted": 14, "d_weighed": 34, "s_toddlers": 40}
    summary("13.71", 2, **counts)
    answer = client.get("/api/v1/nutrition/prevalence", {"wilayah": "13.71", "period": "2026-10"})
    assert answer.json()["stunting"]["percent"] == 41.2
    page = client.get(reverse("nutrition:public"), {"bulan": "2026-10"}, HTTP_ACCEPT_LANGUAGE="id")
    assert "41,2" in page.content.decode()
    assert "41,1" not in page.content.decode()


# --- period prevalence -----------------------------------------------------------------------


def row(child, month, zlen, flen=False, day=15):
    return prevalence.Row(
        child,
        dt.date(2026, month, 1),
        dt.date(2026, month, day),
        zlen,
        flen,
        0.0,
        False,
        0.0,
        False,
    )


def test_each_child_counts_once_on_its_latest_valid_measurement():
    counts = prevalence.period_prevalence(
        [
            row(1, 2, -2.5),  # stunted in February...
            row(1, 3, -1.5),  # ...not in March: counted once, not stunted
            row(2, 2, -2.5),
            row(2, 3, -7.0, flen=True),  # the latest is implausible: February counts
            row(3, 3, None),  # no length this period
        ]
    )
    assert (counts.children, counts.len_valid, counts.stunted) == (3, 2, 1)
    assert (counts.wei_valid, counts.underweight) == (3, 0)


def measure(child, day, lenhei):
    Measurement.objects.create(
        child=child,
        period=day.replace(day=1),
        visit_date=day,
        age_days=(day - child.birth_date).days,
        weight=Decimal("10"),
        lenhei=Decimal(lenhei),
        zlen=-2.5 if lenhei == "70" else -0.5,
        zwei=-1.0,
        zwfl=-0.5,
        region_id=child.region_id,
        location_id=child.location_id,
        unit_id=child.unit_id,
    )


@pytest.fixture
def weighed(world):
    """Two children weighed in February and March 2026: one stunted only in February."""
    a = make_child(world.posyandu, "Anak A", birth_date=dt.date(2025, 1, 10))
    b = make_child(world.posyandu, "Anak B", birth_date=dt.date(2025, 1, 10))
    measure(a, dt.date(2026, 2, 10), "70")
    measure(a, dt.date(2026, 3, 10), "76")
    measure(b, dt.date(2026, 2, 10), "70")
    measure(b, dt.date(2026, 3, 10), "70")
    return a, b


def test_dashboard_period_page_counts_each_child_once(world, weighed, client_for):
    client = client_for(world.officer)
    url = reverse("nutrition:dashboard_period")
    page = client.get(url, {"tempat": "13.71", "dari": "2026-02", "sampai": "2026-03"})
    assert page.status_code == 200
    html = page.content.decode()
    # Two children, one stunted at its latest measurement: 50 %, not 3 of 4 measurements.
    assert "50" in html.split('data-rate="stunting"')[1].split("</tr>")[0]
    february = client.get(url, {"tempat": "13.71", "dari": "2026-02", "sampai": "2026-02"})
    assert "100" in february.content.decode().split('data-rate="stunting"')[1].split("</tr>")[0]


def test_dashboard_period_refuses_a_reversed_or_too_long_period(world, client_for):
    client = client_for(world.officer)
    url = reverse("nutrition:dashboard_period")
    reversed_months = client.get(url, {"tempat": "13.71", "dari": "2026-03", "sampai": "2026-02"})
    assert reversed_months.status_code == 400
    too_long = client.get(url, {"tempat": "13.71", "dari": "2025-01", "sampai": "2026-02"})
    assert too_long.status_code == 400


def test_an_outsider_gets_no_period_figures_of_padang(world, weighed, client_for, outsider):
    response = client_for(outsider).get(
        reverse("nutrition:dashboard_period"),
        {"tempat": "13.71", "dari": "2026-02", "sampai": "2026-03"},
    )
    assert response.status_code == 404


def test_api_period_prevalence_counts_each_child_once(world, weighed, client, settings):
    settings.REPLIKA_PUBLIC_MIN_CELL = 1
    answer = client.get(
        "/api/v1/nutrition/prevalence/period",
        {"wilayah": "13.71", "from": "2026-02", "to": "2026-03"},
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["from"], body["to"]) == ("2026-02", "2026-03")
    assert body["stunting"]["percent"] == 50.0


def test_api_period_prevalence_withholds_small_cells(world, weighed, client):
    answer = client.get(
        "/api/v1/nutrition/prevalence/period",
        {"wilayah": "13.71", "from": "2026-02", "to": "2026-03"},
    )
    assert answer.json()["stunting"] == {
        "count": None,
        "denominator": None,
        "percent": None,
        "suppressed": True,
    }


def test_api_period_prevalence_refuses_bad_months(world, client):
    answer = client.get(
        "/api/v1/nutrition/prevalence/period",
        {"wilayah": "13.71", "from": "2026-13", "to": "2026-03"},
    )
    assert answer.status_code == 422
