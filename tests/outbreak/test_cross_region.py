"""Another region's users get nothing of Kota Padang Panjang's outbreak data, through every
URL and API operation of the module; inside a region, a facility sees only its own cases
and a tracer only the contacts of their kecamatan.

The completeness test fails when a URL pattern or API operation has no probe here.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse

from replika.outbreak.models import (
    Case,
    Contact,
    FollowUp,
    Item,
    LabTest,
    LogisticsRequest,
    Stock,
)
from replika.outbreak.services import cases as case_services
from replika.outbreak.services import contacts as contact_services
from replika.outbreak.services import logistics, skdr
from tests.badinput.test_cross_region import api_operations, url_names
from tests.factories import region
from tests.once import made_once
from tests.outbreak.factories import days_ago, outbreak_world, report

pytestmark = pytest.mark.django_db

CASE_NAME = "Siti Rahmah Penandakasus"
CONTACT_NAME = "Andi Penandakontak"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MARKERS = (CASE_NAME, CONTACT_NAME, "1374015708900001")


@dataclass(frozen=True)
class Probe:
    """How to reach a URL with Padang Panjang's objects, and what an outsider may get.

    kind: "detail"/"write" answer an outsider 404; "list" shows no marker; "public" shows
    no personal data to anyone; "none" holds no region data (``reason`` says why).
    """

    kind: str
    path: Callable[[dict[str, int]], str] | None = None
    method: str = "get"
    body: Callable[[dict[str, int]], dict[str, Any]] | None = None
    owner_sees: tuple[str, ...] = ()
    reason: str = ""


def page(kind: str, name: str, *keys: str, method: str = "get", **kw: Any) -> Probe:
    return Probe(
        kind, lambda i: reverse(f"outbreak:{name}", args=[i[k] for k in keys]), method, **kw
    )


def api(kind: str, path: str, method: str = "get", **kw: Any) -> Probe:
    return Probe(kind, lambda i: "/api/v1/outbreak" + path.format(**i), method, **kw)


PROBES: dict[str, Probe] = {
    "outbreak:home": Probe("none", reason="redirects to the case list or the dashboard"),
    "outbreak:cases": page("list", "cases", owner_sees=(CASE_NAME,)),
    "outbreak:case_new": page("list", "case_new"),
    "outbreak:verification": page("list", "verification", owner_sees=(CASE_NAME,)),
    "outbreak:case": page("detail", "case", "case", owner_sees=(CASE_NAME,)),
    "outbreak:case_edit": page("detail", "case_edit", "case", owner_sees=(CASE_NAME,)),
    "outbreak:case_submit": page("write", "case_submit", "case", method="post"),
    "outbreak:case_verify": page("write", "case_verify", "case", method="post"),
    "outbreak:case_decline": page("write", "case_decline", "case", method="post"),
    "outbreak:case_classify": page("write", "case_classify", "case", method="post"),
    "outbreak:case_close": page("write", "case_close", "case", method="post"),
    "outbreak:labtest_new": page("write", "labtest_new", "case", method="post"),
    "outbreak:labtest_result": page("write", "labtest_result", "test", method="post"),
    "outbreak:case_transfer": page("write", "case_transfer", "case", method="post"),
    "outbreak:transfers": page("list", "transfers", owner_sees=("Rujukan penanda",)),
    "outbreak:transfer_answer": page(
        "detail", "transfer_answer", "transfer", owner_sees=("Rujukan penanda",)
    ),
    "outbreak:case_cluster": page("write", "case_cluster", "case", method="post"),
    "outbreak:contact_new": page("write", "contact_new", "case", method="post"),
    "outbreak:tracer": page("list", "tracer", owner_sees=(CONTACT_NAME,)),
    "outbreak:follow_up": page("write", "follow_up", "follow_up", method="post"),
    "outbreak:contacts": page("list", "contacts", owner_sees=(CONTACT_NAME,)),
    "outbreak:contact": page("detail", "contact", "contact", owner_sees=(CONTACT_NAME,)),
    "outbreak:contact_end": page("write", "contact_end", "contact", method="post"),
    "outbreak:contact_to_case": page("write", "contact_to_case", "contact", method="post"),
    "outbreak:clusters": page("list", "clusters", owner_sees=("Klaster Penanda",)),
    "outbreak:cluster": page("detail", "cluster", "cluster", owner_sees=("Klaster Penanda",)),
    "outbreak:skdr": page("list", "skdr", owner_sees=("Puskesmas Ganting",)),
    "outbreak:alerts": page("list", "alerts", owner_sees=("Puskesmas Ganting",)),
    "outbreak:diseases": page("list", "diseases", owner_sees=("Kota Padang Panjang",)),
    "outbreak:disease": page("detail", "disease", "disease"),
    "outbreak:populations": page("list", "populations", owner_sees=("Kota Padang Panjang",)),
    "outbreak:logistics": page("list", "logistics", owner_sees=("440/77/PKM/2026",)),
    "outbreak:request_new": page("list", "request_new"),
    "outbreak:request": page("detail", "request", "request", owner_sees=("440/77/PKM/2026",)),
    "outbreak:request_verify": page("write", "request_verify", "request", method="post"),
    "outbreak:request_approve": page("write", "request_approve", "request", method="post"),
    "outbreak:request_reject": page("write", "request_reject", "request", method="post"),
    "outbreak:request_realise": page("write", "request_realise", "request", method="post"),
    "outbreak:request_receive": page("write", "request_receive", "request", method="post"),
    "outbreak:request_letter": page("detail", "request_letter", "request"),
    "outbreak:facility_stock": page("list", "facility_stock"),
    "outbreak:stock": page("list", "stock", owner_sees=("Gudang Farmasi Padang Panjang",)),
    "outbreak:dashboard": page("list", "dashboard"),
    "outbreak:import": page("list", "import"),
    "outbreak:import_skdr": page("list", "import_skdr"),
    "outbreak:export": page("list", "export", owner_sees=(CASE_NAME,)),
    "outbreak:public": page("public", "public"),
    "outbreak:self_check": Probe("none", reason="a questionnaire; it stores and shows no data"),
    "outbreak:open_data": Probe("none", reason="documentation of the open data API"),
    "POST /api/v1/outbreak/cases": api(
        "write",
        "/cases",
        "post_json",
        body=lambda i: {
            "unit": i["unit"],
            "disease": "covid19",
            "name": "Orang Luar",
            "sex": "L",
            "classification": "suspek",
            "nik": "1374011503850002",
        },
    ),
    "GET /api/v1/outbreak/cases/{case_id}": api("detail", "/cases/{case}", owner_sees=(CASE_NAME,)),
    "POST /api/v1/outbreak/skdr": api(
        "write",
        "/skdr",
        "post_json",
        body=lambda i: {"unit": i["unit"], "disease": "dbd", "year": 2025, "week": 12, "cases": 1},
    ),
    "GET /api/v1/outbreak/alerts": api(
        "list", "/alerts?wilayah=13.74", owner_sees=("Puskesmas Ganting",)
    ),
    "GET /api/v1/outbreak/open-data": api("public", "/open-data?disease=covid19&wilayah=13.74"),
    "GET /api/v1/outbreak/open-data.csv": api(
        "public", "/open-data.csv?disease=covid19&wilayah=13.74"
    ),
}


@pytest.fixture(scope="module")
def made_for_module(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    """One world and its objects for the module's probes (``tests.once``)."""

    def make() -> SimpleNamespace:
        world = outbreak_world()
        return SimpleNamespace(world=world, place=make_place(world))

    yield from made_once(django_db_blocker, make)


