"""Bad input to every outbreak form and write operation: a 4xx naming the field, nothing
written. Each endpoint has a payload it accepts; a case replaces one field of it.

The completeness test fails when a URL of the module that takes a POST has no endpoint here.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from replika.outbreak.models import Item
from replika.outbreak.services import cases as case_services
from replika.outbreak.services import contacts as contact_services
from replika.outbreak.services import logistics
from tests.badinput.test_bad_input import database_state, error_fields
from tests.badinput.test_cross_region import url_names
from tests.factories import region
from tests.once import made_once
from tests.outbreak.factories import NIK_MAN, days_ago, outbreak_world, report

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def iso(days: int) -> str:
    return days_ago(days).isoformat()


TOMORROW = (timezone.localdate() + dt.timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def objs_once(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    """One world for the module's cases (``tests.once``); only it took time."""
    yield from made_once(django_db_blocker, lambda: make_objs(outbreak_world()))


@pytest.fixture
def objs(objs_once, db) -> SimpleNamespace:
    """The module's objects, a copy per test; what a test writes is rolled back after it."""
    return copy.deepcopy(objs_once)


def make_objs(world: SimpleNamespace) -> SimpleNamespace:
    case = report(world)
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
        name="Andi",
        exposure_date=days_ago(2),
        exposure_type="household",
        location=region("13.74.01.1002"),
    )
    masks = Item.objects.get(code="MASKER-BEDAH")
    logistics.stock_set(actor=world.surveillance, warehouse=world.warehouse, item=masks, quantity=3)
    request = logistics.request_submit(
        actor=world.officer,
        unit=world.puskesmas,
        applicant="dr. Rina",
        letter_number="440/1/PKM/2026",
        lines=[logistics.LineIn(item=masks, quantity=5)],
    )
    approved = logistics.request_submit(
        actor=world.officer,
        unit=world.puskesmas,
        applicant="dr. Rina",
        letter_number="440/2/PKM/2026",
        lines=[logistics.LineIn(item=masks, quantity=5)],
    )
    logistics.request_verify(actor=world.surveillance, request=approved)
    verified = logistics.request_submit(
        actor=world.officer,
        unit=world.puskesmas,
        applicant="dr. Rina",
        letter_number="440/3/PKM/2026",
        lines=[logistics.LineIn(item=masks, quantity=5)],
    )
    logistics.request_verify(actor=world.surveillance, request=verified)
    logistics.request_approve(actor=world.surveillance, request=approved, warehouse=world.warehouse)
    dengue = report(world, disease=world.dbd, classification="dbd", nik="", name="Budi")
    transfer = case_services.case_transfer(
        actor=world.officer, case=dengue, to_unit=world.hospital, comment="Rujuk rawat inap"
    )
    return SimpleNamespace(
        world=world,
        case=case,
        transfer=transfer,
        test=test,
        contact=contact,
        request=request,
        approved=approved,
        verified=verified,
        masks=masks,
        follow_up=contact.follow_ups.get(day=days_ago(1)),
    )


@dataclass(frozen=True)
class Endpoint:
    user: str
    url: Callable[[SimpleNamespace], str]
    valid: Callable[[SimpleNamespace], dict[str, Any]]
    json: bool = False
    accepted: tuple[int, ...] = (302,)
    files: Callable[[], dict[str, Any]] | None = None


def u(name: str, key: str | None = None) -> Callable[[SimpleNamespace], str]:
    return lambda o: reverse(f"outbreak:{name}", args=[getattr(o, key).pk] if key else [])


