"""Bad input to every write endpoint and form: a 4xx naming the field, and nothing written.

The table is one row per (endpoint, field, bad value). Each endpoint declares who may use
it, where it is, and a payload it accepts; a case replaces one field of that payload. The
test checks the answer is a 4xx, that the error names the field, and that no table of the
database gained, lost or changed a row (row counts and the audit log, which every service
writes to).

Markup and SQL-looking text in free-text fields is not an error: it is stored as typed and
shown escaped, which ``test_markup_in_text_is_stored_as_text_and_shown_escaped`` checks.

To add a module's endpoints (nutrition, competition …): add ``Endpoint`` rows to
``ENDPOINTS`` and cases to ``CASES`` in the marked section at the end of each table.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from replika.replication.models import Milestone, Stage
from tests.factories import make_commitment, user_with_role

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
SQL = "x' OR '1'='1'; DROP TABLE core_user; --"
HUGE = "9" * 40


@dataclass
class World:
    """What the endpoints act on: Padang's commitment and milestone, and who acts."""

    users: dict[str, Any]
    commitment: Any
    milestone: Any

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client


@pytest.fixture
def world(db) -> World:
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.stage_since = dt.date(2021, 11, 15)
    commitment.save()
    milestone = Milestone.objects.create(
        commitment=commitment, title="Perwali", owner="Bagian Hukum", due_on=dt.date(2026, 1, 31)
    )
    return World(
        users={
            "region_admin": user_with_role("admin_daerah", "13.71"),
            "province_admin": user_with_role("admin_provinsi", "13"),
            "mentor": user_with_role("mentor", "13"),
        },
        commitment=commitment,
        milestone=milestone,
    )


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def settings_form_payload(world: World) -> dict[str, Any]:
    """The settings form as the page fills it (each field's current value)."""
    url = f"/replikasi/{world.commitment.pk}/pengaturan/"
    form = world.client("region_admin").get(url).context["form"]
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if bound.widget_type == "checkbox":
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = value
    return data


@dataclass(frozen=True)
class Endpoint:
    """A write endpoint: who uses it, where, and a payload it accepts."""

    user: str
    url: Callable[[World], str]
    valid: Callable[[World], dict[str, Any]]
    json: bool = False
    # Where an accepted payload sends the browser (a redirect) or the status of the API.
    accepted: tuple[int, ...] = (302,)
    prefix: str = ""


