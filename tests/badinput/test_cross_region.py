"""Cross-region probe: an administrator of Agam gets nothing of Kota Padang.

Every URL pattern of core and replication, and every API operation, is in ``PROBES`` with
how to fill its parameters from Padang's data; a test fails when a new pattern is not, so
none is forgotten. For each probe the owner (Padang's administrator) sees Padang's data, and
the outsider (Agam's administrator) gets a 404 on detail pages and writes, and lists,
exports and files without a trace of Padang: its marked texts and, where a region's name
can only come from its data, the name "Kota Padang".
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from replika.core import services as core_services
from replika.core.api_base import api
from replika.core.models import ApiToken, Membership
from replika.replication import services
from replika.replication.models import Stage
from tests.factories import make_commitment, region, user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Texts that exist only in Padang's data.
MARKERS = {
    "signatories": "Penandatangan-RAHASIA-PDG",
    "milestone": "Tonggak-RAHASIA-PDG",
    "comment": "Komentar-RAHASIA-PDG",
    "topics": "Topik-RAHASIA-PDG",
    "evidence": "bukti-RAHASIA-PDG.pdf",
    "stage note": "Catatan-RAHASIA-PDG",
    "token": "Token-RAHASIA-PDG",
    "person": "Petugas RAHASIA-PDG",
    "username": "rahasia.pdg",
}
REGION_NAME = "Kota Padang"


@dataclass
class Padang:
    """Padang's data, its administrator (owner) and Agam's administrator (outsider)."""

    owner: Any
    outsider: Any
    ids: dict[str, int]

    def client(self, user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def padang(db, django_capture_on_commit_callbacks) -> Padang:
    owner = user_with_role("admin_daerah", "13.71", username=MARKERS["username"])
    owner.full_name = MARKERS["person"]
    owner.save()
    outsider = user_with_role("admin_daerah", "13.06")
    mentor = user_with_role("mentor", "13")
    make_commitment("13.06", "ayo-ceting", Stage.LAUNCHED)  # Agam has its own data
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.stage_since = dt.date(2021, 11, 15)
    commitment.save()
    services.commitment_update(
        actor=owner, commitment=commitment, signed_on=None, signatories=MARKERS["signatories"]
    )
    change = services.commitment_transition(
        actor=owner,
        commitment=commitment,
        to_stage=Stage.INSTITUTIONALISED,
        on=dt.date(2022, 6, 1),
        note=MARKERS["stage note"],
        evidence=SimpleUploadedFile("perwali.pdf", PDF),
    )
    milestone = services.milestone_create(
        actor=owner,
        commitment=commitment,
        title=MARKERS["milestone"],
        owner="Bagian Hukum",
        due_on=dt.date(2022, 1, 31),  # overdue: it shows on the overdue page
    )
    evidence = services.milestone_evidence_add(
        actor=owner, milestone=milestone, upload=SimpleUploadedFile(MARKERS["evidence"], PDF)
    )
    services.milestone_comment_add(actor=mentor, milestone=milestone, body=MARKERS["comment"])
    services.mentoring_log(
        actor=mentor, commitment=commitment, held_on=dt.date(2022, 7, 1), topics=MARKERS["topics"]
    )
    token, _secret = core_services.api_token_create(actor=owner, name=MARKERS["token"])
    with django_capture_on_commit_callbacks(execute=True):  # the export job runs
        export = Padang(owner, outsider, {}).client(owner).post("/replikasi/ekspor/")
    job_id = int(re.search(r"/tugas/(\d+)/", export["Location"])[1])
    return Padang(
        owner=owner,
        outsider=outsider,
        ids={
            "commitment": commitment.pk,
            "milestone": milestone.pk,
            "evidence": evidence.pk,
            "stage_change": change.pk,
            "token": token.pk,
            "membership": Membership.objects.get(user=owner).pk,
            "job": job_id,
            "owner": owner.pk,
            "region": region("13.71").pk,
        },
    )


@dataclass(frozen=True)
class Probe:
    """How to reach one URL with Padang's data, and what the outsider may get."""

    kind: str  # "detail" and "write": a 404; "list" and "export": no trace of Padang
    path: Callable[[dict[str, int]], str] | None = None
    method: str = "get"
    # The owner sees one of these on the page (proves the probe reaches Padang's data).
    owner_sees: tuple[str, ...] = ()
    # The region's name is a trace too where only Padang's data could put it there.
    name_is_a_trace: bool = False
    reason: str = ""  # for "none": why the URL holds no region data


