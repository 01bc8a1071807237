"""Cross-region probe of SI JABPRI: Tanah Datar's verifier gets nothing of Padang Panjang.

Every URL pattern of the positions app and every operation of its API is in ``PROBES``; a
test fails when one is missing. The owner (Padang Panjang's verifier) reaches Padang
Panjang's data; the outsider gets a 404 on detail pages and writes, and lists without a
trace of it. The library is shared between regions on purpose: only what a region
published is there, never a draft.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from replika.core.api_base import api
from replika.positions.models import AnjabVersion, LibraryEntry, OrgUnit, Position, Task
from replika.positions.services import library, workflow
from tests.badinput.test_cross_region import api_operations, url_names
from tests.once import made_once
from tests.positions.factories import make_position, positions_world

pytestmark = pytest.mark.django_db

MARKERS = {
    "opd": "Dinas RAHASIA-PP",
    "position": "Jabatan RAHASIA-PP",
    "task": "Tugas RAHASIA-PP",
}
PUBLISHED = "Jabatan Terbit PP"


@dataclass
class Probe:
    kind: str  # detail, write, list, shared, public
    path: Callable[[dict[str, int]], str]
    method: str = "get"
    owner_sees: tuple[str, ...] = ()
    owner_status: int = 200


def page(kind: str, name: str, *keys: str, **kwargs: Any) -> Probe:
    return Probe(kind, lambda i: reverse(f"positions:{name}", args=[i[k] for k in keys]), **kwargs)


PROBES: dict[str, Probe] = {
    "positions:home": page("list", "home", owner_sees=(MARKERS["opd"],)),
    # Opens the form for the caller's own region: the outsider sees Tanah Datar's, not ours.
    "positions:opd_new": page("list", "opd_new"),
    "positions:opd": page("detail", "opd", "opd", owner_sees=(MARKERS["position"],)),
    "positions:structure_new": page("detail", "structure_new", "opd"),
    "positions:orgunit_new": page("detail", "orgunit_new", "opd"),
    "positions:position_new": page("detail", "position_new", "unit"),
    "positions:position_edit": page("detail", "position_edit", "position"),
    "positions:position": page(
        "detail", "position", "position", owner_sees=(MARKERS["position"], MARKERS["task"])
    ),
    "positions:anjab_edit": page("detail", "anjab_edit", "position"),
    "positions:position_evaluation": page("detail", "position_evaluation", "position"),
    "positions:task_new": page("detail", "task_new", "position"),
    "positions:task_edit": page("detail", "task_edit", "task", owner_sees=(MARKERS["task"],)),
    "positions:task_delete": page("write", "task_delete", "task", method="post"),
    "positions:submit": page("write", "submit", "position", method="post"),
    "positions:review": page("detail", "review", "position", owner_sees=(MARKERS["task"],)),
    "positions:version": Probe(
        "detail",
        lambda i: reverse("positions:version", args=[i["position"], 1]),
        owner_sees=(MARKERS["position"],),
    ),
    "positions:anjab_pdf": page("detail", "anjab_pdf", "position"),
    "positions:anjab_xlsx": page("detail", "anjab_xlsx", "position", owner_sees=(MARKERS["task"],)),
    "positions:publish": page("write", "publish", "approved", method="post"),
    "positions:map": page("detail", "map", "opd", owner_sees=(MARKERS["position"],)),
    "positions:map_pdf": page("detail", "map_pdf", "opd"),
    "positions:library": page("shared", "library", owner_sees=(PUBLISHED,)),
    "positions:library_entry": page("shared", "library_entry", "entry", owner_sees=(PUBLISHED,)),
    "positions:library_copy": page("shared", "library_copy", "entry"),
    "positions:dashboard": page("list", "dashboard", owner_sees=(MARKERS["opd"],)),
    "positions:export": page("list", "export"),
    "export of Padang Panjang's formation": Probe(
        "post-export", lambda i: reverse("positions:export"), method="post_form"
    ),
    "positions:public": page("public", "public"),
    # The caller's own agencies only: the outsider's form imports into Tanah Datar.
    "positions:imports": page("list", "imports"),
    "GET /api/v1/positions/units": Probe(
        "list", lambda i: "/api/v1/positions/units?wilayah=13.74", owner_sees=(MARKERS["opd"],)
    ),
    "GET /api/v1/positions/positions/{position_id}": Probe(
        "detail",
        lambda i: f"/api/v1/positions/positions/{i['position']}",
        owner_sees=(MARKERS["task"],),
    ),
    "GET /api/v1/positions/map": Probe(
        "detail",
        lambda i: f"/api/v1/positions/map?unit={i['unit']}",
        owner_sees=(MARKERS["position"],),
    ),
    "GET /api/v1/positions/library": Probe(
        "shared", lambda i: "/api/v1/positions/library?q=terbit", owner_sees=(PUBLISHED,)
    ),
}


@pytest.fixture(scope="module")
def pp_once(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    """One world for the module's probes (``tests.once``); only it took time."""
    yield from made_once(django_db_blocker, lambda: make_pp(positions_world()))


