"""The API contracts: GET/POST cases, GET cases/{id} with its timeline, the steps,
GET summary (public, suppressed), with the one error shape."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from replika.schooling.models import Case
from replika.schooling.services import cases as svc
from replika.schooling.services.summaries import refresh_dirty
from tests.schooling.factories import NAGARI, NAGARI_2, report, today

pytestmark = pytest.mark.django_db
API = "/api/v1/schooling"


def as_user(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def post(c: Client, path: str, body: dict):
    return c.post(f"{API}{path}", data=json.dumps(body), content_type="application/json")


BODY = {
    "wilayah": NAGARI,
    "name": "Nadia Piliang",
    "sex": 2,
    "birth_date": "2011-03-04",
    "ats_type": "ltm",
    "reason": "jarak",
    "last_level": "SD",
    "last_grade": 6,
    "guardian_name": "Rosmaini",
}


def test_a_pendata_reports_a_child_and_reads_it_back_with_its_timeline(world):
    c = as_user(world.pendata)
    created = post(c, "/cases", BODY)
    assert created.status_code == 201
    case = created.json()
    assert case["status"] == "reported" and case["wilayah"] == NAGARI
    detail = c.get(f"{API}/cases/{case['id']}").json()
    assert [e["to_status"] for e in detail["timeline"]] == ["reported"]
    assert detail["timeline"][0]["by"] == world.pendata.display_name


def test_a_bad_case_answers_422_per_field_and_stores_nothing(world):
    response = post(as_user(world.pendata), "/cases", {**BODY, "nik": "12", "sex": 5})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"sex"} <= fields
    assert not Case.objects.exists()


def test_a_duplicate_answers_422_on_its_field(world):
    c = as_user(world.pendata)
    post(c, "/cases", BODY)
    again = post(c, "/cases", BODY)
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "name"


def test_cases_are_paginated_and_filtered_by_wilayah_and_status(world):
    for i in range(3):
        report(world.disdik, name=f"Anak {i}")
    other = report(world.disdik, location=NAGARI_2, name="Anak Lain")
    svc.case_verify(actor=world.disdik, case=other, on=today())
    c = as_user(world.disdik)
    page = c.get(f"{API}/cases", {"page_size": 2}).json()
    assert (page["count"], page["pages"], len(page["items"])) == (4, 2, 2)
    assert c.get(f"{API}/cases", {"wilayah": NAGARI_2}).json()["count"] == 1
    assert c.get(f"{API}/cases", {"wilayah": "13.05.01"}).json()["count"] == 4
    assert c.get(f"{API}/cases", {"status": "verified"}).json()["count"] == 1
    assert c.get(f"{API}/cases", {"status": "nonsense"}).status_code == 422


def test_nik_is_masked_for_a_role_without_personal_data(world):
    from replika.core.roles import ROLES

    report(
        world.disdik, nik="1305011005120001", birth_date=__import__("datetime").date(2012, 5, 10)
    )
    item = as_user(world.disdik).get(f"{API}/cases").json()["items"][0]
    assert item["nik"] == "1305011005120001"
    perms = ROLES["operator_disdik"].permissions
    perms.discard("schooling.view_personal")
    try:
        masked = as_user(world.disdik).get(f"{API}/cases").json()["items"][0]["nik"]
    finally:
        perms.add("schooling.view_personal")
    assert masked != "1305011005120001" and "*" in masked


def test_the_workflow_through_the_api(world):
    c = as_user(world.disdik)
    case = post(c, "/cases", BODY).json()
    for step in (
        {"action": "verify"},
        {"action": "assess", "route": "filial"},
        {"action": "place", "place": world.filial.pk},
    ):
        answer = post(c, f"/cases/{case['id']}/steps", step)
        assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "placed"
    month = today().strftime("%Y-%m")
    att = post(
        as_user(world.satuan),
        f"/cases/{case['id']}/attendance",
        {"month": month, "school_days": 20, "days_present": 8},
    )
    assert att.json() == {
        "month": month,
        "percent": "40.00",
        "at_risk": True,
        "case_status": "attending",
    }
    support = post(
        as_user(world.satuan),
        f"/cases/{case['id']}/support",
        {"item": "tas", "quantity": 1, "given_on": today().isoformat()},
    )
    assert support.status_code == 201 and support.json()["cost"] == "100000"
    assert c.get(f"{API}/cases", {"queue": "at_risk"}).json()["count"] == 1


def test_a_refused_step_answers_422_with_the_reason(world):
    c = as_user(world.disdik)
    case = report(world.disdik)
    answer = post(c, f"/cases/{case.pk}/steps", {"action": "place", "place": world.filial.pk})
    assert answer.status_code == 422
    assert answer.json()["errors"]


def test_places_list_their_seats(world):
    items = as_user(world.disdik).get(f"{API}/places").json()["items"]
    filial = next(p for p in items if p["id"] == world.filial.pk)
    assert {"level": "SMP", "capacity": 2, "taken": 0, "free": 2} in filial["seats"]


# --- public summary -------------------------------------------------------------------------------


def many(world, n: int):
    for i in range(n):
        report(world.disdik, name=f"Anak Publik {i}")
    refresh_dirty()


@override_settings(REPLIKA_PUBLIC_MIN_CELL=10)
def test_summary_is_public_and_withholds_small_cells(world):
    many(world, 3)
    body = Client().get(f"{API}/summary", {"wilayah": "13.05"}).json()
    assert body["found"] == {"value": None, "suppressed": True}
    assert body["placed_share"]["suppressed"] is True


@override_settings(REPLIKA_PUBLIC_MIN_CELL=10)
def test_summary_shows_counts_at_or_above_the_minimum(world):
    many(world, 12)
    body = Client().get(f"{API}/summary", {"wilayah": "13.05.01", "year": today().year}).json()
    assert body["found"] == {"value": 12, "suppressed": False}
    assert body["still_out_of_school"]["value"] == 12
    province = Client().get(f"{API}/summary").json()
    assert province["found"]["value"] == 12


def test_summary_goes_no_lower_than_the_kecamatan(world):
    response = Client().get(f"{API}/summary", {"wilayah": NAGARI})
    assert response.status_code == 422
    assert "13.05.01" in str(response.json())


def test_summary_of_a_region_without_poltabes_is_404(world):
    assert Client().get(f"{API}/summary", {"wilayah": "13.71"}).status_code == 404