def none(reason: str) -> Probe:
    return Probe(kind="none", reason=reason)


ALL_MARKERS = tuple(MARKERS.values())
PROBES: dict[str, Probe] = {
    # --- core
    "core:home": Probe("list", lambda i: "/", name_is_a_trace=True),
    "core:login": none("the sign-in form"),
    "core:logout": none("signs the caller out"),
    "core:password_change": none("the caller's own password"),
    "core:password_change_done": none("a confirmation"),
    "core:password_reset": none("asks for an e-mail address"),
    "core:password_reset_done": none("a confirmation"),
    "core:password_reset_confirm": none("a signed one-time link"),
    "core:password_reset_complete": none("a confirmation"),
    "core:profile": Probe("list", lambda i: "/profil/", owner_sees=(MARKERS["token"],)),
    "core:revoke_token": Probe("write", lambda i: f"/profil/token/{i['token']}/cabut/", "post"),
    "core:switch_membership": none("the caller's own memberships (tested in core)"),
    "core:audit": Probe(
        "list", lambda i: "/audit/", owner_sees=(MARKERS["milestone"],), name_is_a_trace=True
    ),
    "core:members": Probe(
        "list", lambda i: "/pengguna/", owner_sees=(MARKERS["username"],), name_is_a_trace=True
    ),
    "core:member_revoke": Probe("write", lambda i: f"/pengguna/{i['membership']}/cabut/", "post"),
    "core:job": Probe("detail", lambda i: f"/tugas/{i['job']}/"),
    "core:job_progress": Probe("detail", lambda i: f"/tugas/{i['job']}/progres/"),
    "core:job_download": Probe("detail", lambda i: f"/tugas/{i['job']}/unduh/"),
    # --- replication
    "replication:commitments": Probe(
        "list", lambda i: "/replikasi/", owner_sees=(REGION_NAME,), name_is_a_trace=True
    ),
    "replication:commitment_new": Probe("list", lambda i: "/replikasi/baru/", name_is_a_trace=True),
    "replication:innovations": Probe("list", lambda i: "/replikasi/inovasi/"),
    "replication:export": Probe(
        "export", lambda i: "/replikasi/ekspor/", "post", owner_sees=(REGION_NAME,)
    ),
    "replication:matrix": Probe(
        "list", lambda i: "/replikasi/matriks/", owner_sees=(REGION_NAME,), name_is_a_trace=True
    ),
    "replication:matrix_xlsx": Probe(
        "export", lambda i: "/replikasi/matriks/xlsx/", owner_sees=(REGION_NAME,)
    ),
    "replication:matrix_pdf": Probe(
        "export", lambda i: "/replikasi/matriks/pdf/", owner_sees=(REGION_NAME,)
    ),
    "replication:overdue": Probe(
        "list",
        lambda i: "/replikasi/tenggat/",
        owner_sees=(MARKERS["milestone"],),
        name_is_a_trace=True,
    ),
    "replication:region": Probe("detail", lambda i: "/replikasi/daerah/13.71/"),
    "replication:region_pdf": Probe("detail", lambda i: "/replikasi/daerah/13.71/pdf/"),
    "replication:region_xlsx": Probe("detail", lambda i: "/replikasi/daerah/13.71/xlsx/"),
    "replication:commitment": Probe("detail", lambda i: f"/replikasi/{i['commitment']}/"),
    "replication:commitment_edit": Probe("detail", lambda i: f"/replikasi/{i['commitment']}/ubah/"),
    "replication:settings": Probe("detail", lambda i: f"/replikasi/{i['commitment']}/pengaturan/"),
    "replication:transition": Probe(
        "write", lambda i: f"/replikasi/{i['commitment']}/tahap/", "post"
    ),
    "replication:milestone_new": Probe(
        "detail", lambda i: f"/replikasi/{i['commitment']}/tonggak/baru/"
    ),
    # Only mentors (province-wide) log mentoring; a region administrator gets a 404.
    "replication:mentoring_new": Probe(
        "write", lambda i: f"/replikasi/{i['commitment']}/pendampingan/baru/"
    ),
    "replication:milestone": Probe("detail", lambda i: f"/replikasi/tonggak/{i['milestone']}/"),
    "replication:milestone_evidence": Probe(
        "write", lambda i: f"/replikasi/tonggak/{i['milestone']}/bukti/", "post"
    ),
    "replication:milestone_comment": Probe(
        "write", lambda i: f"/replikasi/tonggak/{i['milestone']}/komentar/", "post"
    ),
    "replication:evidence": Probe("detail", lambda i: f"/replikasi/bukti/{i['evidence']}/"),
    "replication:stage_evidence": Probe(
        "detail", lambda i: f"/replikasi/tahap/{i['stage_change']}/bukti/"
    ),
    # --- the API (operations of the core and replication routers)
    "GET /api/v1/regions": none("public reference data"),
    "GET /api/v1/me": Probe("list", lambda i: "/api/v1/me"),
    "GET /api/v1/jobs/{job_id}": Probe("detail", lambda i: f"/api/v1/jobs/{i['job']}"),
    "GET /api/v1/replication/innovations": none("the public catalogue"),
    "GET /api/v1/replication/commitments": Probe(
        "list",
        lambda i: "/api/v1/replication/commitments",
        owner_sees=(REGION_NAME,),
        name_is_a_trace=True,
    ),
    "GET /api/v1/replication/commitments/{commitment_id}": Probe(
        "detail", lambda i: f"/api/v1/replication/commitments/{i['commitment']}"
    ),
    "PUT /api/v1/replication/commitments/{commitment_id}/settings": Probe(
        "write", lambda i: f"/api/v1/replication/commitments/{i['commitment']}/settings", "put"
    ),
    "GET /api/v1/replication/matrix": Probe(
        "list",
        lambda i: "/api/v1/replication/matrix",
        owner_sees=(REGION_NAME,),
        name_is_a_trace=True,
    ),
    # Probes added with audit filters: the same page, narrowed to Padang's objects.
    "audit of a Padang commitment": Probe(
        "list",
        lambda i: f"/audit/?model=replication.commitment&object={i['commitment']}",
        owner_sees=(MARKERS["person"],),
    ),
    "audit of a Padang person": Probe(
        "list", lambda i: f"/audit/?actor={i['owner']}", owner_sees=(MARKERS["person"],)
    ),
    # --- nutrition and competition: add their patterns here after integration
}


