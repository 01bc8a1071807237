"""Bad input to every tourism form and operation: a clear field error, nothing written.

Each write endpoint has a valid payload (accepted) and bad values, each refused on its
field; the completeness test fails when a URL that takes a POST has no entry here.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.badinput.test_bad_input import database_state, error_fields
from tests.once import made_once
from tests.tourism.factories import JUNE_EXAMPLE, last_month
from tests.tourism.factories import world as make_world

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SCRIPT = "<script>alert(1)</script>"


def month() -> str:
    return last_month().strftime("%Y-%m")


@dataclass(frozen=True)
class Endpoint:
    user: str
    url: Callable[[Any], str]
    valid: Callable[[Any], dict[str, Any]]
    json: bool = False
    accepted: tuple[int, ...] = (302,)
    bad: dict[str, list[Any]] = field(default_factory=dict)


def place_payload(w: Any) -> dict[str, Any]:
    return {
        "region": "13.76",
        "kind": "dtw",
        "name": "Lembah Batang Agam",
        "location": "13.76.02.1002",
        "category": "Wisata alam",
        "latitude": "-0.2",
        "longitude": "100.6",
        "ticket_domestic": "5000",
        "published": "on",
    }


def accommodation(w: Any) -> dict[str, Any]:
    return JUNE_EXAMPLE | {"days": 28}


ENDPOINTS: dict[str, Endpoint] = {
    "tourism:place_new": Endpoint(
        "dinas",
        lambda w: "/wisata/tempat/baru/",
        place_payload,
        bad={
            "name": ["", "x" * 161],
            "kind": ["kasino"],
            "region": ["13.01", "99"],
            "location": ["13.01.07.2010", "zz"],
            "category": ["Wisata judi"],
            "latitude": ["abc", "-95", "5.0"],  # the last lies outside Sumatera Barat
            "longitude": ["", "200"],
            "ticket_domestic": ["-1", "1.5", "99999999999"],
            "licence_nib": ["12345", "abcdefghijklm"],
            "phone": ["call me"],
            "email": ["not-an-email"],
            "website": ["javascript:alert(1)"],
            "star_class": ["7"],
            "beds": [],
        },
    ),
    "tourism:place_edit": Endpoint(
        "dinas",
        lambda w: f"/wisata/tempat/{w.hotel.pk}/ubah/",
        lambda w: {
            "name": "Hotel Bukik Gadang",
            "location": "13.76.01.1003",
            "rooms": "40",
            "beds": "80",
            "star_class": "2",
            "published": "on",
        },
        bad={
            "rooms": ["-3", "lots"],
            "beds": ["10"],
            "name": [""],
            "operating_since": ["2025-02-30"],
        },
    ),
    "tourism:product_add": Endpoint(
        "village_manager",
        lambda w: f"/wisata/tempat/{w.village.pk}/produk/",
        lambda w: {"kind": "paket", "name": "Paket Randai 2 Hari", "price": "350000"},
        bad={"kind": ["barang"], "name": [""], "price": ["-5", "gratis"]},
    ),
    "tourism:report_file": Endpoint(
        "operator",
        lambda w: f"/wisata/laporan/{w.hotel.pk}/{month()}/",
        accommodation,
        bad={
            "rooms_sold": ["", "-1", "1.5", "5000"],  # 5000 > 40 rooms × 28 days
            "days": ["40"],
            "beds": ["10"],  # fewer beds than rooms
            "nights_domestic": ["100"],  # fewer guest-nights than guests
            "guests_domestic": ["abc"],
        },
    ),
    "tourism:report_file attraction": Endpoint(
        "attraction_operator",
        lambda w: f"/wisata/laporan/{w.attraction.pk}/{month()}/",
        lambda w: {
            "visitors_domestic": "1200",
            "visitors_foreign": "15",
            "ticket_revenue": "12000000",
        },
        bad={"visitors_domestic": ["", "-4", "1e3"], "ticket_revenue": ["-1", "banyak"]},
    ),
    "tourism:event_new": Endpoint(
        "operator",
        lambda w: "/wisata/acara/baru/",
        lambda w: {
            "title": "Festival Randai",
            "starts_on": "2030-05-01",
            "ends_on": "2030-05-03",
            "place": str(w.hotel.pk),
        },
        bad={
            "title": [""],
            "starts_on": ["2030-02-30", ""],
            "ends_on": ["2030-04-01", "2031-12-31"],
            "place": ["", "999999"],
        },
    ),
    "tourism:event_moderate": Endpoint(
        "dinas",
        lambda w: f"/wisata/acara/{w.event.pk}/moderasi/",
        lambda w: {"decision": "reject", "note": "Tanggal bentrok"},
        bad={"decision": ["", "maybe"], "note": [""]},
    ),
    "tourism:assessment": Endpoint(
        "village_manager",
        lambda w: f"/wisata/desa/{w.village.pk}/penilaian/",
        lambda w: {
            "assessed_on": "2025-01-15",
            "daya_tarik": "70",
            "amenitas": "60",
            "digital": "50",
            "kelembagaan": "65",
            "resiliensi": "55",
        },
        bad={"daya_tarik": ["101", "-1", "tinggi", ""], "assessed_on": ["2999-01-01"]},
    ),
    "tourism:photo_add": Endpoint(
        "operator",
        lambda w: f"/wisata/tempat/{w.hotel.pk}/foto/",
        lambda w: {
            "image": SimpleUploadedFile("lobi.png", PNG, content_type="image/png"),
            "caption": "Lobi",
        },
        bad={
            "image": [
                SimpleUploadedFile("lobi.png", b"", content_type="image/png"),
                SimpleUploadedFile("lobi.jpg", PNG, content_type="image/jpeg"),
                SimpleUploadedFile("lobi.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
                SimpleUploadedFile("lobi.png", b"GIF89a" + b"\x00" * 30, content_type="image/png"),
                SimpleUploadedFile(
                    "besar.png", PNG + b"\x00" * (6 * 1024 * 1024), content_type="image/png"
                ),
            ],
        },
    ),
    "tourism:imports": Endpoint(
        "dinas",
        lambda w: "/wisata/impor/",
        lambda w: {"file": SimpleUploadedFile("laporan.csv", b"tempat,bulan\n", "text/csv")},
        bad={
            "file": [
                SimpleUploadedFile("laporan.csv", b"", "text/csv"),
                SimpleUploadedFile("laporan.exe", b"MZ\x90\x00", "application/x-msdownload"),
            ]
        },
    ),
    "tourism:releases": Endpoint(
        "dinas",
        lambda w: "/wisata/statistik/rilis/",
        lambda w: {"wilayah": "13.76", "periode": month(), "note": ""},
        bad={
            "wilayah": ["13.01", "", "99"],  # another region, none, unknown
            "periode": ["", "2025-13", "2999-01", "bulan lalu"],
            "note": ["x" * 501],
        },
    ),
    "POST /api/v1/tourism/reports": Endpoint(
        "operator",
        lambda w: "/api/v1/tourism/reports",
        lambda w: {"place": w.hotel.pk, "period": month(), **JUNE_EXAMPLE, "days": 28},
        json=True,
        accepted=(200, 201),
        bad={
            "period": ["2025-13", "June", None],
            "rooms_sold": [-1, "x", 5000],
            "place": [0, "abc"],
            "nights_foreign": [1],
            "days": [32],
        },
    ),
}
# URLs that take a POST but need no table entry: why.
NOT_FORMS = {
    "tourism:remind": "no input but the month (a bad month falls back to the last one)",
}


class W:
    """The world plus an event waiting for moderation, and a signed-in client per role."""

    def __init__(self, world: Any) -> None:
        from replika.tourism.services.events import event_submit

        self.__dict__.update(vars(world))
        self.event = event_submit(
            actor=world.operator,
            region=world.hotel.region,
            title="Pacu Jawi",
            starts_on=last_month(),
            ends_on=last_month(),
            place=world.hotel,
        )

    def client(self, who: str) -> Client:
        c = Client()
        c.force_login(getattr(self, who))
        return c


@pytest.fixture(scope="module")
def w_once(django_db_setup, django_db_blocker) -> Iterator[W]:
    """One world for the module's cases (``tests.once``); only it took time."""
    yield from made_once(django_db_blocker, lambda: W(make_world()))