@pytest.fixture
def made(made_for_module, db) -> SimpleNamespace:
    """This test's copy of both (one copy, so the objects still share their users)."""
    return copy.deepcopy(made_for_module)


@pytest.fixture
def world(made) -> SimpleNamespace:
    return made.world


@pytest.fixture
def place(made) -> SimpleNamespace:
    return made.place


def make_place(world: SimpleNamespace) -> SimpleNamespace:
    """Padang Panjang's objects, one of each kind, named with markers."""
    case = report(world, name=CASE_NAME)
    test = case_services.labtest_record(
        actor=world.officer,
        case=case,
        specimen_type="swab",
        specimen_date=days_ago(2),
        method="PCR",
    )
    contact = contact_services.contact_add(
        actor=world.officer,
        case=case,
        name=CONTACT_NAME,
        exposure_date=days_ago(2),
        exposure_type="household",
        location=region("13.74.01.1002"),
    )
    follow_up = contact.follow_ups.get(day=days_ago(1))
    cluster = case_services.cluster_create(
        actor=world.surveillance, disease=world.covid, name="Klaster Penanda", opened_on=days_ago(2)
    )
    case_services.case_link_cluster(actor=world.surveillance, case=case, cluster=cluster)
    skdr.weekly_report_submit(
        actor=world.officer, unit=world.puskesmas, disease=world.dbd, year=2025, week=10, cases=7
    )
    masks = Item.objects.get(code="MASKER-BEDAH")
    logistics.stock_set(actor=world.surveillance, warehouse=world.warehouse, item=masks, quantity=9)
    request = logistics.request_submit(
        actor=world.officer,
        unit=world.puskesmas,
        applicant="dr. Rina",
        letter_number="440/77/PKM/2026",
        lines=[logistics.LineIn(item=masks, quantity=5)],
        letter=SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf"),
    )
    referred = report(world, disease=world.dbd, classification="dbd", nik="", name="Budi")
    transfer = case_services.case_transfer(
        actor=world.officer, case=referred, to_unit=world.hospital, comment="Rujukan penanda"
    )
    ids = {
        "transfer": transfer.pk,
        "case": case.pk,
        "test": test.pk,
        "contact": contact.pk,
        "follow_up": follow_up.pk,
        "cluster": cluster.pk,
        "disease": world.covid.pk,
        "request": request.pk,
        "unit": world.puskesmas.pk,
    }
    return SimpleNamespace(ids=ids, case=case, contact=contact, transfer=transfer)


