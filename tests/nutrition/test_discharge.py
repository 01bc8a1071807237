"""Rumah Gizi discharge follows the guideline: judged on the admission criterion, recovered
weighings at least the region's spacing apart, and no oedema for at least 14 days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from replika.core.services import unit_create
from replika.nutrition.rules import acute
from replika.nutrition.rules import followup as rg
from replika.nutrition.services.care import enrolment_start, weekly_weight_record
from replika.nutrition.services.measurements import measurement_record
from replika.replication.models import Stage
from tests.factories import make_commitment, region
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

LENGTH = Decimal("74.0")
WASTED = Decimal("7.4")  # weight-for-length below -2 SD for a girl of ~13 months, 74 cm
RECOVERED = Decimal("8.6")  # at or above -2 SD
D0 = dt.date(2026, 1, 1)


def w(days: int, z: float | None, armc: float | None = None, oedema: bool = False):
    return rg.Weighing(on=D0 + dt.timedelta(days=days), zwfl=z, armc=armc, oedema=oedema)


def missing(admitted, weighings, spacing=7):
    return rg.discharge_missing(
        admitted_on=admitted, enrolled_on=D0, weighings=weighings, spacing_days=spacing
    )


# --- the pure rule ---------------------------------------------------------------------------


def test_two_recovered_weighings_one_day_apart_do_not_discharge():
    assert missing(["bbtb"], [w(20, -1.5), w(21, -1.4)]) == [rg.NEEDS_WFL]


def test_two_recovered_weighings_a_week_apart_discharge():
    assert missing(["bbtb"], [w(14, -1.5), w(21, -1.4)]) == []


def test_a_low_weighing_between_breaks_the_run():
    assert missing(["bbtb"], [w(14, -1.5), w(18, -2.4), w(21, -1.4)]) == [rg.NEEDS_WFL]


def test_the_spacing_is_the_regions():
    weighings = [w(14, -1.5), w(21, -1.4)]
    assert missing(["bbtb"], weighings, spacing=14) == [rg.NEEDS_WFL]
    assert missing(["bbtb"], [w(7, -1.5), w(21, -1.4)], spacing=14) == []


def test_admitted_on_lila_needs_lila_back_to_12_5_not_weight():
    recovered_weight = [w(14, -1.5, armc=12.0), w(21, -1.4, armc=12.4)]
    assert missing(["lila"], recovered_weight) == [rg.NEEDS_LILA]
    assert missing(["lila"], [w(14, -2.5, armc=12.0), w(21, -2.4, armc=12.5)]) == []


def test_admitted_on_both_needs_both():
    assert missing(["bbtb", "lila"], [w(14, -1.5, armc=12.0), w(21, -1.4, armc=12.2)]) == [
        rg.NEEDS_LILA
    ]


def test_oedema_must_be_gone_for_14_days():
    assert missing(["bbtb"], [w(14, -1.5), w(21, -1.4, oedema=True)]) == [rg.NEEDS_NO_OEDEMA]
    assert missing(["bbtb"], [w(14, -1.5, oedema=True), w(21, -1.4)]) == [rg.NEEDS_NO_OEDEMA]
    assert missing(["bbtb"], [w(7, -1.5, oedema=True), w(14, -1.5), w(21, -1.4)]) == []
    # Enrolled 10 days ago: not yet watched two weeks without oedema.
    assert missing(["bbtb"], [w(3, -1.5), w(10, -1.4)]) == [rg.NEEDS_NO_OEDEMA]


def test_admitted_on_oedema_alone_needs_oedema_free_and_an_anthropometric_recovery():
    assert missing(["edema"], [w(14, -2.5), w(21, -2.4)]) == [rg.NEEDS_WFL]
    assert missing(["edema"], [w(14, -1.5), w(21, -1.4)]) == []


def test_no_weighing_no_discharge():
    assert missing(["bbtb"], []) == [rg.NEEDS_WEIGHINGS]


# --- through the Rumah Gizi page -------------------------------------------------------------


@pytest.fixture
def house(world):
    return unit_create(
        actor=None, kind="rumah_gizi", name="Rumah Gizi Andalas", region=region("13.71")
    )


def enrol(world, house, child, days_ago: int):
    return enrolment_start(
        actor=world.midwife,
        child=child,
        rumah_gizi=house,
        enrolled_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def weigh_on_page(client, enrolment, days_ago: int, weight: Decimal, **extra):
    data = {
        "measured_on": (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat(),
        "weight": str(weight),
        "lenhei": str(LENGTH),
        "measure": "l",
        **extra,
    }
    response = client.post(reverse("nutrition:enrolment_weight", args=[enrolment.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_two_weighings_one_day_apart_do_not_graduate_on_the_page(world, house, client_for):
    child = make_child(world.posyandu, days_old=400)
    enrolment = enrol(world, house, child, 35)
    client = client_for(world.midwife)
    weigh_on_page(client, enrolment, 2, RECOVERED)
    weigh_on_page(client, enrolment, 1, RECOVERED)
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    page = client.get(reverse("nutrition:enrolment", args=[enrolment.pk])).content.decode()
    assert 'data-missing="bbtb"' in page


def test_a_child_admitted_on_lila_graduates_on_lila(world, house, client_for):
    child = make_child(world.posyandu, days_old=400)
    # LiLA 11.0 cm with a normal weight: gizi buruk on LiLA, the admission criterion.
    measurement_record(
        actor=None,
        child=child,
        visit_date=timezone.localdate() - dt.timedelta(days=40),
        weight=RECOVERED,
        lenhei=LENGTH,
        measure="l",
        armc=Decimal("11.0"),
    )
    enrolment = enrol(world, house, child, 35)
    assert enrolment.admitted_on == acute.BY_LILA
    client = client_for(world.midwife)
    weigh_on_page(client, enrolment, 21, RECOVERED, armc="11.8")
    weigh_on_page(client, enrolment, 14, RECOVERED, armc="12.2")
    enrolment.refresh_from_db()
    assert enrolment.status == "active"  # weight alone does not graduate her
    weigh_on_page(client, enrolment, 7, RECOVERED, armc="12.6")
    enrolment.refresh_from_db()
    assert enrolment.status == "graduated"


def test_oedema_at_a_weekly_weighing_holds_the_child_14_days(world, house, client_for):
    child = make_child(world.posyandu, days_old=400)
    enrolment = enrol(world, house, child, 35)
    client = client_for(world.midwife)
    weigh_on_page(client, enrolment, 28, RECOVERED, oedema="on")
    weigh_on_page(client, enrolment, 21, RECOVERED)
    weigh_on_page(client, enrolment, 20, RECOVERED)
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    weigh_on_page(client, enrolment, 13, RECOVERED)
    enrolment.refresh_from_db()
    assert enrolment.status == "graduated"


def test_a_region_asking_for_two_weeks_between_weighings(world, house):
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.settings = {"discharge_spacing_days": 14}
    commitment.save()
    child = make_child(world.posyandu, days_old=400)
    enrolment = enrol(world, house, child, 35)
    for days_ago in (21, 14):
        weekly_weight_record(
            actor=None,
            enrolment=enrolment,
            measured_on=timezone.localdate() - dt.timedelta(days=days_ago),
            weight=RECOVERED,
            lenhei=LENGTH,
            measure="l",
        )
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    weekly_weight_record(
        actor=None,
        enrolment=enrolment,
        measured_on=timezone.localdate() - dt.timedelta(days=7),
        weight=RECOVERED,
        lenhei=LENGTH,
        measure="l",
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "graduated"


def test_a_weekly_weighing_refuses_an_impossible_lila(world, house, client_for):
    child = make_child(world.posyandu, days_old=400)
    enrolment = enrol(world, house, child, 35)
    response = client_for(world.midwife).post(
        reverse("nutrition:enrolment_weight", args=[enrolment.pk]),
        {
            "measured_on": timezone.localdate().isoformat(),
            "weight": "8.6",
            "lenhei": "74.0",
            "armc": "95",
        },
    )
    assert response.status_code == 422
    assert not enrolment.weights.exists()