@pytest.fixture
def w(w_once, db) -> W:
    """The module's world, a copy per test; what a test writes is rolled back after it."""
    return copy.deepcopy(w_once)


def send(w: W, endpoint: Endpoint, payload: dict[str, Any]) -> Any:
    client = w.client(endpoint.user)
    if endpoint.json:
        return client.post(endpoint.url(w), json.dumps(payload), content_type="application/json")
    return client.post(endpoint.url(w), payload)


def test_every_form_url_of_tourism_has_an_entry():
    from django.urls import get_resolver

    from tests.badinput.test_cross_region import api_operations, url_names

    posting = {
        "place_new",
        "place_edit",
        "product_add",
        "photo_add",
        "report_file",
        "event_new",
        "event_moderate",
        "assessment",
        "imports",
        "remind",
        "releases",
    }
    names = {
        n
        for n in url_names(get_resolver().url_patterns)
        if n.startswith("tourism:") and n.split(":")[1] in posting
    }
    assert names == {f"tourism:{n}" for n in posting}, "a form URL was renamed"
    writes = {
        op for op in api_operations() if "/api/v1/tourism/" in op and not op.startswith("GET")
    }
    covered = {k.split(" ")[0] for k in ENDPOINTS} | set(NOT_FORMS) | set(ENDPOINTS)
    assert not (names | writes) - covered


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_every_endpoint_accepts_its_valid_payload(w, name):
    endpoint = ENDPOINTS[name]
    before = database_state()
    response = send(w, endpoint, endpoint.valid(w))
    assert response.status_code in endpoint.accepted, (response.status_code, error_fields(response))
    assert database_state() != before


CASES = [
    pytest.param(name, key, value, id=f"{name}-{key}-{i}")
    for name, endpoint in ENDPOINTS.items()
    for key, values in endpoint.bad.items()
    for i, value in enumerate(values)
]


@pytest.mark.parametrize(("name", "key", "value"), CASES)
def test_bad_value_is_refused_with_a_field_error_and_nothing_is_written(w, name, key, value):
    endpoint = ENDPOINTS[name]
    payload = {**endpoint.valid(w), key: value}
    before = database_state()
    response = send(w, endpoint, payload)
    assert 400 <= response.status_code < 500, response.status_code
    assert key in error_fields(response), error_fields(response)
    assert database_state() == before


@pytest.mark.parametrize("text", [SCRIPT, "'; DROP TABLE tourism_place; --"])
def test_markup_in_an_entry_is_stored_as_text_and_shown_escaped(w, text, client):
    payload = place_payload(w) | {"description": text}
    assert send(w, ENDPOINTS["tourism:place_new"], payload).status_code == 302
    from replika.tourism.models import Place

    created = Place.objects.get(name="Lembah Batang Agam")
    assert created.description == text
    page = client.get(f"/wisata/portal/tempat/{created.pk}/").content.decode()
    assert SCRIPT not in page
