"""Cross-region probes: Solok's Disdik gets nothing of Padang Pariaman's children.

Every URL pattern and API operation of the schooling app is in ``PROBES`` (a test fails
when one is missing). For each, Padang Pariaman's Disdik (the owner) reaches its data and
Solok's Disdik (the outsider) gets a 404 on details and writes, and lists without a trace.
Finer scopes are tested too: a pendata sees only its kecamatan, a school operator only the
children placed at its place, region administrators and mentors no child by name.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from replika.schooling.models import Case, EarlyWarning
from replika.schooling.services import cases as svc
from replika.schooling.services import warnings
from replika.schooling.services.summaries import refresh_dirty
from tests.badinput.test_cross_region import api_operations, url_names
from tests.factories import user_with_role
from tests.once import made_once
from tests.schooling.factories import OTHER_DISTRICT_NAGARI, born, report, today
from tests.schooling.factories import world as make_world

pytestmark = pytest.mark.django_db

MARKER = "Anak RAHASIA-PP"
API = "/api/v1/schooling"


@dataclass
class Probe:
    kind: str  # list, detail, write, public
    path: Callable[[dict[str, int]], str]
    method: str = "get"
    body: dict[str, Any] | None = None


def page(name: str, *keys: str, kind: str = "list", method: str = "get") -> Probe:
    return Probe(kind, lambda i: reverse(f"schooling:{name}", args=[i[k] for k in keys]), method)


PROBES: dict[str, Probe] = {
    "schooling:report": page("report"),
    "schooling:report_worker": page("report_worker"),
    "schooling:cases": page("cases"),
    "schooling:queue": page("queue"),
    "schooling:case": page("case", "case", kind="detail"),
    "schooling:case_correct": page("case_correct", "case", kind="detail"),
    "schooling:case_step": Probe(
        "write", lambda i: reverse("schooling:case_step", args=[i["case"], "verify"]), "post"
    ),
    "schooling:places": page("places"),
    "schooling:place_new": page("place_new"),
    "schooling:place_capacity": page("place_capacity", "place", kind="detail"),
    "schooling:warnings": page("warnings"),
    "schooling:warning_decide": page("warning_decide", "warning", kind="detail"),
    "schooling:support": page("support"),
    "schooling:figures": page("figures"),
    "schooling:dashboard": page("dashboard"),
    "schooling:public": Probe("public", lambda i: reverse("schooling:public")),
    "schooling:imports": page("imports"),
    "schooling:export": page("export"),
    f"GET {API}/cases": Probe("api_list", lambda i: f"{API}/cases"),
    f"POST {API}/cases": Probe(
        "api_write",
        lambda i: f"{API}/cases",
        "post_json",
        {
            "wilayah": "13.05.01.2003",
            "name": "Anak Baru",
            "sex": 1,
            "birth_date": "2012-01-01",
            "ats_type": "do",
            "reason": "ekonomi",
            "last_level": "SD",
        },
    ),
    f"GET {API}/cases/{{case_id}}": Probe("detail", lambda i: f"{API}/cases/{i['case']}"),
    f"PATCH {API}/cases/{{case_id}}": Probe(
        "write", lambda i: f"{API}/cases/{i['case']}", "patch_json", {"reason": "jarak"}
    ),
    f"POST {API}/cases/{{case_id}}/steps": Probe(
        "write", lambda i: f"{API}/cases/{i['case']}/steps", "post_json", {"action": "verify"}
    ),
    f"POST {API}/cases/{{case_id}}/attendance": Probe(
        "write",
        lambda i: f"{API}/cases/{i['placed']}/attendance",
        "post_json",
        {"month": today().strftime("%Y-%m"), "school_days": 20, "days_present": 20},
    ),
    f"POST {API}/cases/{{case_id}}/support": Probe(
        "write",
        lambda i: f"{API}/cases/{i['placed']}/support",
        "post_json",
        {"item": "buku", "quantity": 1, "given_on": today().isoformat()},
    ),
    f"GET {API}/places": Probe("api_list", lambda i: f"{API}/places"),
    f"GET {API}/summary": Probe("public", lambda i: f"{API}/summary?wilayah=13.05"),
}


@pytest.fixture(scope="module")
def data_once(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    """One world for the module's probes (``tests.once``); only it took time."""
    yield from made_once(django_db_blocker, lambda: make_data(make_world()))


@pytest.fixture
def data(data_once, db) -> dict[str, Any]:
    """The module's data, a copy per test; what a test writes is rolled back after it."""
    return copy.deepcopy(data_once)


@pytest.fixture
def world(data) -> Any:
    """The world the module's data was made in (this test's copy)."""
    return data["world"]


def make_data(world: Any) -> dict[str, Any]:
    case = report(world.pendata, name=MARKER)
    placed = report(world.disdik, name=f"{MARKER} dua", birth_date=born(14))
    placed = svc.case_verify(actor=world.disdik, case=placed, on=today())
    placed = svc.case_assess(actor=world.disdik, case=placed, route="filial", on=today())
    placed = svc.case_place(actor=world.disdik, case=placed, place=world.filial, on=today())
    row = warnings.warning_report(
        actor=world.satuan,
        school=world.filial,
        name=f"{MARKER} siswa",
        sex=2,
        birth_date=born(13),
        level="SMP",
        grade=7,
        attendance=None,
    )
    refresh_dirty()
    ids = {"case": case.pk, "placed": placed.pk, "place": world.filial.pk, "warning": row.pk}
    return {"world": world, "ids": ids}


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def fetch(c: Client, probe: Probe, ids: dict[str, int]) -> Any:
    path = probe.path(ids)
    if probe.method == "post_json":
        return c.post(path, data=json.dumps(probe.body), content_type="application/json")
    if probe.method == "patch_json":
        # A correction carries the version its client read (an outsider reads none).
        read = c.get(path)
        version = read.json().get("version", "none") if read.status_code == 200 else "none"
        body = {**(probe.body or {}), "version": version}
        return c.patch(path, data=json.dumps(body), content_type="application/json")
    if probe.method == "post":
        return c.post(path, {"verify-on": today().isoformat()})
    return c.get(path)


