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

import copy
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from replika.core.models import User
from replika.replication.models import Milestone, Stage
from tests.factories import make_commitment, make_unit, user_with_role
from tests.once import made_once

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
    # nutrition and competition objects of Padang, by name
    ids: dict[str, int] = field(default_factory=dict)

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker) -> Iterator[World]:
    """One world for the module's few hundred cases (``tests.once``); only it took time."""
    yield from made_once(django_db_blocker, make_world)


@pytest.fixture
def world(world_once, db) -> World:
    """The module's world, a copy per test; what a test writes is rolled back after it."""
    return copy.deepcopy(world_once)


def make_world() -> World:
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.stage_since = dt.date(2021, 11, 15)
    commitment.save()
    milestone = Milestone.objects.create(
        commitment=commitment, title="Perwali", owner="Bagian Hukum", due_on=dt.date(2026, 1, 31)
    )
    users = {
        "region_admin": user_with_role("admin_daerah", "13.71"),
        "province_admin": user_with_role("admin_provinsi", "13"),
        "mentor": user_with_role("mentor", "13"),
        "nutrition_officer": user_with_role("petugas_gizi_dinkes", "13.71"),
    }
    ids = {**nutrition_objects(), **competition_objects(users)}
    users["evaluator"] = User.objects.get(pk=ids.pop("evaluator"))
    return World(users=users, commitment=commitment, milestone=milestone, ids=ids)


def nutrition_objects() -> dict[str, int]:
    """A posyandu of Padang with a child in a Rumah Gizi and a pregnant mother."""
    from replika.nutrition.models import ReferralReason
    from replika.nutrition.services import care, pregnancy, registers

    today = timezone.localdate()
    puskesmas = make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas Andalas")
    posyandu = make_unit("posyandu", "13.71", "13.71.02.1007", parent=puskesmas, name="Mawar")
    house = make_unit("rumah_gizi", "13.71", "13.71.02", parent=puskesmas, name="RG Andalas")
    child = registers.child_register(
        actor=None,
        unit=posyandu,
        name="Siti Aisyah",
        sex=2,
        birth_date=today - dt.timedelta(days=400),
        mother_name="Ibu Siti",
    )
    mother = registers.mother_register(actor=None, unit=posyandu, name="Rina Marlina")
    carrying = pregnancy.pregnancy_open(
        actor=None, mother=mother, last_period=today - dt.timedelta(days=100)
    )
    referral = care.referral_open(actor=None, child=child, reason=ReferralReason.TWO_T)
    enrolment = care.enrolment_start(
        actor=None, child=child, rumah_gizi=house, enrolled_on=today - dt.timedelta(days=7)
    )
    return {
        "posyandu": posyandu.pk,
        "child": child.pk,
        "pregnancy": carrying.pk,
        "referral": referral.pk,
        "enrolment": enrolment.pk,
    }


def competition_objects(users: dict[str, Any]) -> dict[str, int]:
    """An open call, and a second call in evaluation with a proposal assigned to score."""
    from replika.competition import services as contest
    from tests.competition.conftest import call_data, make_evaluator, make_proposal, to_evaluation

    organiser = users["province_admin"]
    open_call = contest.call_create(actor=organiser, **call_data())
    scored = contest.call_create(actor=organiser, **call_data(name="KIPP dinilai"))
    proposal = make_proposal(scored, users["region_admin"], "13.71", "Usulan Padang")
    to_evaluation(scored, organiser)
    evaluator = make_evaluator(None)
    assignment = contest.assignment_create(actor=organiser, proposal=proposal, evaluator=evaluator)
    return {"call": open_call.pk, "assignment": assignment.pk, "evaluator": evaluator.pk}


def tomorrow() -> str:
    """A date in the future when the case runs, not only when it is collected.

    The cases are built at collection; a day later than tomorrow keeps them in the future
    when the run crosses midnight in Asia/Jakarta (17:00 UTC).
    """
    return (timezone.localdate() + dt.timedelta(days=2)).isoformat()


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
    prefix: str | Callable[[World], str] = ""
    json_method: str = "put"
    # A batch answers 200 and reports each item's errors in ``results``.
    per_item: bool = False
    # How the endpoint refuses: a 4xx, or (htmx rows, swapped only on 200) the row re-shown.
    refused: tuple[int, ...] = tuple(range(400, 500))

    def field_name(self, world: World, name: str) -> str:
        prefix = self.prefix(world) if callable(self.prefix) else self.prefix
        return prefix + name