ENDPOINTS: dict[str, Endpoint] = {
    "case_new": Endpoint(
        "officer",
        u("case_new"),
        lambda o: {
            "unit": o.world.puskesmas.pk,
            "disease": o.world.covid.pk,
            "classification": "suspek",
            "nik": NIK_MAN,
            "name": "Budi",
            "sex": "L",
            "birth_date": "1985-03-15",
            "reported_on": iso(1),
            "onset_date": iso(2),
            "location": region("13.74.01.1003").pk,
        },
    ),
    "case_edit": Endpoint(
        "officer",
        u("case_edit", "case"),
        lambda o: {
            "nik": o.case.nik,
            "name": "Siti R",
            "sex": "P",
            "birth_date": "1990-08-17",
            "onset_date": iso(4),
            "symptoms_end": iso(1),
            "place_of_care": "rumah",
        },
    ),
    "case_decline": Endpoint(
        "surveillance", u("case_decline", "case"), lambda o: {"reason": "Data kurang"}
    ),
    "case_classify": Endpoint(
        "officer",
        u("case_classify", "case"),
        lambda o: {"classification": "probable", "on": iso(0)},
    ),
    "case_close": Endpoint(
        "officer", u("case_close", "case"), lambda o: {"outcome": "recovered", "on": iso(0)}
    ),
    "labtest_new": Endpoint(
        "officer",
        u("labtest_new", "case"),
        lambda o: {
            "specimen_type": "swab",
            "specimen_date": iso(2),
            "method": "PCR",
            "result": "negative",
            "result_date": iso(1),
        },
    ),
    "labtest_result": Endpoint(
        "officer",
        u("labtest_result", "test"),
        lambda o: {"result": "positive", "result_date": iso(1)},
    ),
    "case_transfer": Endpoint(
        "surveillance",
        u("case_transfer", "case"),
        lambda o: {
            "to_unit": o.world.hospital.pk,
            "comment": "Dirawat inap",
        },
    ),
    "transfer_answer": Endpoint(
        "surveillance",
        u("transfer_answer", "transfer"),
        lambda o: {"decision": "decline", "answer": "Tempat tidur penuh"},
    ),
    "case_cluster": Endpoint("surveillance", u("case_cluster", "case"), lambda o: {"cluster": ""}),
    "contact_new": Endpoint(
        "officer",
        u("contact_new", "case"),
        lambda o: {
            "name": "Rina",
            "exposure_date": iso(3),
            "exposure_type": "work",
            "duration_minutes": 30,
        },
    ),
    "follow_up": Endpoint("tracer", u("follow_up", "follow_up"), lambda o: {"result": "seen"}),
    "contact_end": Endpoint(
        "surveillance", u("contact_end", "contact"), lambda o: {"until": iso(-20)}
    ),
    "contact_to_case": Endpoint(
        "officer",
        u("contact_to_case", "contact"),
        lambda o: {
            "classification": "suspek",
            "sex": "L",
            "onset_date": iso(0),
            "nik": NIK_MAN,
        },
    ),
    "clusters": Endpoint(
        "surveillance",
        u("clusters"),
        lambda o: {
            "disease": o.world.covid.pk,
            "name": "Klaster Kantor",
            "opened_on": iso(1),
        },
    ),
    "skdr": Endpoint(
        "officer",
        u("skdr"),
        lambda o: {
            "unit": o.world.puskesmas.pk,
            "disease": o.world.dbd.pk,
            "year": 2025,
            "week": 10,
            "cases": 3,
            "deaths": 0,
        },
    ),
    "diseases": Endpoint(
        "surveillance", u("diseases"), lambda o: {"region": region("13.74").pk, "code": "campak"}
    ),
    "populations": Endpoint(
        "surveillance",
        u("populations"),
        lambda o: {"year": 2026, "k_13_74_01": "33400", "rows": "13.74.02;30.495"},
    ),
    "disease": Endpoint(
        "surveillance",
        lambda o: reverse("outbreak:disease", args=[o.world.covid.pk]),
        lambda o: {
            "name": "COVID-19",
            "contact_before": 2,
            "contact_after": 14,
            "follow_up_days": 10,
            "isolation_days": 10,
            "symptom_free_days": 3,
            "skdr_code": "",
            "weekly_threshold": 0,
            "nik_required": "on",
            "active": "on",
            "classifications": ["suspek", "probable", "konfirmasi", "discarded", "meninggal"],
        },
    ),
    "request_new": Endpoint(
        "officer",
        u("request_new"),
        lambda o: {
            "unit": o.world.puskesmas.pk,
            "applicant": "dr. Rina",
            "letter_number": "440/9/PKM/2026",
            "item_0": o.masks.pk,
            "quantity_0": 10,
            "priority_0": "tinggi",
        },
        files=lambda: {
            "letter": SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
        },
    ),
    "request_approve": Endpoint(
        "surveillance",
        u("request_approve", "verified"),
        lambda o: {"warehouse": o.world.warehouse.pk},
    ),
    "request_reject": Endpoint(
        "surveillance", u("request_reject", "request"), lambda o: {"note": "Stok habis"}
    ),
    "request_realise": Endpoint(
        "surveillance",
        u("request_realise", "approved"),
        lambda o: {
            f"item_{o.approved.lines.get().pk}": o.masks.pk,
            f"quantity_{o.approved.lines.get().pk}": 3,
        },
    ),
    "stock": Endpoint(
        "surveillance",
        u("stock"),
        lambda o: {
            "warehouse": o.world.warehouse.pk,
            "item": o.masks.pk,
            "quantity": 40,
        },
    ),
    "import": Endpoint(
        "surveillance",
        u("import"),
        lambda o: {
            "unit": o.world.puskesmas.pk,
            "disease": o.world.dbd.pk,
        },
        files=lambda: {
            "file": SimpleUploadedFile(
                "kasus.csv", b"Nama,JK,Tanggal Lapor,Status\nBudi,L,01/11/2026,dbd\n"
            )
        },
    ),
    "import_skdr": Endpoint(
        "officer",
        u("import_skdr"),
        lambda o: {},
        files=lambda: {
            "file": SimpleUploadedFile(
                "w2.csv", b"Puskesmas,Penyakit,Tahun,Minggu,Kasus\nPuskesmas Ganting,SD,2025,10,3\n"
            )
        },
    ),
    "api_cases": Endpoint(
        "officer",
        lambda o: "/api/v1/outbreak/cases",
        lambda o: {
            "unit": o.world.puskesmas.pk,
            "disease": "covid19",
            "name": "Budi",
            "sex": "L",
            "classification": "suspek",
            "nik": NIK_MAN,
            "birth_date": "1985-03-15",
        },
        json=True,
        accepted=(201,),
    ),
    "api_skdr": Endpoint(
        "officer",
        lambda o: "/api/v1/outbreak/skdr",
        lambda o: {
            "unit": o.world.puskesmas.pk,
            "disease": "dbd",
            "year": 2025,
            "week": 11,
            "cases": 2,
        },
        json=True,
        accepted=(200,),
    ),
}
# POST-only steps without a form (one button): probed by the cross-region suite and by the
# lifecycle cases below.
BUTTONS = {"case_submit", "case_verify", "request_verify", "request_receive", "follow_up_list"}
# Pages that take no POST at all (the self-check takes one but stores nothing: its answers
# are checkboxes, and any value other than "1" counts as not ticked).
READ_ONLY = {
    "self_check",
    "transfers",
    "request_letter",
    "facility_stock",
    "home",
    "cases",
    "verification",
    "case",
    "tracer",
    "contacts",
    "contact",
    "cluster",
    "alerts",
    "logistics",
    "request",
    "dashboard",
    "export",
    "public",
    "open_data",
}