ENDPOINTS: dict[str, Endpoint] = {
    # --- core
    "api token": Endpoint(
        user="region_admin",
        url=lambda w: "/profil/",
        valid=lambda w: {"name": "SIMPUS"},
        accepted=(200,),  # the page shows the new token once
    ),
    "member": Endpoint(
        user="region_admin",
        url=lambda w: "/pengguna/",
        valid=lambda w: {
            "username": "petugas.baru",
            "full_name": "Siti Rahma",
            "email": "siti@example.org",
            "password": "a-long-first-password-1",
            "role": "admin_daerah",
            "wilayah": "13.71",
            "unit": "",
        },
    ),
    # --- replication
    "new commitment": Endpoint(
        user="region_admin",
        url=lambda w: "/replikasi/baru/",
        valid=lambda w: {
            "region": "13.71",
            "innovation": "poltabes",
            "stage": Stage.COMMITTED,
            "signed_on": "2021-11-15",
        },
    ),
    "commitment facts": Endpoint(
        user="region_admin",
        url=lambda w: f"/replikasi/{w.commitment.pk}/ubah/",
        valid=lambda w: {"signed_on": "2021-11-15", "signatories": "Wali Kota", "notes": ""},
    ),
    "module settings": Endpoint(
        user="region_admin",
        url=lambda w: f"/replikasi/{w.commitment.pk}/pengaturan/",
        valid=settings_form_payload,
    ),
    "module settings api": Endpoint(
        user="region_admin",
        url=lambda w: f"/api/v1/replication/commitments/{w.commitment.pk}/settings",
        valid=lambda w: {"settings": {"report_deadline_day": 12}},
        json=True,
        accepted=(200,),
    ),
    "stage transition": Endpoint(
        user="region_admin",
        url=lambda w: f"/replikasi/{w.commitment.pk}/tahap/",
        valid=lambda w: {"to_stage": Stage.INSTITUTIONALISED, "on": "2022-06-01", "note": ""},
    ),
    "new milestone": Endpoint(
        user="region_admin",
        url=lambda w: f"/replikasi/{w.commitment.pk}/tonggak/baru/",
        valid=lambda w: {
            "title": "Perwali terbit",
            "owner": "Bagian Hukum",
            "due_on": "2026-12-31",
            "status": "planned",
        },
    ),
    "milestone edit": Endpoint(
        user="region_admin",
        url=lambda w: f"/replikasi/tonggak/{w.milestone.pk}/",
        valid=lambda w: {
            "m-title": "Perwali terbit",
            "m-owner": "Bagian Hukum",
            "m-due_on": "2026-12-31",
            "m-status": "planned",
        },
        prefix="m-",
    ),
    "milestone comment": Endpoint(
        user="mentor",
        url=lambda w: f"/replikasi/tonggak/{w.milestone.pk}/komentar/",
        valid=lambda w: {"body": "Sudah dibahas dengan Bagian Hukum."},
    ),
    "mentoring session": Endpoint(
        user="mentor",
        url=lambda w: f"/replikasi/{w.commitment.pk}/pendampingan/baru/",
        valid=lambda w: {
            "held_on": "2026-01-10",
            "participants": "Dinkes, Bappeda",
            "topics": "Rencana aksi",
            "notes": "",
            "follow_ups": "Rapat lanjutan; Dinkes; 2026-02-01",
        },
    ),
    "innovation": Endpoint(
        user="province_admin",
        url=lambda w: "/replikasi/inovasi/",
        valid=lambda w: {
            "acronym": "SIGAP",
            "name": "Sistem Gawat Darurat Terpadu",
            "origin_region": "Kota Bukittinggi",
            "owner_agency": "Dinas Kesehatan",
            "award": "Top 45 KIPP",
            "award_year": "2023",
            "category": "Kesehatan",
            "summary": "",
            "must_keep": "",
            "may_modify": "",
        },
    ),
    # --- nutrition and competition endpoints: add them here after integration
}


@dataclass(frozen=True)
class Case:
    endpoint: str
    field: str
    value: Any
    why: str
    # The field the error is reported on, when it is not the field sent.
    error_field: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.endpoint}: {self.field} {self.why}"