def today() -> str:
    return timezone.localdate().isoformat()


def csv_file(content: bytes = b"nik,tgl_ukur,bb,tb\n", name: str = "data.csv") -> Any:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def session_row_url(w: World) -> str:
    month = timezone.localdate().strftime("%Y-%m")
    return f"/gizi/sesi/{w.ids['posyandu']}/{month}/anak/{w.ids['child']}/"


def session_row_payload(w: World) -> dict[str, Any]:
    row = f"c{w.ids['child']}-"
    return {
        "visit_date": today(),
        row + "weight": "9.5",
        row + "lenhei": "76",
        row + "measure": "l",
    }


def measurement_item(w: World) -> dict[str, Any]:
    return {"child": w.ids["child"], "visit_date": today(), "weight": 9.5, "lenhei": 76}


CRITERIA = (
    "background",
    "novelty",
    "implementation",
    "significance",
    "adaptability",
    "resources",
    "sustainability",
)
WEIGHTS = dict(zip(CRITERIA, (10, 15, 5, 30, 20, 5, 15), strict=True))


def call_form_payload(w: World) -> dict[str, Any]:
    on = timezone.localdate()
    return {
        "name": "KIPP Sumbar 2027",
        "year": str(on.year),
        "description": "",
        "groups": ["umum", "replikasi"],
        "proposal_deadline": (on + dt.timedelta(days=10)).isoformat(),
        "evaluation_deadline": (on + dt.timedelta(days=20)).isoformat(),
        "presentation_date": (on + dt.timedelta(days=30)).isoformat(),
        "top_n": "5",
        "winner_count": "3",
        "presentation_weight": "40",
        "is_published": "on",
        **{f"weight_{code}": str(weight) for code, weight in WEIGHTS.items()},
    }


NUTRITION_ENDPOINTS: dict[str, Endpoint] = {
    "child registration": Endpoint(
        user="nutrition_officer",
        url=lambda w: "/gizi/anak/baru/",
        valid=lambda w: {
            "unit": w.ids["posyandu"],
            "name": "Putri Ananda",
            "sex": "2",
            "birth_date": (timezone.localdate() - dt.timedelta(days=200)).isoformat(),
            "mother_name": "Ibu Putri",
        },
    ),
    "mother registration": Endpoint(
        user="nutrition_officer",
        url=lambda w: "/gizi/ibu/baru/",
        valid=lambda w: {"unit": w.ids["posyandu"], "name": "Dewi Sartika", "phone": ""},
    ),
    "posyandu session row": Endpoint(
        user="nutrition_officer",
        url=session_row_url,
        valid=session_row_payload,
        accepted=(200,),
        prefix=lambda w: f"c{w.ids['child']}-",
        refused=(200,),  # an htmx row: the row comes back with its errors
    ),
    "pregnancy visit": Endpoint(
        user="nutrition_officer",
        url=lambda w: f"/gizi/kehamilan/{w.ids['pregnancy']}/kunjungan/",
        valid=lambda w: {
            "visit_date": today(),
            "weight": "58.5",
            "lila_cm": "25",
            "hb_g_dl": "11.5",
            "ttd_tablets": "30",
        },
    ),
    "referral advance": Endpoint(
        user="nutrition_officer",
        url=lambda w: f"/gizi/rujukan/{w.ids['referral']}/",
        valid=lambda w: {"status": "examined", "on": today(), "note": "Diperiksa"},
    ),
    "rumah gizi weekly weight": Endpoint(
        user="nutrition_officer",
        url=lambda w: f"/gizi/rumah-gizi/{w.ids['enrolment']}/timbang/",
        valid=lambda w: {"measured_on": today(), "weight": "8.1", "lenhei": "76", "measure": "l"},
    ),
    "e-PPGBM import": Endpoint(
        user="nutrition_officer",
        url=lambda w: "/gizi/impor/",
        valid=lambda w: {"kind": "measurements", "file": csv_file()},
    ),
    "measurements api": Endpoint(
        user="nutrition_officer",
        url=lambda w: "/api/v1/nutrition/measurements",
        valid=lambda w: {"items": [measurement_item(w)]},
        json=True,
        json_method="post",
        accepted=(200,),
    ),
    "measurements api item": Endpoint(
        user="nutrition_officer",
        url=lambda w: "/api/v1/nutrition/measurements",
        valid=measurement_item,
        json=True,
        json_method="post",
        accepted=(200,),
        per_item=True,
        refused=(200,),  # the batch reports the item's errors in its results
    ),
}