def url_names(patterns: list[Any], namespace: str = "") -> list[str]:
    """``namespace:name`` of every named URL pattern, recursively."""
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            names += url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def api_operations() -> list[str]:
    """``METHOD /path`` of every operation of the API."""
    schema = api.get_openapi_schema()
    return [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    ]


PROBED_APPS = ("core", "replication")


def test_every_url_and_api_operation_of_core_and_replication_is_probed():
    names = [n for n in url_names(get_resolver().url_patterns) if n.split(":")[0] in PROBED_APPS]
    operations = [
        op
        for op in api_operations()
        if op.split(" ", 1)[1].split("/")[3] in ("regions", "me", "jobs", "replication")
    ]
    missing = sorted(set(names + operations) - set(PROBES))
    assert not missing, f"add these to PROBES (how to reach them with Padang's data): {missing}"


def fetch(client: Client, probe: Probe, ids: dict[str, int]) -> Any:
    path = probe.path(ids)
    if probe.method == "put":
        return client.put(path, data='{"settings": {}}', content_type="application/json")
    return getattr(client, probe.method)(path)


def fetch_as(user: Any, probe: Probe, ids: dict[str, int], run_jobs: Any) -> Any:
    """The answer ``user`` gets; for a queued export, the file the job wrote."""
    client = Client()
    client.force_login(user)
    with run_jobs(execute=True):
        response = fetch(client, probe, ids)
    job = re.search(r"/tugas/(\d+)/", response.get("Location", ""))
    if probe.kind == "export" and job:
        return client.get(f"/tugas/{job[1]}/unduh/")
    return response