@pytest.fixture
def pp(pp_once, db) -> SimpleNamespace:
    """The module's world, a copy per test; what a test writes is rolled back after it."""
    return copy.deepcopy(pp_once)


def make_pp(world: SimpleNamespace) -> SimpleNamespace:
    """Padang Panjang's secret data: an OPD, a returned position with a task, a published one."""
    world.opd.name = MARKERS["opd"]
    world.opd.save()
    OrgUnit.objects.filter(opd=world.opd, parent__isnull=True).update(name=MARKERS["opd"])
    secret = make_position(world.unit, MARKERS["position"], tasks=[(MARKERS["task"], 100, 30)])
    workflow.anjab_submit(actor=world.drafter, position=secret)
    workflow.anjab_review(
        actor=world.verifier, position=secret, decision="returned", comments={"ikhtisar": "x"}
    )
    shared = make_position(world.unit, PUBLISHED, tasks=[("Tugas terbuka", 10, 10)])
    workflow.anjab_submit(actor=world.drafter, position=shared)
    workflow.anjab_review(actor=world.verifier, position=shared, decision="approved", comments={})
    entry = library.library_publish(actor=world.verifier, position=shared)
    approved = make_position(world.unit, "Jabatan Disetujui", tasks=[("Tugas", 10, 10)])
    workflow.anjab_submit(actor=world.drafter, position=approved)
    workflow.anjab_review(actor=world.verifier, position=approved, decision="approved", comments={})
    world.ids = {
        "opd": world.opd.pk,
        "unit": world.unit.pk,
        "position": secret.pk,
        "task": secret.tasks.first().pk,
        "approved": approved.pk,
        "entry": entry.pk,
        "region": world.region.pk,
    }
    return world


def test_every_url_and_api_operation_of_positions_is_probed():
    names = [n for n in url_names(get_resolver().url_patterns) if n.startswith("positions:")]
    operations = [
        op for op in api_operations() if op.split(" ", 1)[1].startswith("/api/v1/positions/")
    ]
    assert names and operations
    missing = sorted(set(names + operations) - set(PROBES))
    assert not missing, f"add these to PROBES: {missing}"
    assert api.get_openapi_schema()  # the API document still builds


def fetch(user: Any, probe: Probe, ids: dict[str, int]) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    path = probe.path(ids)
    if probe.method == "post_form":
        return client.post(path, {"region": ids["region"], "file_format": "xlsx"})
    return getattr(client, probe.method)(path)


def readable(response: Any, pdf_sources: list[str]) -> str:
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row
        )
    if kind.startswith("application/pdf"):
        return "\n".join(pdf_sources)
    return response.content.decode("utf-8", errors="replace") + response.get("Location", "")


@pytest.fixture
def pdf_sources(monkeypatch) -> list[str]:
    """The HTML each PDF is rendered from (WeasyPrint's output is not searchable)."""
    import weasyprint

    sources: list[str] = []

    class Capture:
        def __init__(self, string: str = "", **kwargs: Any) -> None:
            sources.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-1.4\n%%EOF\n"

    monkeypatch.setattr(weasyprint, "HTML", Capture)
    return sources


