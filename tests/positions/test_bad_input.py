"""Bad input to every positions form and query: a 4xx naming the field, and nothing written.

Each endpoint declares who uses it, where it is and a payload it accepts; a case replaces
one field. The answer must be a 4xx whose errors name the field, and no table of the
project (the audit log included) may have changed. Every URL pattern of the app is either
an endpoint here or listed with the reason it takes no input.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from replika.positions.models import OrgUnit, Position
from replika.positions.services import workflow
from tests.badinput.test_bad_input import HUGE, SCRIPT, SQL, database_state, error_fields
from tests.badinput.test_cross_region import url_names
from tests.once import made_once

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Endpoint:
    user: str
    url: Callable[[SimpleNamespace], str]
    valid: Callable[[SimpleNamespace], dict[str, Any]]
    accepted: tuple[int, ...] = (302,)


def position_payload(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "title": "Penata Layanan Operasional",
        "code": "",
        "kind": "pelaksana",
        "job_class": "7",
        "holders": "2",
        "retiring_5y": "0",
        "nomenclature_version": "PermenPANRB 45/2022",
    }


def task_payload(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "description": "Mengagendakan surat",
        "output": "Agenda",
        "output_unit": "surat",
        "volume": "1200",
        "norm_minutes": "5",
    }


def td_unit(w: SimpleNamespace) -> int:
    return OrgUnit.objects.get(opd=w.td_opd, parent__isnull=True).pk


ENDPOINTS: dict[str, Endpoint] = {
    "opd new": Endpoint(
        "verifier",
        lambda w: "/jabatan/opd/baru/",
        lambda w: {
            "name": "Dinas Baru",
            "code": "",
            "sotk_label": "Perwako 1/2022",
            "valid_from": "2022-01-03",
        },
    ),
    "structure new": Endpoint(
        "verifier",
        lambda w: f"/jabatan/opd/{w.opd.pk}/sotk/baru/",
        lambda w: {"label": "Perwako 2/2025", "valid_from": "2025-01-02"},
    ),
    "unit new": Endpoint(
        "drafter",
        lambda w: f"/jabatan/opd/{w.opd.pk}/unit/baru/",
        lambda w: {"parent": str(w.root.pk), "name": "Bidang Baru"},
    ),
    "position new": Endpoint(
        "drafter", lambda w: f"/jabatan/unit/{w.unit.pk}/jabatan/baru/", position_payload
    ),
    "position edit": Endpoint(
        "drafter", lambda w: f"/jabatan/{w.position.pk}/ubah/", position_payload
    ),
    "anjab edit": Endpoint(
        "drafter",
        lambda w: f"/jabatan/{w.position.pk}/anjab/",
        lambda w: {
            "ikhtisar": "Melakukan pengadministrasian.",
            "kualifikasi": "Pendidikan | D-III",
            "tanggung_jawab": "Ketepatan agenda",
        },
    ),
    "task new": Endpoint(
        "drafter", lambda w: f"/jabatan/{w.position.pk}/tugas/baru/", task_payload
    ),
    "task edit": Endpoint(
        "drafter", lambda w: f"/jabatan/tugas/{w.position.tasks.first().pk}/ubah/", task_payload
    ),
    "review": Endpoint(
        "verifier",
        lambda w: f"/jabatan/{w.submitted.pk}/verifikasi/",
        lambda w: {"decision": "returned", "comment_tugas_pokok": "Norma terlalu besar"},
    ),
    "library copy": Endpoint(
        "td_drafter",
        lambda w: f"/jabatan/pustaka/{w.entry.pk}/salin/",
        lambda w: {"org_unit": str(td_unit(w)), "holders": "1"},
    ),
    "evaluation": Endpoint(
        "verifier",
        lambda w: f"/jabatan/{w.position.pk}/evaluasi/",
        lambda w: {f"factor_{n}": "1" for n in range(1, 10)},
    ),
    "export": Endpoint(
        "verifier",
        lambda w: "/jabatan/ekspor/",
        lambda w: {"region": str(w.region.pk), "file_format": "csv"},
        accepted=(302,),
    ),
}

# URL patterns that take no input beyond the object in their path (or only read).
NO_INPUT = {
    "positions:home": "a list",
    "positions:opd": "a tree; ?versi= falls back to the current version",
    "positions:position": "a page",
    "positions:task_delete": "a button: the task in the path is the only input",
    "positions:submit": "a button: refusals are flashed (tested in test_pages)",
    "positions:version": "a page",
    "positions:anjab_pdf": "a file",
    "positions:anjab_xlsx": "a file",
    "positions:publish": "a button: refusals are flashed (tested in test_pages)",
    "positions:map": "a page",
    "positions:map_pdf": "a file",
    "positions:library": "a search: its bad input is probed by LIBRARY_CASES",
    "positions:library_entry": "a page",
    "positions:dashboard": "a page",
    "positions:public": "a page",
    "positions:imports": "an upload: its bad files are probed in test_importers",
}
URL_OF = {
    "opd new": "positions:opd_new",
    "structure new": "positions:structure_new",
    "unit new": "positions:orgunit_new",
    "position new": "positions:position_new",
    "position edit": "positions:position_edit",
    "anjab edit": "positions:anjab_edit",
    "task new": "positions:task_new",
    "task edit": "positions:task_edit",
    "review": "positions:review",
    "library copy": "positions:library_copy",
    "evaluation": "positions:position_evaluation",
    "export": "positions:export",
}


@dataclass(frozen=True)
class Case:
    endpoint: str
    field: str
    value: Any
    why: str
    error_field: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.endpoint}: {self.field} {self.why}"


CASES = [
    Case("evaluation", "factor_1", "10", "level above the factor's 9"),
    Case("evaluation", "factor_8", "0", "level 0"),
    Case("evaluation", "factor_2", "", "empty"),
    Case("evaluation", "factor_3", "abc", "not a number"),
    Case("evaluation", "factor_9", HUGE, "huge"),
    Case("opd new", "name", "", "empty"),
    Case("opd new", "name", "x" * 161, "too long"),
    Case("opd new", "sotk_label", "", "empty"),
    Case("opd new", "valid_from", "2021-13-01", "impossible month"),
    Case("opd new", "valid_from", "2021-02-30", "impossible day"),
    Case("structure new", "valid_from", "2020-01-01", "before the current structure"),
    Case("structure new", "valid_from", "", "empty"),
    Case("structure new", "label", "", "empty"),
    Case("unit new", "name", "", "empty"),
    Case("unit new", "name", "Subbagian Umum", "a sibling's name"),
    Case("unit new", "parent", "999999", "unknown unit"),
    Case("unit new", "parent", "abc", "not a number"),
    Case("position new", "title", "", "empty"),
    Case("position new", "title", "Pengadministrasi Perkantoran", "taken in the unit"),
    Case("position new", "kind", "eselon", "unknown kind"),
    Case("position new", "job_class", "0", "below 1"),
    Case("position new", "job_class", "18", "above 17"),
    Case("position new", "job_class", "8", "executor above 7"),
    Case("position new", "job_class", "7.5", "not whole"),
    Case("position new", "job_class", HUGE, "huge"),
    Case("position new", "holders", "-1", "negative"),
    Case("position new", "holders", "abc", "not a number"),
    Case("position new", "retiring_5y", "3", "more than holders"),
    Case("position new", "nomenclature_version", "PermenPANRB 99/2099", "unknown catalogue"),
    Case("position edit", "job_class", "20", "above 17"),
    Case("position edit", "holders", "", "empty"),
    Case("anjab edit", "kualifikasi", "a | b | c", "too many columns"),
    Case("anjab edit", "kualifikasi", "| tanpa jenis", "empty first column"),
    Case("anjab edit", "ikhtisar", "x" * 4001, "too long"),
    Case("anjab edit", "tanggung_jawab", "\n".join(["x"] * 61), "too many lines"),
    Case("task new", "description", "", "empty"),
    Case("task new", "volume", "-1", "negative"),
    Case("task new", "volume", "abc", "not a number"),
    Case("task new", "volume", HUGE, "huge"),
    Case("task new", "norm_minutes", "0", "zero"),
    Case("task new", "norm_minutes", "75001", "more than a working year"),
    Case("task new", "norm_minutes", "5 menit", "with a unit"),
    Case("task new", "norm_minutes", "0.001", "three decimals"),
    Case("task edit", "volume", "", "empty"),
    Case("task edit", "norm_minutes", "-5", "negative"),
    Case("review", "decision", "maybe", "unknown decision"),
    Case(
        "review",
        "decision",
        "returned",
        "return without a comment",
        extra={"comment_tugas_pokok": ""},
    ),
    Case("review", "comment_ikhtisar", "x" * 2001, "too long comment"),
    Case("library copy", "org_unit", "SELF", "a unit of another region"),
    Case("library copy", "org_unit", "", "empty"),
    Case("library copy", "holders", "-2", "negative"),
    Case("export", "region", "OTHER", "another region"),
    Case("export", "file_format", "pdf", "unknown format"),
]


@pytest.fixture(scope="module")
def bad_world_once(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    """One world for the module's cases (``tests.once``); only it took time."""
    yield from made_once(django_db_blocker, make_bad_world)


