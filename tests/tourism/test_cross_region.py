"""Another region's people get nothing of Payakumbuh's tourism data, by any URL or API call.

Every URL pattern and API operation of the module has a probe here (the completeness test
fails when one is added without); the outsider is the tourism office of Pesisir Selatan,
and operators are outsiders to each other's entries.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from replika.tourism.models import (
    Event,
    MonthlyReport,
    MonthRelease,
    Place,
    PlacePhoto,
    Product,
    Reminder,
)
from replika.tourism.services.events import event_submit
from replika.tourism.services.reports import report_file
from tests.badinput.test_cross_region import api_operations, url_names
from tests.tourism.factories import JUNE_EXAMPLE, last_month

pytestmark = pytest.mark.django_db
SECRET = "Hotel Bukik Gadang"  # Payakumbuh's entry that no outsider may read about


@dataclass(frozen=True)
class Probe:
    """How to reach one URL with Payakumbuh's objects, and what an outsider must get."""

    path: Callable[[dict[str, Any]], str]
    # "object" 404; "list" no secret; "write" 404 and nothing written; "refused" a 4xx (the
    # form does not offer the other region's entry) and nothing written; "public"
    kind: str
    method: str = "get"
    body: Callable[[dict[str, Any]], dict[str, Any]] | None = None


def month(_ids: dict[str, Any]) -> str:
    return last_month().strftime("%Y-%m")


PROBES: dict[str, Probe] = {
    "tourism:home": Probe(lambda i: "/wisata/", "list"),
    "tourism:places": Probe(lambda i: "/wisata/tempat/?q=Bukik", "list"),
    "tourism:place_new": Probe(lambda i: "/wisata/tempat/baru/", "list"),
    "tourism:place": Probe(lambda i: f"/wisata/tempat/{i['hotel']}/", "object"),
    "tourism:place_edit": Probe(
        lambda i: f"/wisata/tempat/{i['hotel']}/ubah/",
        "write",
        "post",
        lambda i: {"name": "Diubah orang luar"},
    ),
    "tourism:photo_add": Probe(lambda i: f"/wisata/tempat/{i['hotel']}/foto/", "object"),
    "tourism:product_add": Probe(
        lambda i: f"/wisata/tempat/{i['village']}/produk/",
        "write",
        "post",
        lambda i: {"kind": "produk", "name": "Barang luar"},
    ),
    "tourism:photo": Probe(lambda i: f"/wisata/foto/{i['photo']}/", "object"),
    "tourism:reports": Probe(lambda i: "/wisata/laporan/", "list"),
    "tourism:reports_done": Probe(lambda i: "/wisata/laporan/selesai/", "list"),
    "tourism:report_file": Probe(
        lambda i: f"/wisata/laporan/{i['hotel']}/{month(i)}/",
        "write",
        "post",
        lambda i: JUNE_EXAMPLE | {"days": 28, "rooms_sold": 1},
    ),
    "tourism:compliance": Probe(lambda i: "/wisata/kepatuhan/", "list"),
    # Reminds the outsider's own operators only (the state below counts Payakumbuh's).
    "tourism:remind": Probe(
        lambda i: "/wisata/kepatuhan/ingatkan/", "list", "post", lambda i: {"periode": month(i)}
    ),
    "tourism:statistics": Probe(lambda i: "/wisata/statistik/?wilayah=13.76", "list"),
    "tourism:export": Probe(lambda i: "/wisata/statistik/unduh/bps/?wilayah=13.76", "list"),
    # Another office is not offered Payakumbuh (422); an operator may publish nothing (404).
    "tourism:releases": Probe(
        lambda i: "/wisata/statistik/rilis/?wilayah=13.76",
        "refused",
        "post",
        lambda i: {"wilayah": "13.76", "periode": month(i), "note": "dari luar"},
    ),
    "tourism:events": Probe(lambda i: "/wisata/acara/", "list"),
    "tourism:event_new": Probe(
        lambda i: "/wisata/acara/baru/",
        "refused",
        "post",
        lambda i: {
            "title": "Acara luar",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-02",
            "place": i["hotel"],
        },
    ),
    "tourism:event_moderate": Probe(
        lambda i: f"/wisata/acara/{i['event']}/moderasi/",
        "write",
        "post",
        lambda i: {"decision": "approve"},
    ),
    "tourism:assessment": Probe(
        lambda i: f"/wisata/desa/{i['village']}/penilaian/",
        "write",
        "post",
        lambda i: {
            "assessed_on": "2025-01-01",
            "daya_tarik": 90,
            "amenitas": 90,
            "digital": 90,
            "kelembagaan": 90,
            "resiliensi": 90,
        },
    ),
    "tourism:imports": Probe(lambda i: "/wisata/impor/", "list"),
    "tourism:import_template": Probe(lambda i: "/wisata/impor/templat/", "list"),
    # The portal is public by design; it shows published entries only (tested elsewhere).
    "tourism:portal": Probe(lambda i: "/wisata/portal/", "public"),
    "tourism:public_place": Probe(lambda i: f"/wisata/portal/tempat/{i['hotel']}/", "public"),
    "tourism:public_events": Probe(lambda i: "/wisata/portal/acara/", "public"),
    "tourism:public_event": Probe(lambda i: "/wisata/portal/acara/0/", "public"),
    "tourism:public_products": Probe(lambda i: "/wisata/portal/produk/", "public"),
    "tourism:public_statistics": Probe(lambda i: "/wisata/portal/statistik/", "public"),
    "tourism:map_data": Probe(lambda i: "/wisata/portal/peta.geojson", "public"),
    "tourism:map_regions": Probe(lambda i: "/wisata/portal/wilayah.json", "public"),
    "tourism:public_photo": Probe(lambda i: f"/wisata/portal/foto/{i['photo']}/", "public"),
    "GET /api/v1/tourism/places": Probe(lambda i: "/api/v1/tourism/places", "public"),
    "GET /api/v1/tourism/statistics": Probe(lambda i: "/api/v1/tourism/statistics", "public"),
    "GET /api/v1/tourism/events": Probe(lambda i: "/api/v1/tourism/events", "public"),
    "POST /api/v1/tourism/reports": Probe(
        lambda i: "/api/v1/tourism/reports",
        "write",
        "post_json",
        lambda i: {"place": i["hotel"], "period": month(i), **JUNE_EXAMPLE, "days": 28},
    ),
}


