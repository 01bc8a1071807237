"""The API under /api/v1/tourism/: public places, events and statistics; reports filed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from replika.tourism.models import MonthlyReport
from replika.tourism.services.events import event_moderate, event_submit
from replika.tourism.services.releases import month_publish
from replika.tourism.services.reports import report_file
from tests.factories import ApiTokenFactory
from tests.tourism.factories import JUNE_EXAMPLE, last_month, place

pytestmark = pytest.mark.django_db
API = "/api/v1/tourism"


def period() -> str:
    return last_month().strftime("%Y-%m")


def test_places_are_public_and_filtered(world, client):
    response = client.get(f"{API}/places?wilayah=13.76&kind=dtw")
    assert response.status_code == 200
    names = [p["name"] for p in response.json()["items"]]
    assert names == ["Ngalau Indah"]
    assert client.get(f"{API}/places?q=mandeh").json()["count"] == 2


def test_unpublished_places_are_not_public(world, client):
    world.attraction.published = False
    world.attraction.save()
    assert client.get(f"{API}/places?kind=dtw&wilayah=13.76").json()["count"] == 0


def test_places_of_a_region_where_the_module_is_not_live_are_not_public(world, client):
    place("13.71", "dtw", "Pantai Air Manis")
    assert client.get(f"{API}/places?q=air manis").json()["count"] == 0


def test_unknown_kind_or_wilayah_is_a_422(world, client):
    assert client.get(f"{API}/places?kind=casino").status_code == 422
    assert client.get(f"{API}/places?wilayah=99.99").status_code == 422


def test_operator_posts_a_report_with_a_token(world, client):
    token = ApiTokenFactory(user=world.operator)
    body = {"place": world.hotel.pk, "period": period(), **JUNE_EXAMPLE, "days": 28}
    response = client.post(
        f"{API}/reports",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token.secret}"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["on_behalf"] is False
    body["rooms_sold"] = 700
    again = client.post(
        f"{API}/reports",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token.secret}"},
    )
    assert again.status_code == 200 and again.json()["version"] == 2


def test_a_bad_report_answers_422_per_field_and_writes_nothing(world, client_for):
    c = client_for(world.operator)
    body = {
        "place": world.hotel.pk,
        "period": period(),
        **JUNE_EXAMPLE,
        "days": 28,
        "guests_domestic": 2000,
    }
    response = c.post(f"{API}/reports", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert "nights_domestic" in fields
    assert not MonthlyReport.objects.exists()


def test_a_report_needs_sign_in(world, client):
    body = {"place": world.hotel.pk, "period": period(), **JUNE_EXAMPLE}
    response = client.post(f"{API}/reports", json.dumps(body), content_type="application/json")
    assert response.status_code == 401


def test_an_outsider_cannot_post_for_another_region(world, client_for):
    c = client_for(world.outsider)
    body = {"place": world.hotel.pk, "period": period(), **JUNE_EXAMPLE, "days": 28}
    response = c.post(f"{API}/reports", json.dumps(body), content_type="application/json")
    assert response.status_code == 404
    assert not MonthlyReport.objects.exists()


def test_statistics_are_public_and_small_cells_withheld(world, client):
    report_file(
        actor=None, place=world.hotel, period=last_month(), figures=JUNE_EXAMPLE | {"days": 28}
    )
    report_file(
        actor=None,
        place=world.attraction,
        period=last_month(),
        figures={"visitors_domestic": 4, "visitors_foreign": 0},
    )
    month_publish(actor=world.dinas, region=world.hotel.region, period=last_month())
    response = client.get(f"{API}/statistics?wilayah=13.76&period={period()}")
    assert response.status_code == 200
    data = response.json()
    assert data["tpk"] is None  # one hotel reported: its own occupancy would show
    assert data["visits"] is None and "visits" in data["suppressed"]
    assert data["guests"] == 500
    assert data["compliance"] == {"filed": 2, "obliged": 2, "percent": 100.0}
    assert data["status"] == "published" and data["regions_published"] == 1


def test_statistics_refuse_a_nagari_and_a_month_not_over(world, client):
    assert client.get(f"{API}/statistics?wilayah=13.76.01.1003").status_code == 422
    this_month = timezone.localdate().strftime("%Y-%m")
    assert client.get(f"{API}/statistics?period={this_month}").status_code == 422
    assert client.get(f"{API}/statistics?period=2025-13").status_code == 422


def test_events_are_public_once_approved(world, client):
    start = timezone.localdate() + dt.timedelta(days=10)
    event = event_submit(
        actor=world.operator,
        region=world.hotel.region,
        title="Festival Randai",
        starts_on=start,
        ends_on=start,
        place=world.hotel,
    )
    url = f"{API}/events?from={start.isoformat()}&wilayah=13.76"
    assert client.get(url).json()["count"] == 0
    event_moderate(actor=world.dinas, event=event, approve=True)
    assert [e["title"] for e in client.get(url).json()["items"]] == ["Festival Randai"]
    before = (start - dt.timedelta(days=5)).isoformat()
    assert client.get(f"{API}/events?from={start.isoformat()}&to={before}").status_code == 422
