"""Bad input to every schooling form and API write: a 4xx naming the field, nothing written.

One row per (endpoint, field, bad value); each endpoint has a valid payload that a test
accepts first. A completeness test fails when a URL pattern or an API write of the app has
no row here (or is not listed as a page without input).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from replika.core.models import Wilayah
from replika.schooling.models import Case
from replika.schooling.services import cases as svc
from replika.schooling.services import corrections, followup, warnings
from tests.badinput.test_bad_input import database_state, error_fields
from tests.badinput.test_cross_region import api_operations, url_names
from tests.once import made_once
from tests.schooling.factories import NAGARI, OUTSIDE_NAGARI, born, place, report, today
from tests.schooling.factories import world as make_world

pytestmark = pytest.mark.django_db
API = "/api/v1/schooling"
TOMORROW = (timezone.localdate() + dt.timedelta(days=3)).isoformat()


@dataclass
class Endpoint:
    user: str
    url: Callable[[dict[str, Any]], str]
    payload: Callable[[dict[str, Any]], dict[str, Any]]
    json: bool = False
    ok: tuple[int, ...] = (200, 201, 302)
    method: str = "post"


def step(name: str, case: str = "case") -> Callable[[dict[str, Any]], str]:
    return lambda o: reverse("schooling:case_step", args=[o[case], name])


def prefixed(prefix: str, data: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}-{k}": v for k, v in data.items()}


@pytest.fixture(scope="module")
def objects_once(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    """One world for the module's cases (``tests.once``); only it took time."""
    yield from made_once(django_db_blocker, lambda: make_objects(make_world()))


@pytest.fixture
def objects(objects_once, db) -> dict[str, Any]:
    """The module's objects, a copy per test; what a test writes is rolled back after it."""
    return copy.deepcopy(objects_once)


def make_objects(world: Any) -> dict[str, Any]:
    reported = report(world.pendata)
    verified = svc.case_verify(actor=world.disdik, case=report(name="Dua"), on=today())
    assessed = svc.case_assess(
        actor=world.disdik,
        case=svc.case_verify(actor=world.disdik, case=report(name="Tiga"), on=today()),
        route="filial",
        on=today(),
    )
    placed = svc.case_place(
        actor=world.disdik,
        case=svc.case_assess(
            actor=world.disdik,
            case=svc.case_verify(actor=world.disdik, case=report(name="Empat"), on=today()),
            route="filial",
            on=today(),
        ),
        place=world.filial,
        on=today(),
    )
    followup.attendance_record(
        actor=world.satuan, case=placed, month=today(), school_days=20, days_present=20
    )
    row = warnings.warning_report(
        actor=world.satuan,
        school=world.filial,
        name="Siswa",
        sex=1,
        birth_date=born(13),
        level="SMP",
        grade=7,
        attendance=None,
    )
    return {
        "world": world,
        "case": reported.pk,
        "verified": verified.pk,
        "assessed": assessed.pk,
        "attending": placed.pk,
        "filial": world.filial.pk,
        "parent": world.parent_school.pk,
        "elsewhere": place(location=OUTSIDE_NAGARI, name="Filial Solok").pk,
        "warning": row.pk,
        "nagari": Wilayah.objects.get(code=NAGARI).pk,
        "solok_nagari": Wilayah.objects.get(code=OUTSIDE_NAGARI).pk,
        "region": world.region.pk,
    }


CSV = b"nama;jenis kelamin;tanggal lahir;kode desa;status ats\nRani;P;2009-09-09;1305012001;DO\n"


def version(o: dict[str, Any]) -> str:
    """The version a correction form of the reported case is drawn at."""
    return corrections.version_of(Case.objects.get(pk=o["case"]))


def correction(o: dict[str, Any]) -> dict[str, Any]:
    """The correction form of the reported case, with a new guardian's phone."""
    return {
        "location": o["nagari"],
        "name": "Rafi Chaniago",
        "sex": "1",
        "birth_date": born(13).isoformat(),
        "nik": "",
        "ats_type": "do",
        "reason": "ekonomi",
        "source": "survey",
        "guardian_name": "Yusnimar",
        "guardian_phone": "0812 6600 1234",
        "last_level": "SMP",
        "last_grade": "7",
        "version": version(o),
    }


