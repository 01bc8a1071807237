"""Every channel applies the same rules: partial API items merge into the stored month, and
one age rule counts a child in S and D on the session page, the dashboards and the API."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from replika.core import services as core_services
from replika.nutrition import rules
from replika.nutrition.models import Measurement, Referral
from replika.nutrition.selectors.session import skdn
from replika.nutrition.services.measurements import measurement_record, revision_of
from replika.nutrition.services.summaries import posyandu_counts
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

BORN = dt.date(2025, 1, 10)
JUNE = dt.date(2026, 6, 15)


def post_items(client, user, items):
    _token, secret = core_services.api_token_create(actor=user, name="field app")
    response = client.post(
        "/api/v1/nutrition/measurements",
        json.dumps({"items": items}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    return response.json()


def test_a_partial_api_item_keeps_the_months_stored_length_and_category(world, owner, client_for):
    child = make_child(world.posyandu, "Sebagian", birth_date=BORN)
    stored = measurement_record(
        actor=owner,
        child=child,
        visit_date=JUNE,
        weight=Decimal("10.0"),
        lenhei=Decimal("80.0"),
        measure="l",
        armc=Decimal("11.0"),
    )
    item = {
        "child": child.pk,
        "visit_date": JUNE.isoformat(),
        "weight": "10.2",
        "revision": revision_of(stored),
    }
    answer = post_items(client_for(owner), owner, [item])
    assert answer["failed"] == 0, answer
    after = Measurement.objects.get(child=child)
    assert (after.weight, after.lenhei, after.measure, after.armc) == (
        Decimal("10.20"),
        Decimal("80.0"),
        "l",
        Decimal("11.0"),
    )
    assert after.cat_zwfl and after.zlen is not None
    assert after.cat_acute == "gizi_buruk"
    assert answer["results"][0]["measurement"]["acute"]["reasons"] == ["lila"]
    assert Referral.objects.filter(child=child).count() == 1


def test_a_value_sent_as_null_is_cleared(world, owner, client_for):
    child = make_child(world.posyandu, "Kosong", birth_date=BORN)
    stored = measurement_record(
        actor=owner,
        child=child,
        visit_date=JUNE,
        weight=Decimal("10.0"),
        lenhei=Decimal("80.0"),
        armc=Decimal("14.0"),
    )
    item = {
        "child": child.pk,
        "visit_date": JUNE.isoformat(),
        "armc": None,
        "revision": revision_of(stored),
    }
    assert post_items(client_for(owner), owner, [item])["failed"] == 0
    after = Measurement.objects.get(child=child)
    assert (after.weight, after.lenhei, after.armc) == (Decimal("10.00"), Decimal("80.0"), None)


def test_the_api_schema_says_items_merge(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/nutrition/measurements"]["post"]
    assert "**merges**" in operation["description"]


# --- one age rule for S and D ----------------------------------------------------------------


@pytest.mark.parametrize("days_old_on_the_first", [1824, 1825, 1826, 1827])
def test_a_child_near_five_is_in_d_only_when_in_s_on_every_page(world, days_old_on_the_first):
    period = dt.date(2026, 6, 1)
    child = make_child(
        world.posyandu, "Hampir Lima", birth_date=period - dt.timedelta(days=days_old_on_the_first)
    )
    # Weighed on the 2nd: 1,826 days old on the day for the child 1,824 days old on the 1st.
    visit = dt.date(2026, 6, 2)
    Measurement.objects.create(
        child=child,
        period=period,
        visit_date=visit,
        age_days=(visit - child.birth_date).days,
        weight=Decimal("17.0"),
        region_id=child.region_id,
        location_id=child.location_id,
        unit_id=child.unit_id,
    )
    live = skdn(world.posyandu, period)
    summary = posyandu_counts(period, [world.posyandu.pk])[world.posyandu.pk]
    counted = rules.counts_as_under_five(child.birth_date, period)
    assert counted == (days_old_on_the_first < rules.UNDER_FIVE_DAYS)
    assert (live.s, live.d) == (int(counted), int(counted))
    assert (summary["s_toddlers"], summary["d_weighed"]) == (live.s, live.d)


def test_a_child_weighed_and_then_deactivated_still_counts_in_s(world, owner):
    period = JUNE.replace(day=1)
    child = make_child(world.posyandu, "Pindah", birth_date=BORN)
    measurement_record(actor=owner, child=child, visit_date=JUNE, weight=Decimal("10"), lenhei=None)
    type(child).objects.filter(pk=child.pk).update(active=False)
    live = skdn(world.posyandu, period)
    summary = posyandu_counts(period, [world.posyandu.pk])[world.posyandu.pk]
    assert (live.s, live.d) == (1, 1)
    assert (summary["s_toddlers"], summary["d_weighed"]) == (1, 1)