@dataclass(frozen=True)
class Case:
    endpoint: str
    field: str
    value: Any
    named: str = ""  # the field the error names, when not the one changed


CASES = [
    Case("case_new", "nik", "12345"),
    Case("case_new", "nik", "9974015708900001"),
    Case("case_new", "nik", ""),  # COVID-19 requires a NIK
    Case("case_new", "name", ""),
    Case("case_new", "sex", "X"),
    Case("case_new", "birth_date", TOMORROW),
    Case("case_new", "reported_on", "2026-13-45"),
    Case("case_new", "onset_date", TOMORROW),
    Case("case_new", "classification", "dbd"),
    Case("case_new", "unit", "999999"),
    Case("case_new", "location", "1"),
    Case("case_edit", "symptoms_end", iso(6)),
    Case("case_edit", "nik", "abc"),
    Case("case_decline", "reason", ""),
    Case("case_classify", "classification", "zzz"),
    Case("case_classify", "on", TOMORROW),
    Case("case_close", "outcome", "healed"),
    Case("case_close", "on", "kemarin"),
    Case("labtest_new", "specimen_date", TOMORROW),
    Case("labtest_new", "result_date", iso(5)),
    Case("labtest_new", "method", ""),
    Case("labtest_result", "result_date", ""),
    Case("case_transfer", "comment", ""),
    Case("case_transfer", "to_unit", "999999"),
    Case("transfer_answer", "decision", "maybe"),
    Case("transfer_answer", "answer", ""),
    Case("transfer_answer", "answer", "x" * 300),
    Case("contact_new", "exposure_date", iso(30)),
    Case("contact_new", "exposure_type", "kiss"),
    Case("contact_new", "duration_minutes", "-5"),
    Case("follow_up", "result", "maybe", named="result"),
    Case("contact_end", "until", iso(5)),
    Case("contact_to_case", "classification", "zzz"),
    Case("contact_to_case", "nik", ""),
    Case("clusters", "name", ""),
    Case("clusters", "opened_on", TOMORROW),
    Case("skdr", "week", "60"),
    Case("skdr", "deaths", "9"),
    Case("skdr", "cases", "-1"),
    Case("diseases", "code", "ebola"),
    Case("populations", "year", "1850"),
    Case("populations", "year", "dua ribu"),
    Case("populations", "k_13_74_01", "0"),
    Case("populations", "k_13_74_01", "33,4 ribu"),
    Case("populations", "k_13_74_01", "99999999"),
    Case("populations", "rows", "13.75.01;500"),
    Case("populations", "rows", "13.74.02;banyak"),
    Case("populations", "rows", "13.74.02;1;2"),
    Case("disease", "follow_up_days", "500"),
    Case("disease", "classifications", "ebola"),
    Case("disease", "classifications", ""),
    Case("disease", "classifications", "discarded"),
    Case("disease", "classifications", ["suspek", "selesai_isolasi"]),
    Case("request_new", "letter_number", ""),
    Case("request_new", "quantity_0", "0"),
    Case("request_approve", "warehouse", "999999"),
    Case("request_reject", "note", ""),
    Case("request_realise", "quantity", "", named="__all__"),
    Case("stock", "quantity", "-1"),
    Case("api_cases", "name", ""),
    Case("api_cases", "sex", "X"),
    Case("api_cases", "nik", "1234567890123456"),
    Case("api_cases", "disease", "ebola"),
    Case("api_skdr", "week", 0),
    Case("api_skdr", "deaths", 5),
]


