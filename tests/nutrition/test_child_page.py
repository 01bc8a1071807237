"""The child's page: who sees it, what it shows (masked NIK, z-scores, charts), referring."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from replika.core import roles
from replika.nutrition.models import Referral
from replika.nutrition.permissions import VIEW_REGISTER
from replika.nutrition.services.measurements import measurement_record
from replika.nutrition.services.registers import child_register
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(world):
    """A girl measured lying at about 16 months and standing at about 26 months."""
    today = timezone.localdate()
    birth = today - dt.timedelta(days=900)
    child = child_register(
        actor=None,
        unit=world.posyandu,
        name="Putri Andalas",
        sex=2,
        birth_date=birth,
        nik=f"137102{birth.day + 40:02d}{birth:%m%y}0001",  # a girl: day + 40
        mother_name="Ibu Putri",
        address="Jl. Andalas 1",
    )
    for days, weight, length, measure in ((500, "9.0", "76.0", "l"), (800, "10.8", "84.0", "h")):
        measurement_record(
            actor=None,
            child=child,
            visit_date=birth + dt.timedelta(days=days),
            weight=Decimal(weight),
            lenhei=Decimal(length),
            measure=measure,
        )
    return child


def test_cadre_midwife_and_officer_see_the_child(world, child, client_for):
    url = reverse("nutrition:child", args=[child.pk])
    for insider in (world.cadre, world.midwife, world.officer):
        response = client_for(insider).get(url)
        assert response.status_code == 200
        assert "Putri Andalas" in response.content.decode()


def test_outsiders_get_404_on_the_child_page(world, child, client_for, nobody):
    url = reverse("nutrition:child", args=[child.pk])
    # admin_daerah holds dashboards only (no VIEW_REGISTER): no children by name.
    for outsider in (world.other_cadre, world.agam_officer, world.region_admin, nobody):
        assert client_for(outsider).get(url).status_code == 404


def test_page_shows_measurements_with_zscores_and_categories(world, child, client_for):
    response = client_for(world.cadre).get(reverse("nutrition:child", args=[child.pk]))
    rows = response.context["measurements"]
    assert [m.age_days for m in rows] == [800, 500]  # newest first
    page = response.content.decode()
    # z-scores to 2 decimals (WHO anthro), in the page's language (Indonesian: comma).
    assert f"{rows[0].zlen:.2f}".replace(".", ",") in page
    assert rows[0].cat_zwfl and "badge" in page


def test_the_charts_put_lying_and_standing_measurements_on_the_right_curves(
    world, child, client_for
):
    response = client_for(world.cadre).get(reverse("nutrition:child", args=[child.pk]))
    charts = {item["chart"].key: item for item in response.context["charts"]}
    assert set(charts) == {"wfa", "lhfa", "wfl", "wfh"}
    assert len(charts["wfl"]["chart"].points) == 1
    assert charts["wfh"]["chart"].points[0].x == pytest.approx(84.0)
    for item in charts.values():
        ET.fromstring(str(item["svg"]))  # noqa: S314 - our own SVG
    page = response.content.decode()
    assert page.count("<svg") == 4
    assert "nutrition/charts.css" in page


def test_full_nik_for_roles_with_personal_access(world, child, client_for):
    page = client_for(world.cadre).get(reverse("nutrition:child", args=[child.pk]))
    assert page.context["personal"]["nik"] == child.nik
    assert "Jl. Andalas 1" in page.content.decode()


def test_nik_is_masked_for_a_role_without_personal_access(world, child, client_for, monkeypatch):
    monkeypatch.setitem(
        roles.ROLES,
        "pengamat_uji",
        roles.Role(
            code="pengamat_uji",
            label="viewer",
            scope=roles.Scope.REGION,
            module="nutrition",
            permissions={VIEW_REGISTER},
        ),
    )
    viewer = user_with_role("pengamat_uji", "13.71")
    response = client_for(viewer).get(reverse("nutrition:child", args=[child.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert child.nik not in page
    assert f"{child.nik[:4]}********{child.nik[-4:]}" in page
    assert "Jl. Andalas 1" not in page
    assert response.context["refer_form"] is None


def test_child_page_runs_a_bounded_number_of_queries(world, child, client_for):
    client = client_for(world.cadre)
    url = reverse("nutrition:child", args=[child.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    birth = child.birth_date
    for days in range(200, 480, 31):
        measurement_record(
            actor=None,
            child=child,
            visit_date=birth + dt.timedelta(days=days),
            weight=Decimal("8.0"),
            lenhei=Decimal("70.0"),
            measure="l",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_cadre_refers_the_child_once_from_its_page(world, child, client_for):
    client = client_for(world.cadre)
    url = reverse("nutrition:child_refer", args=[child.pk])
    first = client.post(url, {"reason": "two_t", "notes": "2T in a row"})
    second = client.post(url, {"reason": "two_t"})
    referral = Referral.objects.get()
    assert first.url == second.url == reverse("nutrition:referral", args=[referral.pk])
    assert referral.unit == world.posyandu
    bad = client.post(url, {"reason": "kek"})
    assert bad.status_code == 422
    assert "reason" in bad.context["refer_form"].errors
    assert client_for(world.other_cadre).post(url, {"reason": "two_t"}).status_code == 404