@pytest.fixture
def bad_world(bad_world_once, db) -> SimpleNamespace:
    """The module's world, a copy per test; what a test writes is rolled back after it."""
    return copy.deepcopy(bad_world_once)


def make_bad_world() -> SimpleNamespace:
    """The world with a submitted position to review and a library entry to copy."""
    from replika.positions.services import library
    from tests.positions.factories import make_position, positions_world

    world = positions_world()
    submitted = make_position(world.unit, "Analis Diajukan", kind="fungsional", job_class=9)
    workflow.anjab_submit(actor=world.drafter, position=submitted)
    shared = make_position(world.unit, "Jabatan Dibagikan", holders=1)
    workflow.anjab_submit(actor=world.drafter, position=shared)
    workflow.anjab_review(actor=world.verifier, position=shared, decision="approved", comments={})
    world.submitted = submitted
    world.entry = library.library_publish(actor=world.verifier, position=shared)
    return world


def client_of(world: SimpleNamespace, who: str) -> Client:
    client = Client()
    client.force_login(getattr(world, who))
    return client


def resolve_value(world: SimpleNamespace, value: Any) -> Any:
    if value == "SELF":  # a unit of Padang Panjang: not the copier's
        return str(world.unit.pk)
    if value == "OTHER":  # Tanah Datar, where the verifier holds nothing
        return str(world.td_opd.region.pk)
    return value