def send(objs: SimpleNamespace, endpoint: Endpoint, payload: dict[str, Any]) -> Any:
    client = Client()
    client.force_login(getattr(objs.world, endpoint.user))
    url = endpoint.url(objs)
    if endpoint.json:
        return client.post(url, data=json.dumps(payload), content_type="application/json")
    if endpoint.files is not None:
        payload = {**payload, **endpoint.files()}
    return client.post(url, data=payload)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_every_endpoint_accepts_its_valid_payload(objs, name):
    endpoint = ENDPOINTS[name]
    response = send(objs, endpoint, endpoint.valid(objs))
    assert response.status_code in endpoint.accepted, (
        name,
        response.status_code,
        error_fields(response),
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.endpoint}-{c.field}-{c.value}")
def test_bad_value_is_refused_with_a_field_error_and_nothing_is_written(objs, case):
    endpoint = ENDPOINTS[case.endpoint]
    payload = endpoint.valid(objs)
    if case.field == "quantity" and case.endpoint == "request_realise":
        line = objs.approved.lines.get()
        payload[f"quantity_{line.pk}"] = 50  # more than the warehouse holds
    else:
        payload[case.field] = case.value
    before = database_state()
    response = send(objs, endpoint, payload)
    assert 400 <= response.status_code < 500, (case, response.status_code)
    named = case.named or case.field
    assert named in error_fields(response), (case, error_fields(response))
    assert database_state() == before


def test_every_url_taking_a_post_has_an_endpoint_here():
    names = {
        n.split(":", 1)[1]
        for n in url_names(get_resolver().url_patterns)
        if n.startswith("outbreak:")
    }
    missing = sorted(names - set(ENDPOINTS) - BUTTONS - READ_ONLY)
    assert not missing, f"add these to ENDPOINTS (or say why they take no form): {missing}"


def test_a_one_button_step_out_of_order_is_refused_and_changes_nothing(objs):
    client = Client()
    client.force_login(objs.world.surveillance)
    case_services.case_verify(actor=objs.world.surveillance, case=objs.case)
    before = database_state()
    response = client.post(reverse("outbreak:case_verify", args=[objs.case.pk]))
    assert response.status_code == 422
    response = client.post(reverse("outbreak:request_receive", args=[objs.request.pk]))
    assert response.status_code == 422
    assert database_state() == before