def fetch(user: Any, probe: Probe, ids: dict[str, int]) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    assert probe.path is not None
    path = probe.path(ids)
    if probe.method == "post_json":
        body = probe.body(ids) if probe.body else {}
        return client.post(path, data=json.dumps(body), content_type="application/json")
    return getattr(client, probe.method)(path)


def text_of(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def test_every_url_and_api_operation_of_the_module_is_probed():
    names = [n for n in url_names(get_resolver().url_patterns) if n.split(":")[0] == "outbreak"]
    operations = [
        op for op in api_operations() if op.split(" ", 1)[1].startswith("/api/v1/outbreak/")
    ]
    missing = sorted(set(names + operations) - set(PROBES))
    assert not missing, f"add these to PROBES: {missing}"


PROBED = [name for name, probe in PROBES.items() if probe.kind != "none"]


@pytest.mark.parametrize("name", PROBED)
def test_another_regions_users_get_nothing_of_padang_panjang(world, place, name):
    probe = PROBES[name]
    if probe.kind == "public":
        for who in (None, world.bkt_surveillance, world.officer):
            seen = text_of(fetch(who, probe, place.ids))
            assert not [m for m in MARKERS if m in seen], f"the public {name} shows personal data"
        return
    if probe.kind in ("detail", "list"):
        owner = fetch(world.surveillance, probe, place.ids)
        assert owner.status_code == 200, f"the owner cannot open {name}: {owner.status_code}"
        for text in probe.owner_sees:
            assert text in text_of(owner), f"the probe does not reach the data: {text!r}"
    for outsider in (world.bkt_surveillance, world.bkt_officer):
        answer = fetch(outsider, probe, place.ids)
        if probe.kind in ("detail", "write"):
            assert answer.status_code == 404, f"{name} answered {answer.status_code}"
            continue
        assert answer.status_code in (200, 404), f"{name} answered {answer.status_code}"
        seen = text_of(answer)
        leaks = [m for m in (*MARKERS, *probe.owner_sees) if m in seen]
        assert not leaks, f"{name} shows Bukittinggi {leaks}"


def _state() -> tuple[Any, ...]:
    return (
        list(
            Case.objects.values_list(
                "pk", "status", "classification", "outcome", "unit_id", "cluster_id"
            )
        ),
        list(Contact.objects.values_list("pk", "status", "follow_up_until")),
        list(FollowUp.objects.exclude(result="").values_list("pk", "result")),
        LabTest.objects.count(),
        list(LogisticsRequest.objects.values_list("pk", "status")),
        list(Stock.objects.values_list("pk", "quantity")),
    )


def test_outsiders_writes_change_nothing(world, place):
    before = _state()
    for probe in [p for p in PROBES.values() if p.kind == "write"]:
        fetch(world.bkt_surveillance, probe, place.ids)
    assert _state() == before


def test_a_facility_sees_only_its_own_cases(world, place):
    client = Client()
    client.force_login(world.other_officer)
    assert CASE_NAME not in client.get(reverse("outbreak:cases")).content.decode()
    assert client.get(reverse("outbreak:case", args=[place.case.pk])).status_code == 404
    assert client.get(f"/api/v1/outbreak/cases/{place.case.pk}").status_code == 404


def test_a_tracer_follows_only_the_contacts_of_their_kecamatan(world, place):
    other = Client()
    other.force_login(world.other_tracer)
    assert CONTACT_NAME not in other.get(reverse("outbreak:tracer")).content.decode()
    assert other.get(reverse("outbreak:contact", args=[place.contact.pk])).status_code == 404
    mine = Client()
    mine.force_login(world.tracer)
    assert CONTACT_NAME in mine.get(reverse("outbreak:tracer")).content.decode()
    # A tracer follows contacts; the case register stays closed to them.
    assert mine.get(reverse("outbreak:case", args=[place.case.pk])).status_code == 404


def test_the_province_sees_every_region_with_the_nik_masked(world, place):
    client = Client()
    client.force_login(world.province)
    body = client.get(f"/api/v1/outbreak/cases/{place.case.pk}").json()
    assert body["name"] == CASE_NAME and body["nik"] == "1374********0001"


def test_the_duplicate_message_names_no_facility_to_another_region(world, place):
    from replika.outbreak.services.cases import DuplicateCase

    with pytest.raises(DuplicateCase) as refused:
        report(
            world,
            actor=world.bkt_officer,
            unit=world.bkt_puskesmas,
            disease=world.bkt_covid,
            location=None,
        )
    assert "Ganting" not in str(refused.value) and CASE_NAME not in str(refused.value)


def test_a_transfer_is_answered_by_the_receiving_side_only_and_access_moves_on_acceptance(
    world, place
):
    answer_url = reverse("outbreak:transfer_answer", args=[place.transfer.pk])
    case_url = reverse("outbreak:case", args=[place.transfer.case_id])
    sender = Client()
    sender.force_login(world.officer)  # Puskesmas Ganting asked for the transfer
    assert sender.get(answer_url).status_code == 404
    assert "Menunggu pemindahan" in text_of(sender.get(case_url))
    # A transfer to another region: Bukittinggi's puskesmas sees the offer, not the case.
    to_bkt = case_services.case_transfer(
        actor=world.surveillance, case=place.case, to_unit=world.bkt_puskesmas, comment="Pindah"
    )
    receiver = Client()
    receiver.force_login(world.bkt_officer)
    bkt_case_url = reverse("outbreak:case", args=[place.case.pk])
    assert receiver.get(bkt_case_url).status_code == 404
    offer = receiver.get(reverse("outbreak:transfer_answer", args=[to_bkt.pk]))
    assert offer.status_code == 200
    assert not [m for m in MARKERS if m in text_of(offer)]
    assert (
        sender.post(
            reverse("outbreak:transfer_answer", args=[to_bkt.pk]), {"decision": "accept"}
        ).status_code
        == 404
    )
    done = receiver.post(
        reverse("outbreak:transfer_answer", args=[to_bkt.pk]),
        {"decision": "accept", "answer": "Diterima"},
    )
    assert done.status_code == 302
    assert receiver.get(bkt_case_url).status_code == 200
    assert sender.get(bkt_case_url).status_code == 404
    assert receiver.get(answer_url).status_code == 404