@pytest.mark.parametrize("name", sorted(PROBES))
def test_another_regions_verifier_gets_nothing_of_this_region(pp, pdf_sources, name):
    probe = PROBES[name]
    secrets = tuple(MARKERS.values())
    if probe.kind == "public":
        for who in (None, pp.td_verifier):
            answer = fetch(who, probe, pp.ids)
            assert answer.status_code == 200
            assert not [m for m in secrets if m in readable(answer, pdf_sources)]
        return
    if probe.kind in ("detail", "list", "shared"):
        owner = fetch(pp.verifier, probe, pp.ids)
        assert owner.status_code == probe.owner_status, f"owner: {owner.status_code}"
        seen = readable(owner, pdf_sources)
        for text in probe.owner_sees:
            assert text in seen, f"the probe does not reach Padang Panjang's data: {text!r}"
    pdf_sources.clear()
    outsider = fetch(pp.td_verifier, probe, pp.ids)
    seen = readable(outsider, pdf_sources)
    if probe.kind in ("detail", "write"):
        assert outsider.status_code == 404, f"{name} answered {outsider.status_code}"
        return
    if probe.kind == "post-export":
        assert outsider.status_code == 422
    else:
        assert outsider.status_code == 200, f"{name} answered {outsider.status_code}"
    if probe.kind == "shared":
        # A published entry names its agency on purpose; drafts must stay home.
        secrets = (MARKERS["position"], MARKERS["task"])
    leaks = [m for m in secrets if m in seen]
    assert not leaks, f"{name} shows Tanah Datar {leaks}"


def _state() -> tuple[Any, ...]:
    return (
        list(Position.objects.values_list("pk", "status", "holders", "verified_version")),
        Task.objects.count(),
        AnjabVersion.objects.count(),
        LibraryEntry.objects.count(),
    )


def test_outsiders_writes_change_nothing(pp):
    before = _state()
    client = Client()
    client.force_login(pp.td_verifier)
    for name, probe in PROBES.items():
        if probe.kind == "write":
            assert client.post(probe.path(pp.ids)).status_code == 404, name
    assert _state() == before


def test_a_drafter_of_another_agency_in_the_same_region_gets_a_404(pp):
    client = Client()
    client.force_login(pp.other_drafter)
    for name in ("positions:position", "positions:anjab_edit", "positions:task_new"):
        assert client.get(PROBES[name].path(pp.ids)).status_code == 404, name
    assert client.get(PROBES["positions:opd"].path(pp.ids)).status_code == 404
    assert client.post(PROBES["positions:submit"].path(pp.ids)).status_code == 404
    answer = client.get("/api/v1/positions/units?wilayah=13.74").json()
    assert [tree["name"] for tree in answer] == ["Dinas Pendidikan Uji"]


def test_planner_and_drafter_cannot_verify_and_drafter_cannot_publish(pp):
    for who in (pp.bkpsdm, pp.drafter):
        client = Client()
        client.force_login(who)
        assert client.get(PROBES["positions:review"].path(pp.ids)).status_code == 404
        assert client.post(PROBES["positions:publish"].path(pp.ids)).status_code == 404
    client = Client()
    client.force_login(pp.bkpsdm)
    assert client.get(PROBES["positions:anjab_edit"].path(pp.ids)).status_code == 404
    assert client.get(PROBES["positions:position"].path(pp.ids)).status_code == 200


def test_no_page_or_operation_without_signing_in(pp):
    client = Client()
    assert client.get(PROBES["positions:home"].path(pp.ids)).status_code == 302
    assert client.get("/api/v1/positions/units?wilayah=13.74").status_code == 401
    assert client.get("/api/v1/positions/library").status_code == 401


def test_the_library_shows_no_draft_and_nothing_where_the_module_is_not_live(pp, nobody):
    client = Client()
    client.force_login(pp.td_verifier)
    body = json.dumps(client.get("/api/v1/positions/library").json())
    assert PUBLISHED in body and MARKERS["position"] not in body
    client.force_login(nobody)
    assert client.get("/api/v1/positions/library").json() == []
    from replika.replication.models import Commitment, Stage

    Commitment.objects.filter(region__code="13.74").update(stage=Stage.COMMITTED)
    client.force_login(pp.td_verifier)
    assert client.get("/api/v1/positions/library").json() == []