ENDPOINTS: dict[str, Endpoint] = {
    "correct": Endpoint(
        "disdik", lambda o: reverse("schooling:case_correct", args=[o["case"]]), correction
    ),
    "api_correct": Endpoint(
        "disdik",
        lambda o: f"{API}/cases/{o['case']}",
        lambda o: {"version": version(o), "guardian_phone": "081266001234"},
        json=True,
        method="patch",
    ),
    "report": Endpoint(
        "pendata",
        lambda o: reverse("schooling:report"),
        lambda o: {
            "location": o["nagari"],
            "name": "Fikri Tanjung",
            "sex": "1",
            "birth_date": "2012-02-02",
            "ats_type": "do",
            "reason": "ekonomi",
            "source": "survey",
            "last_level": "SD",
        },
    ),
    "verify": Endpoint(
        "disdik", step("verify"), lambda o: prefixed("verify", {"on": today().isoformat()})
    ),
    "residu": Endpoint(
        "disdik", step("residu"), lambda o: prefixed("residu", {"on": today().isoformat()})
    ),
    "assess": Endpoint(
        "disdik",
        step("assess", "verified"),
        lambda o: prefixed("assess", {"on": today().isoformat(), "route": "filial"}),
    ),
    "place": Endpoint(
        "disdik",
        step("place", "assessed"),
        lambda o: prefixed("place", {"on": today().isoformat(), "place": o["filial"]}),
    ),
    "attendance": Endpoint(
        "satuan",
        step("attendance", "attending"),
        lambda o: prefixed(
            "attendance",
            {"month": today().strftime("%Y-%m"), "school_days": "20", "days_present": "19"},
        ),
    ),
    "complete": Endpoint(
        "satuan",
        step("complete", "attending"),
        lambda o: prefixed("complete", {"on": today().isoformat(), "certificate": "Rapor"}),
    ),
    "support": Endpoint(
        "satuan",
        step("support", "attending"),
        lambda o: prefixed(
            "support", {"item": "buku", "quantity": "2", "given_on": today().isoformat()}
        ),
    ),
    "close": Endpoint(
        "disdik",
        step("close"),
        lambda o: prefixed("close", {"on": today().isoformat(), "reason": "moved_away"}),
    ),
    "place_new": Endpoint(
        "disdik",
        lambda o: reverse("schooling:place_new"),
        lambda o: {
            "kind": "kelas_filial",
            "name": "Kelas Filial Baru",
            "location": o["nagari"],
            "npsn": "",
            "parent": o["parent"],
            "seats_SMP": "20",
        },
    ),
    "place_capacity": Endpoint(
        "disdik",
        lambda o: reverse("schooling:place_capacity", args=[o["filial"]]),
        lambda o: {"seats_SMP": "25", "seats_SD": "5"},
    ),
    "warnings": Endpoint(
        "satuan",
        lambda o: reverse("schooling:warnings"),
        lambda o: {
            "school": o["filial"],
            "name": "Intan Koto",
            "sex": "2",
            "birth_date": "2012-01-01",
            "level": "SMP",
            "grade": "8",
            "attendance": "60",
            "repeated_grades": "1",
        },
    ),
    "warning_decide": Endpoint(
        "satuan",
        lambda o: reverse("schooling:warning_decide", args=[o["warning"]]),
        lambda o: {"status": "followed", "note": "Dikunjungi"},
    ),
    "figures": Endpoint(
        "disdik",
        lambda o: reverse("schooling:figures"),
        lambda o: {
            "wilayah": o["region"],
            "year": "2025",
            "level": "SD",
            "population": "10000",
            "pupils_at_level": "10500",
            "pupils_at_level_of_age": "9400",
            "of_age_in_school": "9700",
            "left": "60",
            "ever_enrolled": "3000",
        },
    ),
    "imports": Endpoint(
        "disdik",
        lambda o: reverse("schooling:imports"),
        lambda o: {"kind": "generic", "file": SimpleUploadedFile("a.csv", CSV, "text/csv")},
    ),
    "export": Endpoint(
        "disdik", lambda o: reverse("schooling:export"), lambda o: {"file_format": "csv"}
    ),
    "api_cases": Endpoint(
        "pendata",
        lambda o: f"{API}/cases",
        lambda o: {
            "wilayah": NAGARI,
            "name": "Nadia",
            "sex": 2,
            "birth_date": "2011-03-04",
            "ats_type": "do",
            "reason": "jarak",
        },
        json=True,
    ),
    "api_steps": Endpoint(
        "disdik",
        lambda o: f"{API}/cases/{o['verified']}/steps",
        lambda o: {"action": "assess", "route": "filial"},
        json=True,
    ),
    "api_attendance": Endpoint(
        "satuan",
        lambda o: f"{API}/cases/{o['attending']}/attendance",
        lambda o: {"month": today().strftime("%Y-%m"), "school_days": 20, "days_present": 15},
        json=True,
    ),
    "api_support": Endpoint(
        "satuan",
        lambda o: f"{API}/cases/{o['attending']}/support",
        lambda o: {"item": "tas", "quantity": 1, "given_on": today().isoformat()},
        json=True,
    ),
}