def test_a_bad_row_of_an_import_is_reported_with_its_column_and_good_rows_are_stored(objs):
    from replika.outbreak.importers import import_case_file

    content = (
        b"Nama,JK,Tanggal Lapor,Status,NIK\n"
        b"Budi,L,01/11/2026,dbd,\n"
        b"Wati,X,01/11/2026,dbd,\n"
        b"Rudi,L,01/11/2026,flu,\n"
        b",L,01/11/2026,dbd,\n"
    )
    result = import_case_file(
        actor=objs.world.surveillance,
        content=content,
        disease_id=objs.world.dbd.pk,
        unit_id=objs.world.puskesmas.pk,
    )
    assert result.created == 1
    assert sorted((p.row, p.column) for p in result.problems) == [
        (3, "JK"),
        (4, "Status"),
        (5, "Nama"),
    ]
    again = import_case_file(
        actor=objs.world.surveillance,
        content=content,
        disease_id=objs.world.dbd.pk,
        unit_id=objs.world.puskesmas.pk,
    )
    assert again.created == 0 and again.unchanged == 1


def test_an_import_into_covid_refuses_rows_without_a_nik(objs):
    from replika.outbreak.importers import import_case_file

    content = b"Nama,JK,Tanggal Lapor,Status,NIK\nBudi,L,01/11/2026,suspek,\n"
    result = import_case_file(
        actor=objs.world.surveillance,
        content=content,
        disease_id=objs.world.covid.pk,
        unit_id=objs.world.puskesmas.pk,
    )
    assert result.created == 0
    assert [p.column for p in result.problems] == ["NIK"]


def test_the_import_page_runs_a_job_that_reports_bad_rows_in_a_file(
    objs, django_capture_on_commit_callbacks
):
    from replika.core.models import Job
    from replika.outbreak.models import Case as CaseRow

    client = Client()
    client.force_login(objs.world.surveillance)
    upload = SimpleUploadedFile(
        "kasus.csv", b"Nama,JK,Tanggal Lapor,Status\nBudi,L,01/11/2026,dbd\nWati,X,01/11/2026,dbd\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("outbreak:import"),
            {"unit": objs.world.puskesmas.pk, "disease": objs.world.dbd.pk, "file": upload},
        )
    assert response.status_code == 302
    job = Job.objects.get(kind="outbreak.import_cases")
    assert job.status == "done", job.message
    assert job.result["created"] == 1 and job.result["bad"] == 1
    assert "file" in job.result
    assert CaseRow.objects.filter(name="Budi", disease=objs.world.dbd).exists()


def test_a_skdr_file_stores_good_rows_reports_bad_ones_and_corrects_on_reimport(objs):
    from replika.outbreak.importers import import_skdr_file
    from replika.outbreak.models import WeeklyReport

    content = (
        b"Puskesmas,Penyakit,Tahun,Minggu,Kasus,Kematian\n"
        b"Puskesmas Ganting,SD,2025,10,6,0\n"
        b"Puskesmas Tarok,SD,2025,10,2,0\n"
        b"Puskesmas Ganting,XX,2025,10,2,0\n"
        b"Puskesmas Ganting,SD,2025,60,2,0\n"
    )
    result = import_skdr_file(actor=objs.world.officer, content=content)
    assert result.created == 1
    assert sorted((p.row, p.column) for p in result.problems) == [
        (3, "Puskesmas"),
        (4, "Penyakit"),
        (5, "Minggu"),
    ]
    report = WeeklyReport.objects.get()
    assert (report.unit, report.cases) == (objs.world.puskesmas, 6)
    again = import_skdr_file(actor=objs.world.officer, content=content)
    assert again.created == 0 and again.unchanged == 1
    assert report.disease.alerts.filter(kind="threshold", week=10).exists()


def test_the_skdr_import_page_runs_a_job(objs, django_capture_on_commit_callbacks):
    from replika.core.models import Job

    client = Client()
    client.force_login(objs.world.officer)
    upload = SimpleUploadedFile(
        "w2.csv", b"Puskesmas,Penyakit,Tahun,Minggu,Kasus\nPuskesmas Ganting,SD,2025,10,3\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outbreak:import_skdr"), {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get(kind="outbreak.import_skdr")
    assert job.status == "done" and job.result["created"] == 1, job.message