COMPETITION_ENDPOINTS: dict[str, Endpoint] = {
    "competition call": Endpoint(
        user="province_admin", url=lambda w: "/kompetisi/baru/", valid=call_form_payload
    ),
    "competition proposal": Endpoint(
        user="region_admin",
        url=lambda w: f"/kompetisi/{w.ids['call']}/usulan/baru/",
        valid=lambda w: {
            "title": "Inovasi Padang",
            "unit_name": "Dinas Kesehatan",
            "group": "umum",
            "video_url": "https://example.org/video",
            **{f"section_{code}": f"Isi {code}" for code in CRITERIA},
        },
    ),
    "evaluator score": Endpoint(
        user="evaluator",
        url=lambda w: f"/kompetisi/penilaian/{w.ids['assignment']}/",
        valid=lambda w: {
            **{f"score_{code}": "70" for code in CRITERIA},
            **{f"comment_{code}": "" for code in CRITERIA},
        },
    ),
}


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
    "facility": Endpoint(
        user="region_admin",
        url=lambda w: "/fasilitas/baru/",
        valid=lambda w: {
            "kind": "posyandu",
            "name": "Posyandu Kenanga",
            "code": "PSY-77",
            "region": "13.71",
            "location": "13.71.02.1007",
            "parent": w.ids["posyandu"],
        },
    ),
    "facility change": Endpoint(
        user="region_admin",
        url=lambda w: f"/fasilitas/{w.ids['posyandu']}/ubah/",
        valid=lambda w: {"name": "Posyandu Mawar", "code": "PSY-1", "location": "13.71.02"},
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
        valid=lambda w: {
            "settings": {"report_deadline_day": 12},
            "reasons": {"report_deadline_day": "Rapat bulanan lintas sektor tanggal 11"},
        },
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
    # --- nutrition
    **NUTRITION_ENDPOINTS,
    # --- competition
    **COMPETITION_ENDPOINTS,
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
    bug: str = ""  # a known bug: the case is a strict xfail until it is fixed

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
    # core: facilities
    Case("facility", "kind", "kastil", "unknown kind"),
    Case("facility", "name", "", "empty"),
    Case("facility", "name", "x" * 161, "too long"),
    Case("facility", "code", SCRIPT, "with markup"),
    Case("facility", "code", "x" * 41, "too long"),
    Case("facility", "region", "13.06", "another region"),
    Case("facility", "region", "99.99", "unknown region code"),
    Case("facility", "location", "13.06.02", "a district of another region"),
    Case("facility", "parent", "999999", "unknown facility"),
    Case("facility", "parent", "abc", "facility of the wrong type"),
    Case("facility change", "name", "", "empty"),
    Case("facility change", "location", "13.06.02", "a district of another region"),
    Case("facility change", "parent", "abc", "facility of the wrong type"),
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
    # --- nutrition: registers
    Case("child registration", "name", "", "empty"),
    Case("child registration", "name", "   ", "blank"),
    Case("child registration", "name", "x" * 121, "too long"),
    Case("child registration", "sex", "3", "unknown sex"),
    Case("child registration", "birth_date", tomorrow(), "in the future"),
    Case("child registration", "birth_date", "2025-02-30", "impossible date"),
    Case("child registration", "birth_date", "", "empty"),
    Case("child registration", "nik", "12345", "too short NIK"),
    Case("child registration", "nik", "13710X0000000001", "NIK with a letter"),
    Case("child registration", "birth_weight", "-3", "negative"),
    Case("child registration", "birth_weight", "NaN", "not a number"),
    Case("child registration", "birth_weight", HUGE, "huge"),
    Case("child registration", "birth_length", "1e308", "huge exponent"),
    Case("child registration", "birth_order", "0", "zero"),
    Case("child registration", "unit", "999999", "unknown posyandu"),
    Case("child registration", "unit", SQL, "SQL-looking posyandu"),
    Case("mother registration", "name", "", "empty"),
    Case("mother registration", "name", "x" * 121, "too long"),
    Case("mother registration", "nik", "1" * 17, "17-digit NIK"),
    Case("mother registration", "birth_date", tomorrow(), "in the future"),
    Case("mother registration", "phone", "x" * 21, "too long"),
    Case("mother registration", "unit", "", "empty posyandu"),
    # nutrition: the posyandu session (an htmx row: refused with the row's errors, 200)
    Case("posyandu session row", "weight", "-9", "negative"),
    Case("posyandu session row", "weight", "abc", "not a number"),
    Case("posyandu session row", "weight", "NaN", "NaN"),
    Case("posyandu session row", "weight", "Infinity", "infinite"),
    Case("posyandu session row", "weight", "600", "beyond the scale"),
    Case("posyandu session row", "lenhei", "5", "too short"),
    Case("posyandu session row", "lenhei", HUGE, "huge"),
    Case("posyandu session row", "measure", "x", "unknown position"),
    Case("posyandu session row", "headc", "1e9", "huge head"),
    Case("posyandu session row", "armc", "-1", "negative arm"),
    # nutrition: antenatal care
    Case("pregnancy visit", "visit_date", tomorrow(), "in the future"),
    Case("pregnancy visit", "visit_date", "2025-13-01", "month 13"),
    Case("pregnancy visit", "visit_date", "", "empty"),
    Case("pregnancy visit", "weight", "-58", "negative"),
    Case("pregnancy visit", "weight", "NaN", "not a number"),
    Case("pregnancy visit", "lila_cm", "99", "impossible arm"),
    Case("pregnancy visit", "hb_g_dl", "1e308", "huge"),
    Case("pregnancy visit", "ttd_tablets", "-1", "negative"),
    Case("pregnancy visit", "ttd_tablets", HUGE, "huge"),
    Case("pregnancy visit", "ttd_tablets", "2.5", "not whole"),
    # nutrition: referrals and the Rumah Gizi
    Case("referral advance", "status", "recovered", "a step the workflow skips"),
    Case("referral advance", "status", "hacked", "unknown status"),
    Case("referral advance", "status", "", "empty"),
    Case("referral advance", "on", tomorrow(), "in the future"),
    Case("referral advance", "on", "2025-02-29", "impossible date"),
    Case("referral advance", "note", "x" * 1001, "too long"),
    Case("rumah gizi weekly weight", "measured_on", tomorrow(), "in the future"),
    Case("rumah gizi weekly weight", "measured_on", "2020-01-01", "before the enrolment"),
    Case("rumah gizi weekly weight", "measured_on", "kemarin", "not a date"),
    Case("rumah gizi weekly weight", "weight", "0", "zero"),
    Case("rumah gizi weekly weight", "weight", "-8", "negative"),
    Case("rumah gizi weekly weight", "weight", "NaN", "not a number"),
    Case("rumah gizi weekly weight", "weight", HUGE, "huge"),
    Case("rumah gizi weekly weight", "lenhei", "", "empty"),
    Case("rumah gizi weekly weight", "lenhei", "Infinity", "infinite"),
    Case("rumah gizi weekly weight", "measure", "sideways", "unknown position"),
    # nutrition: the e-PPGBM import (the file is refused before any job is queued)
    Case("e-PPGBM import", "kind", "everything", "unknown kind"),
    Case("e-PPGBM import", "file", "", "missing"),
    Case("e-PPGBM import", "file", csv_file(b"%PDF-1.4\n", "data.xlsx"), "a PDF named .xlsx"),
    Case("e-PPGBM import", "file", csv_file(b"MZ\x90\x00", "data.exe"), "an executable"),
    Case("e-PPGBM import", "file", csv_file(b"", "data.csv"), "empty"),
    # nutrition: the measurements API (a malformed batch: 422)
    Case("measurements api", "items", "not a list", "not a list"),
    Case("measurements api", "items", None, "null"),
    Case("measurements api", "items", [{"child": 1}], "an item without a date", "visit_date"),
    # nutrition: one malformed item of the batch (reported per item, nothing recorded)
    Case("measurements api item", "weight", "abc", "not a number"),
    Case("measurements api item", "weight", -9.5, "negative"),
    Case("measurements api item", "weight", "NaN", "NaN"),
    Case("measurements api item", "weight", "1e999", "infinite"),
    Case("measurements api item", "lenhei", 10**40, "huge"),
    Case("measurements api item", "visit_date", "2026-02-30", "impossible date"),
    Case("measurements api item", "visit_date", tomorrow(), "in the future"),
    Case("measurements api item", "visit_date", SQL, "SQL-looking date"),
    Case("measurements api item", "measure", "x", "unknown position"),
    Case("measurements api item", "child", 999999, "unknown child"),
    Case("measurements api item", "headc", "-1", "negative head"),
    # --- competition: a call's criterion weights
    Case("competition call", "weight_novelty", "-5", "negative weight"),
    Case("competition call", "weight_novelty", "101", "weight over 100"),
    Case("competition call", "weight_novelty", "abc", "weight not a number"),
    Case("competition call", "weight_novelty", HUGE, "huge weight"),
    Case("competition call", "weight_novelty", "", "empty weight"),
    # The sum is not one field's: the form reports it above the weights (non-field error).
    Case("competition call", "weight_novelty", "16", "weights not summing to 100", "__all__"),
    # competition: a proposal's video link
    Case("competition proposal", "video_url", "not a link", "not a link"),
    Case("competition proposal", "video_url", "javascript:alert(1)", "a script link"),
    Case("competition proposal", "video_url", "http://" + "x" * 300 + ".org", "too long"),
    Case("competition proposal", "video_url", "ftp://example.org/video", "not http"),
    # competition: an evaluator's score (0-100 per criterion)
    Case("evaluator score", "score_novelty", "-1", "below 0"),
    Case("evaluator score", "score_novelty", "101", "over 100"),
    Case("evaluator score", "score_novelty", "", "empty"),
    Case("evaluator score", "score_novelty", "70.5", "not whole"),
    Case("evaluator score", "score_novelty", "abc", "not a number"),
    Case("evaluator score", "score_novelty", HUGE, "huge"),
    Case("evaluator score", "comment_novelty", "x" * 4001, "too long comment"),
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
    if endpoint.per_item:
        payload = {"items": [payload]}
    if endpoint.json:
        send_json = getattr(client, endpoint.json_method)
        return send_json(url, data=json.dumps(payload), content_type="application/json")
    return client.post(url, data=payload)


def error_fields(response: Any) -> set[str]:
    """The fields a 4xx answer names: the API's ``errors`` or the form's errors."""
    if response["Content-Type"].startswith("application/json"):
        names = set()
        body = response.json()
        errors = [e for r in body.get("results", []) for e in r.get("errors", [])]
        for error in body.get("errors", errors):
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
    before = database_state()
    response = send(world, endpoint, endpoint.valid(world))
    assert response.status_code in endpoint.accepted, (
        response.status_code,
        error_fields(response) if response.status_code >= 400 else "",
    )
    if set(endpoint.refused) & set(endpoint.accepted):  # the status alone proves nothing
        assert not error_fields(response)
        assert database_state() != before, "the valid payload was not saved"


CASE_PARAMS = [
    pytest.param(
        case,
        id=case.id,
        marks=[pytest.mark.xfail(strict=True, reason=f"BUG: {case.bug}")] if case.bug else [],
    )
    for case in CASES
]


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_bad_value_is_refused_with_a_field_error_and_nothing_is_written(
    world: World, case: Case
) -> None:
    endpoint = ENDPOINTS[case.endpoint]
    payload = {
        **endpoint.valid(world),
        endpoint.field_name(world, case.field): case.value,
        **case.extra,
    }
    before = database_state()

    response = send(world, endpoint, payload)

    assert response.status_code in endpoint.refused, f"answered {response.status_code}"
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
    ("child registration", "name", "/gizi/anak/"),
    ("mother registration", "name", "/gizi/ibu/"),
]


@pytest.mark.parametrize(("name", "text_field", "page"), TEXT_FIELDS)
@pytest.mark.parametrize("text", [SCRIPT, SQL], ids=["markup", "sql"])
def test_markup_in_text_is_stored_as_text_and_shown_escaped(
    world: World, name: str, text_field: str, page: str, text: str
) -> None:
    endpoint = ENDPOINTS[name]
    payload = {**endpoint.valid(world), endpoint.field_name(world, text_field): text}
    users = database_state()["core.User"]
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
    assert database_state()["core.User"] == users  # nothing was dropped


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