# (endpoint, field, bad value, field the error names)
CASES: list[tuple[str, str, Any, str]] = [
    ("correct", "name", "", "name"),
    ("correct", "sex", "3", "sex"),
    ("correct", "birth_date", TOMORROW, "birth_date"),
    ("correct", "nik", "1305011005", "nik"),
    ("correct", "nik", "1305 0110 0512 0000", "nik"),
    ("correct", "no_kk", "99abc", "no_kk"),
    ("correct", "nisn", "12", "nisn"),
    ("correct", "location", "solok_nagari", "location"),
    ("correct", "last_grade", "99", "last_grade"),
    ("correct", "ats_type", "ltm-sma", "ats_type"),
    ("correct", "guardian_phone", "12", "guardian_phone"),
    ("correct", "version", "", "version"),
    ("correct", "version", "drawn-long-ago", "__all__"),
    ("api_correct", "name", None, "name"),
    ("api_correct", "nik", "12", "nik"),
    ("api_correct", "birth_date", TOMORROW, "birth_date"),
    ("api_correct", "wilayah", OUTSIDE_NAGARI, "wilayah"),
    ("api_correct", "reason", "bosan", "reason"),
    ("api_correct", "version", "drawn-long-ago", "__all__"),
    ("report", "name", "", "name"),
    ("report", "sex", "9", "sex"),
    ("report", "birth_date", "kemarin", "birth_date"),
    ("report", "birth_date", TOMORROW, "birth_date"),
    ("report", "nik", "12", "nik"),
    ("report", "nik", "9" * 40, "nik"),
    ("report", "no_kk", "99abc", "no_kk"),
    ("report", "location", "999999", "location"),
    ("report", "reason", "nonsense", "reason"),
    ("report", "last_grade", "99", "last_grade"),
    ("report", "entry", "not-an-id", "entry"),
    ("report", "rt", "12345", "rt"),
    ("report", "guardian_phone", "12", "guardian_phone"),
    ("report", "ats_type", "school", "ats_type"),
    ("verify", "verify-on", TOMORROW, "on"),
    ("verify", "verify-on", "x", "on"),
    ("residu", "residu-on", "", "on"),
    ("assess", "assess-route", "bus", "route"),
    ("place", "place-place", "elsewhere", "place"),
    ("place", "place-on", "31/02/2026", "on"),
    ("attendance", "attendance-school_days", "40", "school_days"),
    ("attendance", "attendance-days_present", "21", "days_present"),
    ("attendance", "attendance-month", "2999-01", "month"),
    ("complete", "complete-certificate", "", "certificate"),
    ("support", "support-item", "mobil", "item"),
    ("support", "support-quantity", "0", "quantity"),
    ("support", "support-unit_cost", "-5", "unit_cost"),
    ("close", "close-reason", "bosan", "reason"),
    ("place_new", "kind", "kapal", "kind"),
    ("place_new", "name", "", "name"),
    ("place_new", "npsn", "12", "npsn"),
    ("place_new", "seats_SMP", "-1", "seats_SMP"),
    ("place_new", "seats_SMP", "0", "__all__"),
    ("place_new", "parent", "", "parent"),
    ("place_capacity", "seats_SMP", "abc", "seats_SMP"),
    ("place_capacity", "seats_PAKET_A", "5", "seats_PAKET_A"),
    ("warnings", "name", "", "name"),
    ("warnings", "grade", "3", "grade"),
    ("warnings", "attendance", "150", "attendance"),
    ("warnings", "school", "elsewhere", "school"),
    ("warning_decide", "status", "open", "status"),
    ("figures", "population", "-1", "population"),
    ("figures", "year", "1900", "year"),
    ("figures", "pupils_at_level_of_age", "20000", "pupils_at_level_of_age"),
    ("figures", "left", "5000", "left"),
    ("imports", "file", "png", "file"),
    ("imports", "kind", "excel", "kind"),
    ("export", "file_format", "doc", "file_format"),
    ("api_cases", "name", "", "name"),
    ("api_cases", "sex", 9, "sex"),
    ("api_cases", "birth_date", "kemarin", "birth_date"),
    ("api_cases", "nik", "12", "nik"),
    ("api_cases", "wilayah", "13.05", "wilayah"),
    ("api_cases", "reason", "x" * 40, "reason"),
    ("api_steps", "route", "bus", "route"),
    ("api_steps", "action", "fly", "action"),
    ("api_attendance", "school_days", 40, "school_days"),
    ("api_attendance", "month", "2026-13", "month"),
    ("api_support", "item", "mobil", "item"),
    ("api_support", "quantity", 0, "quantity"),
]