def test_every_url_and_api_operation_of_tourism_is_probed():
    names = [n for n in url_names(get_resolver().url_patterns) if n.startswith("tourism:")]
    operations = [op for op in api_operations() if "/api/v1/tourism/" in op]
    missing = sorted(set(names + operations) - set(PROBES))
    assert not missing, f"add these to PROBES: {missing}"


@pytest.fixture
def ids(world) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from replika.tourism.services.registry import photo_add

    report_file(
        actor=world.operator,
        place=world.hotel,
        period=last_month(),
        figures=JUNE_EXAMPLE | {"days": 28},
    )
    world.hotel.published = False  # an unpublished entry: nobody outside may read it
    world.hotel.save()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    photo = photo_add(
        actor=None,
        place=world.hotel,
        upload=SimpleUploadedFile("lobi.png", png, content_type="image/png"),
    )
    event = event_submit(
        actor=world.operator,
        region=world.hotel.region,
        title="Malam Bukik Gadang",
        starts_on=last_month(),
        ends_on=last_month(),
        place=world.hotel,
    )
    return {
        "hotel": world.hotel.pk,
        "village": world.village.pk,
        "photo": photo.pk,
        "event": event.pk,
    }


def state() -> tuple[Any, ...]:
    return (
        list(Place.objects.values_list("name", "updated_at")),
        list(MonthlyReport.objects.values_list("rooms_sold", "version")),
        Event.objects.count(),
        list(Event.objects.values_list("status", flat=True)),
        Product.objects.count(),
        PlacePhoto.objects.count(),
        Reminder.objects.filter(place__region__code="13.76").count(),
        list(MonthRelease.objects.values_list("region__code", "period", "version")),
    )


def fetch(client: Client, probe: Probe, found: dict[str, Any]) -> Any:
    path = probe.path(found)
    if probe.method == "post_json":
        return client.post(path, json.dumps(probe.body(found)), content_type="application/json")
    if probe.method == "post":
        return client.post(path, probe.body(found) if probe.body else {})
    return client.get(path)


def readable(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        return ""  # the statistics workbook holds sums only: no entry's name
    return content.decode("utf-8", errors="replace")


@pytest.mark.parametrize("name", sorted(PROBES))
@pytest.mark.parametrize("who", ["outsider", "outsider_operator"])
def test_another_regions_user_gets_nothing_of_payakumbuh(world, ids, name, who):
    probe = PROBES[name]
    client = Client()
    client.force_login(getattr(world, who))
    before = state()
    response = fetch(client, probe, ids)
    if probe.kind == "public":
        assert SECRET not in readable(response)  # unpublished stays unpublished
        return
    if probe.kind in ("object", "write"):
        assert response.status_code == 404, (name, response.status_code)
    elif probe.kind == "refused":
        assert response.status_code in (404, 422), (name, response.status_code)
    else:
        assert response.status_code in (200, 302, 404), (name, response.status_code)
        assert SECRET not in readable(response), name
    assert state() == before, f"{name} changed the data of another region"


@pytest.mark.parametrize(
    "name", ["tourism:place", "tourism:place_edit", "tourism:photo", "tourism:report_file"]
)
def test_an_operator_gets_nothing_of_another_operator_of_the_same_city(world, ids, name):
    probe = PROBES[name]
    client = Client()
    client.force_login(world.attraction_operator)
    before = state()
    response = fetch(client, probe, ids)
    assert response.status_code == 404, (name, response.status_code)
    assert state() == before


def test_the_owner_and_the_office_do_reach_them(world, ids, client_for):
    for user in (world.operator, world.dinas):
        c = client_for(user)
        assert c.get(f"/wisata/tempat/{ids['hotel']}/").status_code == 200
        assert c.get(f"/wisata/foto/{ids['photo']}/").status_code == 200
    assert client_for(world.dinas).get(f"/wisata/acara/{ids['event']}/moderasi/").status_code == 200
    published = client_for(world.dinas).post(
        "/wisata/statistik/rilis/", {"wilayah": "13.76", "periode": month(ids)}
    )
    assert published.status_code == 302
    assert MonthRelease.objects.filter(region__code="13.76", period=last_month()).exists()