def text_of(response: Any) -> str:
    """What a person could read in the answer: the page, the JSON, or a file's cells."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return content.decode("utf-8", errors="replace")


@pytest.fixture
def pdf_sources(monkeypatch) -> list[str]:
    """The HTML each PDF is rendered from (WeasyPrint's text is not searchable)."""
    import weasyprint

    sources: list[str] = []

    class Capture:
        def __init__(self, string: str = "", **kwargs: Any) -> None:
            sources.append(string)

        def write_pdf(self) -> bytes:
            return PDF

    monkeypatch.setattr(weasyprint, "HTML", Capture)
    return sources


def readable(response: Any, pdf_sources: list[str]) -> str:
    text = text_of(response)
    if response.get("Content-Type", "").startswith("application/pdf"):
        text += "\n".join(pdf_sources)
    if response.get("Location"):
        text += response["Location"]
    return text


PROBED = [name for name, probe in PROBES.items() if probe.kind != "none"]


@pytest.mark.parametrize("name", PROBED)
def test_another_regions_user_gets_nothing_of_this_region(
    padang, pdf_sources, django_capture_on_commit_callbacks, name
):
    probe = PROBES[name]
    owner = fetch_as(padang.owner, probe, padang.ids, django_capture_on_commit_callbacks)
    if probe.kind in ("detail", "list", "export"):
        assert owner.status_code == 200, f"the owner cannot open {name}: {owner.status_code}"
        seen = readable(owner, pdf_sources)
        for text in probe.owner_sees:
            assert text in seen, f"the probe does not reach Padang's data: {text!r} missing"
    pdf_sources.clear()

    outsider = fetch_as(padang.outsider, probe, padang.ids, django_capture_on_commit_callbacks)

    if probe.kind in ("detail", "write"):
        assert outsider.status_code == 404, f"{name} answered {outsider.status_code}"
        return
    assert outsider.status_code in (200, 404), f"{name} answered {outsider.status_code}"
    seen = readable(outsider, pdf_sources)
    leaks = [text for text in ALL_MARKERS if text in seen]
    if probe.name_is_a_trace or probe.kind == "export":
        leaks += [REGION_NAME] if re.search(rf"{REGION_NAME}(?! Panjang)", seen) else []
    assert not leaks, f"{name} shows Agam's administrator Padang's {leaks}"


def test_outsiders_writes_change_nothing(padang):
    """The 404s above are not after the fact: nothing of Padang changed."""
    before = (
        ApiToken.objects.filter(pk=padang.ids["token"], revoked_at__isnull=True).count(),
        Membership.objects.filter(pk=padang.ids["membership"]).count(),
    )
    client = padang.client(padang.outsider)
    for name in [n for n, p in PROBES.items() if p.kind == "write"]:
        fetch(client, PROBES[name], padang.ids)
    after = (
        ApiToken.objects.filter(pk=padang.ids["token"], revoked_at__isnull=True).count(),
        Membership.objects.filter(pk=padang.ids["membership"]).count(),
    )
    assert after == before