def test_every_positions_url_is_an_endpoint_here_or_takes_no_input():
    names = {n for n in url_names(get_resolver().url_patterns) if n.startswith("positions:")}
    covered = set(NO_INPUT) | set(URL_OF.values())
    assert names - covered == set(), f"probe these: {sorted(names - covered)}"
    assert set(URL_OF) == set(ENDPOINTS)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_every_endpoint_accepts_its_valid_payload(bad_world, name):
    endpoint = ENDPOINTS[name]
    before = database_state()
    response = client_of(bad_world, endpoint.user).post(
        endpoint.url(bad_world), endpoint.valid(bad_world)
    )
    assert response.status_code in endpoint.accepted, (response.status_code, error_fields(response))
    if name != "export":
        assert database_state() != before


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_value_is_refused_with_a_field_error_and_nothing_is_written(bad_world, case):
    endpoint = ENDPOINTS[case.endpoint]
    payload = {
        **endpoint.valid(bad_world),
        case.field: resolve_value(bad_world, case.value),
        **case.extra,
    }
    before = database_state()
    response = client_of(bad_world, endpoint.user).post(endpoint.url(bad_world), payload)
    assert 400 <= response.status_code < 500, f"answered {response.status_code}"
    assert (case.error_field or case.field) in error_fields(response)
    assert database_state() == before


LIBRARY_CASES = [
    ("kind", "eselon"),
    ("q", "x" * 101),
    ("agency", "y" * 101),
]


@pytest.mark.parametrize(("name", "value"), LIBRARY_CASES)
def test_bad_library_search_is_refused_on_the_page_and_the_api(bad_world, name, value):
    client = client_of(bad_world, "td_verifier")
    page = client.get("/jabatan/pustaka/", {name: value})
    assert page.status_code == 422
    assert name in page.context["form"].errors
    answer = client.get("/api/v1/positions/library", {name: value})
    assert answer.status_code == 422
    assert name in {e["field"].rsplit(".", 1)[-1] for e in answer.json()["errors"]}


@pytest.mark.parametrize(
    ("query", "field_name"),
    [
        ("units?wilayah=99.99", "wilayah"),
        ("units?wilayah=13.74.01", "wilayah"),
        ("units", "wilayah"),
        ("map?unit=abc", "unit"),
        ("map", "unit"),
    ],
)
def test_bad_api_query_is_refused_with_its_field(bad_world, query, field_name):
    answer = client_of(bad_world, "verifier").get(f"/api/v1/positions/{query}")
    assert answer.status_code == 422
    assert field_name in {e["field"].rsplit(".", 1)[-1] for e in answer.json()["errors"]}


def test_markup_in_text_is_stored_as_text_and_shown_escaped(bad_world):
    client = client_of(bad_world, "drafter")
    url = f"/jabatan/{bad_world.position.pk}/anjab/"
    response = client.post(url, {"ikhtisar": SCRIPT + SQL, "wewenang": SCRIPT})
    assert response.status_code == 302
    position = Position.objects.get(pk=bad_world.position.pk)
    assert position.anjab["ikhtisar"] == SCRIPT + SQL
    body = client.get(f"/jabatan/{position.pk}/").content.decode()
    assert SCRIPT not in body
    assert "&lt;script&gt;" in body


def test_a_refused_submit_says_why_and_writes_nothing(bad_world):
    from tests.positions.factories import make_position

    empty = make_position(bad_world.unit, "Tanpa Tugas", tasks=[], summary="")
    before = database_state()
    client = client_of(bad_world, "drafter")
    response = client.post(f"/jabatan/{empty.pk}/ajukan/", follow=True)
    assert database_state() == before
    text = response.content.decode()
    assert "Add at least one task" in text or "Tambahkan" in text