# Pages and operations without input of their own (lists, details, read-only searches).
NO_INPUT = {
    "schooling:cases",
    "schooling:queue",
    "schooling:case",
    "schooling:places",
    "schooling:support",
    "schooling:dashboard",
    "schooling:public",
    "schooling:report_worker",
    f"GET {API}/cases",
    f"GET {API}/cases/{{case_id}}",
    f"GET {API}/places",
    f"GET {API}/summary",
}
COVERS = {
    "schooling:case_correct": "correct",
    f"PATCH {API}/cases/{{case_id}}": "api_correct",
    "schooling:report": "report",
    "schooling:case_step": "verify",
    "schooling:place_new": "place_new",
    "schooling:place_capacity": "place_capacity",
    "schooling:warnings": "warnings",
    "schooling:warning_decide": "warning_decide",
    "schooling:figures": "figures",
    "schooling:imports": "imports",
    "schooling:export": "export",
    f"POST {API}/cases": "api_cases",
    f"POST {API}/cases/{{case_id}}/steps": "api_steps",
    f"POST {API}/cases/{{case_id}}/attendance": "api_attendance",
    f"POST {API}/cases/{{case_id}}/support": "api_support",
}


def send(objects: dict[str, Any], endpoint: Endpoint, payload: dict[str, Any]) -> Any:
    client = Client()
    client.force_login(getattr(objects["world"], endpoint.user))
    url = endpoint.url(objects)
    if endpoint.json:
        send_json = getattr(client, endpoint.method)
        return send_json(url, data=json.dumps(payload), content_type="application/json")
    return client.post(url, data=payload)


def test_every_url_and_api_write_of_schooling_has_bad_input_rows():
    names = [n for n in url_names(get_resolver().url_patterns) if n.startswith("schooling:")]
    operations = [op for op in api_operations() if op.split(" ", 1)[1].startswith(API + "/")]
    missing = sorted(set(names + operations) - NO_INPUT - set(COVERS))
    assert not missing, f"add bad-input rows for {missing}"
    probed = {endpoint for endpoint, *_rest in CASES}
    assert set(ENDPOINTS) <= probed


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_every_endpoint_accepts_its_valid_payload(
    objects, name, django_capture_on_commit_callbacks
):
    endpoint = ENDPOINTS[name]
    with django_capture_on_commit_callbacks(execute=True):
        response = send(objects, endpoint, endpoint.payload(objects))
    assert response.status_code in endpoint.ok, (name, response.content[:500])


@pytest.mark.parametrize(("name", "key", "value", "named"), CASES)
def test_bad_value_is_refused_with_a_field_error_and_nothing_is_written(
    objects, name, key, value, named
):
    endpoint = ENDPOINTS[name]
    payload = endpoint.payload(objects)
    if value in ("elsewhere", "solok_nagari"):
        value = objects[value]
    if value == "png":
        value = SimpleUploadedFile("a.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "text/csv")
    payload[key] = value
    before = database_state()
    response = send(objects, endpoint, payload)
    assert 400 <= response.status_code < 500, (name, key, response.status_code)
    assert named in error_fields(response), (name, key, error_fields(response))
    assert database_state() == before