CASES = [
    # core: API token
    Case("api token", "name", "", "empty"),
    Case("api token", "name", "   ", "blank"),
    Case("api token", "name", "x" * 81, "too long"),
    # core: giving someone a role
    Case("member", "username", "", "empty"),
    Case("member", "username", "x" * 151, "too long"),
    Case("member", "username", SCRIPT, "with markup"),
    Case("member", "username", SQL, "SQL-looking"),
    Case("member", "username", "../../etc/passwd", "path-looking"),
    Case("member", "email", "not-an-email", "malformed"),
    Case("member", "role", "superuser", "unknown role"),
    Case("member", "role", "admin_provinsi", "province role from a region admin"),
    Case("member", "wilayah", "99.99", "unknown region code"),
    Case("member", "wilayah", "13.06", "another region"),
    Case("member", "wilayah", SQL, "SQL-looking region code"),
    Case("member", "unit", "999999", "unknown facility"),
    Case("member", "unit", "abc", "facility of the wrong type"),
    # replication: a new commitment
    Case("new commitment", "region", "99.99", "unknown region code"),
    Case("new commitment", "region", "13.06", "another region"),
    Case("new commitment", "region", "13", "the province"),
    Case("new commitment", "region", SQL, "SQL-looking"),
    Case("new commitment", "region", "", "empty"),
    Case("new commitment", "innovation", "tidak-ada", "unknown innovation"),
    Case("new commitment", "innovation", "ayo-ceting", "already committed"),
    Case("new commitment", "stage", "hacked", "unknown stage"),
    Case("new commitment", "signed_on", "2021-02-30", "impossible date"),
    Case("new commitment", "signed_on", "kemarin", "not a date"),
    Case("new commitment", "signed_on", "99999-01-01", "five-digit year"),
    Case("new commitment", "signed_on", tomorrow(), "in the future"),
    # replication: a commitment's facts
    Case("commitment facts", "signed_on", tomorrow(), "in the future"),
    Case("commitment facts", "signed_on", "2021-13-01", "month 13"),
    Case("commitment facts", "signed_on", SQL, "SQL-looking"),
    Case("commitment facts", "signatories", "x" * 256, "too long"),
    Case("commitment facts", "notes", "x" * 4001, "too long"),
    # replication: how the region adapts the module (form and API); a blank setting is not
    # here because it means "the origin's default" by design
    Case("module settings", "report_deadline_day", "45", "past the month's end"),
    Case("module settings", "report_deadline_day", "-5", "negative"),
    Case("module settings", "report_deadline_day", "abc", "not a number"),
    Case("module settings", "report_deadline_day", HUGE, "huge"),
    Case("module settings", "kek_lila_cm", "-23.5", "negative"),
    Case("module settings", "kek_lila_cm", "1e308", "huge"),
    Case("module settings", "kek_lila_cm", "NaN", "not a number"),
    Case("module settings", "kek_lila_cm", "Infinity", "infinite"),
    Case("module settings", "display_name", "x" * 81, "too long"),
    Case("module settings", "display_name__reason", "x" * 501, "too long"),
    Case(
        "module settings api",
        "settings",
        {"report_deadline_day": "abc"},
        "wrong type",
        error_field="report_deadline_day",
    ),
    Case(
        "module settings api",
        "settings",
        {"report_deadline_day": -5},
        "negative",
        error_field="report_deadline_day",
    ),
    Case(
        "module settings api",
        "settings",
        {"report_deadline_day": 10**40},
        "huge",
        error_field="report_deadline_day",
    ),
    Case(
        "module settings api",
        "settings",
        {"kek_lila_cm": "1e999"},
        "infinite",
        error_field="kek_lila_cm",
    ),
    Case(
        "module settings api",
        "settings",
        {"display_name": "x" * 81},
        "too long",
        error_field="display_name",
    ),
    Case(
        "module settings api",
        "settings",
        {"no_such_setting": True},
        "unknown setting",
        error_field="no_such_setting",
    ),
    Case("module settings api", "settings", "not an object", "not an object"),
    Case("module settings api", "settings", None, "null"),
    # replication: moving to another stage
    Case("stage transition", "to_stage", Stage.PILOTING + "x", "unknown stage"),
    Case("stage transition", "to_stage", Stage.IDENTIFIED, "a stage it may not go to"),
    Case(
        "stage transition",
        "to_stage",
        Stage.STOPPED,
        "stopping without a reason",
        error_field="note",
    ),
    Case("stage transition", "on", tomorrow(), "in the future"),
    Case("stage transition", "on", "2020-01-01", "before the current stage began"),
    Case("stage transition", "on", "2022-02-29", "impossible date"),
    Case("stage transition", "note", "x" * 4001, "too long"),
    # replication: the action plan
    Case("new milestone", "title", "", "empty"),
    Case("new milestone", "title", "   ", "blank"),
    Case("new milestone", "title", "x" * 201, "too long"),
    Case("new milestone", "owner", "x" * 121, "too long"),
    Case("new milestone", "due_on", "2026/31/12", "day and month swapped"),
    Case("new milestone", "due_on", "", "empty"),
    Case("new milestone", "due_on", "99999-12-31", "five-digit year"),
    Case("new milestone", "status", "hacked", "unknown status"),
    Case("milestone edit", "title", "", "empty"),
    Case("milestone edit", "due_on", "2026-02-30", "impossible date"),
    Case("milestone edit", "status", SQL, "SQL-looking status"),
    Case("milestone comment", "body", "", "empty"),
    Case("milestone comment", "body", "x" * 4001, "too long"),
    # replication: mentoring
    Case("mentoring session", "held_on", tomorrow(), "in the future"),
    Case("mentoring session", "held_on", "2026-13-10", "month 13"),
    Case("mentoring session", "held_on", "", "empty"),
    Case("mentoring session", "topics", "   ", "blank"),
    Case("mentoring session", "follow_ups", "Rapat; Dinkes; 2026-02-30", "impossible date"),
    Case("mentoring session", "follow_ups", "Rapat; Dinkes; besok", "not a date"),
    # replication: the innovation catalogue
    Case("innovation", "acronym", "", "empty"),
    Case("innovation", "acronym", "x" * 41, "too long"),
    Case("innovation", "acronym", "Ayo Ceting", "already in the catalogue"),
    Case("innovation", "name", "x" * 201, "too long"),
    Case("innovation", "award_year", "abc", "not a number"),
    Case("innovation", "award_year", "-2021", "negative"),
    Case("innovation", "award_year", HUGE, "huge"),
    Case("innovation", "award_year", str(timezone.localdate().year + 1), "in the future"),
    # --- nutrition and competition cases: add them here after integration
]