def test_every_url_and_api_operation_of_schooling_is_probed():
    names = [n for n in url_names(get_resolver().url_patterns) if n.startswith("schooling:")]
    operations = [op for op in api_operations() if op.split(" ", 1)[1].startswith(API + "/")]
    missing = sorted(set(names + operations) - set(PROBES))
    assert not missing, f"add these to PROBES: {missing}"


@pytest.mark.parametrize("name", sorted(PROBES))
def test_the_owner_reaches_and_the_outsider_gets_nothing(data, name):
    probe, ids, world = PROBES[name], data["ids"], data["world"]
    mine = fetch(client(world.disdik), probe, ids)
    assert mine.status_code in (200, 201, 302), (name, mine.status_code)
    before = (Case.objects.count(), EarlyWarning.objects.count())
    theirs = fetch(client(world.outsider), probe, ids)
    body = theirs.content.decode(errors="replace")
    assert MARKER not in body
    if probe.kind in ("detail", "write"):
        assert theirs.status_code == 404, name
    elif probe.kind == "api_write":
        assert theirs.status_code == 422, name  # a nagari outside their area
    else:
        assert theirs.status_code in (200, 302, 422), name
    assert (Case.objects.count(), EarlyWarning.objects.count()) == before


def test_outsiders_steps_change_nothing(data):
    world, ids = data["world"], data["ids"]
    c = client(world.outsider)
    for step in (
        "verify",
        "residu",
        "assess",
        "place",
        "attendance",
        "support",
        "close",
        "complete",
    ):
        assert (
            c.post(reverse("schooling:case_step", args=[ids["case"], step]), {}).status_code == 404
        )
    assert Case.objects.get(pk=ids["case"]).status == "reported"


def test_a_pendata_sees_only_its_kecamatan(data, world):
    elsewhere = report(world.disdik, location=OTHER_DISTRICT_NAGARI, name="Anak Kecamatan Lain")
    body = client(world.pendata).get(reverse("schooling:cases")).content.decode()
    assert MARKER in body and "Anak Kecamatan Lain" not in body
    assert (
        client(world.pendata).get(reverse("schooling:case", args=[elsewhere.pk])).status_code == 404
    )


def test_a_pendata_cannot_report_outside_its_area(data, world):
    response = client(world.pendata).post(
        f"{API}/cases",
        data=json.dumps({**PROBES[f"POST {API}/cases"].body, "wilayah": OTHER_DISTRICT_NAGARI}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "wilayah"


def test_a_school_operator_sees_only_children_placed_at_its_place(data, world):
    c = client(world.satuan)
    ids = data["ids"]
    assert c.get(reverse("schooling:case", args=[ids["placed"]])).status_code == 200
    assert c.get(reverse("schooling:case", args=[ids["case"]])).status_code == 404
    month = today().strftime("%Y-%m")
    response = c.post(
        f"{API}/cases/{ids['placed']}/attendance",
        data=json.dumps({"month": month, "school_days": 20, "days_present": 19}),
        content_type="application/json",
    )
    assert response.status_code == 200
    # Another school's operator sees neither.
    other = user_with_role("operator_satuan", "13.05", unit=world.pkbm)
    assert client(other).get(reverse("schooling:case", args=[ids["placed"]])).status_code == 404


@pytest.mark.parametrize("who", ["admin", "mentor"])
def test_region_admins_and_mentors_see_aggregates_never_names(data, world, who):
    user = world.admin if who == "admin" else user_with_role("mentor", "13")
    c = client(user)
    assert c.get(reverse("schooling:dashboard")).status_code == 200
    assert c.get(reverse("schooling:cases")).status_code == 404
    assert c.get(reverse("schooling:case", args=[data["ids"]["case"]])).status_code == 404
    listed = c.get(f"{API}/cases").json()
    assert listed["count"] == 0
    assert c.get(f"{API}/cases/{data['ids']['case']}").status_code == 404


def test_the_dashboard_of_the_outsider_counts_none_of_the_owners_cases(data, world):
    body = client(world.outsider).get(reverse("schooling:dashboard")).content.decode()
    assert "Padang Pariaman" not in body


def test_a_regions_cases_are_unreachable_where_poltabes_is_not_live(data, world):
    commitment = world.region.commitments.get(innovation__code="poltabes")
    commitment.stage = "adapting"
    commitment.save()
    assert client(world.disdik).get(f"{API}/cases/{data['ids']['case']}").status_code == 404


def test_dates_in_the_future_are_refused_by_the_api(data, world):
    response = client(world.disdik).post(
        f"{API}/cases/{data['ids']['case']}/steps",
        data=json.dumps({"action": "verify", "on": (today() + dt.timedelta(days=2)).isoformat()}),
        content_type="application/json",
    )
    assert response.status_code == 422
