"""Alerts open referrals whatever the channel: the session page, the API, the bulk path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from replika.core import services as core_services
from replika.nutrition.models import Measurement, Referral
from replika.nutrition.rules import alerts
from replika.nutrition.services import bulk
from replika.nutrition.services.measurements import measurement_record
from replika.replication.models import Stage
from tests.factories import make_commitment
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

BORN = dt.date(2025, 1, 10)
JUNE = dt.date(2026, 6, 15)
# 17 months, 80 cm lying and 7 kg: far below -3 SD weight-for-length (severe wasting).
WASTED = {"weight": "7.0", "lenhei": "80.0", "measure": "l"}


def referrals_of(child) -> list[tuple[str, dt.date]]:
    """The child's referrals as (reason, month of the measurement that raised it)."""
    rows = Referral.objects.filter(child=child).select_related("measurement")
    return sorted((r.reason, r.measurement.period) for r in rows if r.measurement)


def by_session(client, world, child) -> None:
    url = reverse("nutrition:session_row", args=[world.posyandu.pk, "2026-06", child.pk])
    data = {"visit_date": JUNE.isoformat(), **{f"c{child.pk}-{k}": v for k, v in WASTED.items()}}
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200


def by_api(client, user, child) -> None:
    _token, secret = core_services.api_token_create(actor=user, name="field app")
    item = {"child": child.pk, "visit_date": JUNE.isoformat(), **WASTED}
    response = client.post(
        "/api/v1/nutrition/measurements",
        {"items": [item]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    assert response.json()["failed"] == 0


def by_bulk(child) -> None:
    ref = bulk.ChildRef(
        child.pk, child.unit_id, child.region_id, child.location_id, child.sex, child.birth_date
    )
    item = bulk.MeasurementIn(
        child=ref,
        visit_date=JUNE,
        weight=Decimal(WASTED["weight"]),
        lenhei=Decimal(WASTED["lenhei"]),
        measure="l",
    )
    bulk.measurements_upsert(actor=None, items=[item])


@pytest.mark.parametrize("channel", ["session", "api", "bulk"])
def test_every_channel_opens_the_same_referral_once(channel, world, owner, client_for):
    child = make_child(world.posyandu, "Kurus", birth_date=BORN)
    client = client_for(owner)
    record = {
        "session": lambda: by_session(client, world, child),
        "api": lambda: by_api(client, owner, child),
        "bulk": lambda: by_bulk(child),
    }[channel]
    record()
    assert referrals_of(child) == [(alerts.SEVERE_WASTING, JUNE.replace(day=1))]
    referral = Referral.objects.get(child=child)
    assert (referral.unit, referral.puskesmas) == (world.posyandu, world.puskesmas)
    # The same values again (an API retry, a re-import, a second save) open nothing new.
    record()
    assert Referral.objects.filter(child=child).count() == 1


def test_a_batch_with_two_wasted_months_opens_one_referral(world):
    child = make_child(world.posyandu, "Kurus", birth_date=BORN)
    ref = bulk.ChildRef(
        child.pk, child.unit_id, child.region_id, child.location_id, child.sex, child.birth_date
    )
    items = [
        bulk.MeasurementIn(child=ref, visit_date=day, weight=Decimal("7.0"), lenhei=Decimal("80"))
        for day in (dt.date(2026, 5, 10), JUNE)
    ]
    counts = bulk.measurements_upsert(actor=None, items=items)
    assert counts.created == 2
    assert referrals_of(child) == [(alerts.SEVERE_WASTING, dt.date(2026, 5, 1))]


def test_two_t_from_the_api_as_from_the_session(world, owner):
    child = make_child(world.posyandu, "Tetap", birth_date=BORN)
    for day, weight in ((dt.date(2026, 4, 10), "9.5"), (dt.date(2026, 5, 10), "9.5")):
        measurement_record(
            actor=owner, child=child, visit_date=day, weight=Decimal(weight), lenhei=None
        )
    assert not Referral.objects.filter(child=child).exists()  # one T is no alert yet
    measurement_record(
        actor=owner, child=child, visit_date=JUNE, weight=Decimal("9.4"), lenhei=None
    )
    assert referrals_of(child) == [(alerts.TWO_T, JUNE.replace(day=1))]


def test_an_alert_the_region_switched_off_opens_no_referral(world, owner):
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.settings = {"alert_wasting": False}
    commitment.save()
    child = make_child(world.posyandu, "Kurus", birth_date=BORN)
    # LiLA 12.0 cm with a normal weight: gizi kurang, the alert the region switched off.
    measurement_record(
        actor=owner,
        child=child,
        visit_date=JUNE,
        weight=Decimal("10.0"),
        lenhei=Decimal("80.0"),
        armc=Decimal("12.0"),
    )
    assert Measurement.objects.get(child=child).cat_acute == "gizi_kurang"
    assert not Referral.objects.filter(child=child).exists()


def test_gizi_buruk_cannot_be_switched_off(world, owner):
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.settings = {"alert_wasting": False}
    commitment.save()
    child = make_child(world.posyandu, "Kurus", birth_date=BORN)
    by_bulk(child)
    assert Referral.objects.get(child=child).reason == alerts.SEVERE_WASTING


def test_an_unchanged_reimport_does_not_reopen_a_closed_referral(world, member):
    child = make_child(world.posyandu, "Kurus", birth_date=BORN)
    by_bulk(child)
    referral = Referral.objects.get(child=child)
    referral.status = "closed"
    referral.save()
    by_bulk(child)  # identical values: the row is unchanged, nothing follows
    assert Referral.objects.filter(child=child).count() == 1