def database_state() -> dict[str, int]:
    """Row counts of every table of the project's apps (the audit log included)."""
    state = {}
    for model in apps.get_models():
        if model.__module__.startswith("replika."):
            state[model._meta.label] = model._default_manager.count()
    return state


def send(world: World, endpoint: Endpoint, payload: dict[str, Any]) -> Any:
    client = world.client(endpoint.user)
    url = endpoint.url(world)
    if endpoint.json:
        return client.put(url, data=json.dumps(payload), content_type="application/json")
    return client.post(url, data=payload)


def error_fields(response: Any) -> set[str]:
    """The fields a 4xx answer names: the API's ``errors`` or the form's errors."""
    if response["Content-Type"].startswith("application/json"):
        names = set()
        for error in response.json()["errors"]:
            names |= {error["field"], error["field"].rsplit(".", 1)[-1]}
        return names
    names = set()
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if hasattr(value, "errors") and hasattr(value, "fields"):
                names |= set(value.errors)
    return names


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_every_endpoint_accepts_its_valid_payload(world: World, name: str) -> None:
    """The table's baseline: without a bad value the endpoint saves."""
    endpoint = ENDPOINTS[name]
    response = send(world, endpoint, endpoint.valid(world))
    assert response.status_code in endpoint.accepted, (
        response.status_code,
        error_fields(response) if response.status_code >= 400 else "",
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_value_is_refused_with_a_field_error_and_nothing_is_written(
    world: World, case: Case
) -> None:
    endpoint = ENDPOINTS[case.endpoint]
    payload = {**endpoint.valid(world), endpoint.prefix + case.field: case.value, **case.extra}
    before = database_state()

    response = send(world, endpoint, payload)

    assert 400 <= response.status_code < 500, f"answered {response.status_code}"
    expected = case.error_field or case.field
    assert expected in error_fields(response), f"errors named {error_fields(response)}"
    assert database_state() == before, "a bad request changed the database"


# Free text where markup or SQL is just text: it is stored as typed and shown escaped.
TEXT_FIELDS = [
    ("api token", "name", "/profil/"),
    ("commitment facts", "signatories", "/replikasi/{c}/"),
    ("new milestone", "title", "/replikasi/{c}/"),
    ("milestone comment", "body", "/replikasi/tonggak/{m}/"),
    ("mentoring session", "topics", "/replikasi/{c}/"),
]


@pytest.mark.parametrize(("name", "text_field", "page"), TEXT_FIELDS)
@pytest.mark.parametrize("text", [SCRIPT, SQL], ids=["markup", "sql"])
def test_markup_in_text_is_stored_as_text_and_shown_escaped(
    world: World, name: str, text_field: str, page: str, text: str
) -> None:
    endpoint = ENDPOINTS[name]
    payload = {**endpoint.valid(world), endpoint.prefix + text_field: text}
    response = send(world, endpoint, payload)
    assert response.status_code in endpoint.accepted
    shown = world.client(endpoint.user).get(
        page.format(c=world.commitment.pk, m=world.milestone.pk)
    )
    html = shown.content.decode()
    assert SCRIPT not in html
    if text == SCRIPT:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    else:
        assert "x&#x27; OR &#x27;1&#x27;=&#x27;1&#x27;; DROP TABLE core_user; --" in html
    assert database_state()["core.User"] == 3  # nothing was dropped


def test_a_field_error_and_its_help_are_tied_to_the_input_for_screen_readers(world: World):
    endpoint = ENDPOINTS["module settings"]
    payload = {**endpoint.valid(world), "report_deadline_day": "45"}
    html = send(world, endpoint, payload).content.decode()
    tag = re.search(r"<input[^>]*name=\"report_deadline_day\"[^>]*>", html)[0]
    described = re.search(r'aria-describedby="([^"]+)"', tag)[1].split()
    assert 'aria-invalid="true"' in tag
    assert described == ["id_report_deadline_day_helptext", "id_report_deadline_day_error"]
    for element_id in described:
        assert html.count(f'id="{element_id}"') == 1, f"{element_id} is not on the page once"
