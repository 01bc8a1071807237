"""Cross-region probe: an administrator of Agam gets nothing of Kota Padang.

Every URL pattern of core and replication, and every API operation, is in ``PROBES`` with
how to fill its parameters from Padang's data; a test fails when a new pattern is not, so
none is forgotten. For each probe the owner (Padang's administrator) sees Padang's data, and
the outsider (Agam's administrator) gets a 404 on detail pages and writes, and lists,
exports and files without a trace of Padang: its marked texts and, where a region's name
can only come from its data, the name "Kota Padang".

Derived data is probed too: the audit trail, job files, duplicate-check messages (Agam's
officer registering Padang's child or mother again, through the forms and the import, hears
that the person may be registered elsewhere and nothing of where) and public figures at
every level (province, kab/kota, kecamatan; a kelurahan or a posyandu is refused), which
withhold small cells from anonymous visitors and outsiders alike.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from replika.core import humanize
from replika.core import services as core_services
from replika.core.api_base import api
from replika.core.models import ApiToken, Membership, RoleRequest, Unit
from replika.replication import services
from replika.replication.models import Stage
from tests.factories import make_commitment, make_unit, region, user_with_role
from tests.once import made_once

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
    # nutrition: people of Padang's registers
    "child": "Anak RAHASIA-PDG",
    "mother": "Ibu RAHASIA-PDG",
    "girl": "Remaja RAHASIA-PDG",
    "class": "Kelas RAHASIA-PDG",
    "article": "Artikel RAHASIA-PDG",
    # competition: Padang's proposal
    "proposal": "Usulan RAHASIA-PDG",
}


# Padang's NIKs: a girl born on the given day (day + 40), and a woman born 5 May 1995.
def child_nik(birth: dt.date) -> str:
    return f"137102{birth.day + 40:02d}{birth.month:02d}{birth.year % 100:02d}0001"


MOTHER_NIK = "1371024505950003"
# Personal data a public page must never show.
PERSONAL = (MARKERS["child"], MARKERS["mother"], MARKERS["girl"])
REGION_NAME = "Kota Padang"


@dataclass
class Padang:
    """Padang's data, its administrator (owner) and Agam's administrator (outsider)."""

    owner: Any
    outsider: Any
    ids: dict[str, int]
    # The nutrition officers of Padang (owner) and of Agam (outsider).
    gizi_owner: Any = None
    gizi_outsider: Any = None

    def client(self, user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture(scope="module")
def padang_once(django_db_setup, django_db_blocker) -> Iterator[Padang]:
    """One Padang for the module's probes (``tests.once``); only it took time."""
    yield from made_once(django_db_blocker, make_padang)


@pytest.fixture
def padang(padang_once, db) -> Padang:
    """The module's Padang, a copy per test; what a test writes is rolled back after it."""
    return copy.deepcopy(padang_once)


def make_padang() -> Padang:
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
    role_request = core_services.role_request_create(
        actor=owner,
        user=user_with_role("admin_daerah", "13.71"),
        wilayah=region("13.71"),
        role="petugas_gizi_dinkes",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the export job runs
        export = Padang(owner, outsider, {}).client(owner).post("/replikasi/ekspor/")
    job_id = int(re.search(r"/tugas/(\d+)/", export["Location"])[1])
    return Padang(
        owner=owner,
        outsider=outsider,
        gizi_owner=user_with_role("petugas_gizi_dinkes", "13.71"),
        gizi_outsider=user_with_role("petugas_gizi_dinkes", "13.06"),
        ids={
            **nutrition_data(),
            **competition_data(owner),
            "commitment": commitment.pk,
            "milestone": milestone.pk,
            "evidence": evidence.pk,
            "stage_change": change.pk,
            "token": token.pk,
            "role_request": role_request.pk,
            "membership": Membership.objects.get(user=owner).pk,
            "job": job_id,
            "owner": owner.pk,
            "region": region("13.71").pk,
        },
    )


def nutrition_data() -> dict[str, int]:
    """Padang's nutrition registers: a child in care, a pregnant mother, a girl, a class."""
    from replika.nutrition.models import ReferralReason
    from replika.nutrition.services import care, education, pregnancy, registers

    today = timezone.localdate()
    puskesmas = make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas Andalas")
    posyandu = make_unit("posyandu", "13.71", "13.71.02.1007", parent=puskesmas, name="Mawar")
    house = make_unit("rumah_gizi", "13.71", "13.71.02", parent=puskesmas, name="RG Andalas")
    # Agam's own posyandu, where Agam's officer registers people (duplicate-check probes).
    agam_puskesmas = make_unit("puskesmas", "13.06", "13.06.02", name="Puskesmas Agam")
    agam_posyandu = make_unit(
        "posyandu", "13.06", "13.06.02", parent=agam_puskesmas, name="Posyandu Agam"
    )
    birth = today - dt.timedelta(days=400)
    child = registers.child_register(
        actor=None,
        unit=posyandu,
        name=MARKERS["child"],
        sex=2,
        birth_date=birth,
        nik=child_nik(birth),
        mother_name=MARKERS["mother"],
    )
    mother = registers.mother_register(
        actor=None, unit=posyandu, name=MARKERS["mother"], nik=MOTHER_NIK
    )
    carrying = pregnancy.pregnancy_open(
        actor=None, mother=mother, last_period=today - dt.timedelta(days=100)
    )
    girl = pregnancy.girl_register(
        actor=None, unit=posyandu, name=MARKERS["girl"], birth_date=dt.date(2012, 1, 1)
    )
    referral = care.referral_open(actor=None, child=child, reason=ReferralReason.TWO_T)
    enrolment = care.enrolment_start(actor=None, child=child, rumah_gizi=house)
    lesson = education.pregnancy_class_create(
        actor=None, unit=puskesmas, held_on=today, topic=MARKERS["class"]
    )
    article = education.article_save(
        actor=None, region=region("13.71"), title=MARKERS["article"], body="Isi", published=False
    )
    return {
        "puskesmas": puskesmas.pk,
        "posyandu": posyandu.pk,
        "agam_posyandu": agam_posyandu.pk,
        "child": child.pk,
        "mother": mother.pk,
        "pregnancy": carrying.pk,
        "girl": girl.pk,
        "referral": referral.pk,
        "enrolment": enrolment.pk,
        "class": lesson.pk,
        "article": article.pk,
    }


def competition_data(owner: Any) -> dict[str, int]:
    """A call open today with Padang's submitted proposal and its attachment."""
    from replika.competition import services as contest
    from tests.competition.conftest import call_data, make_proposal

    organiser = user_with_role("admin_provinsi", "13")
    call = contest.call_create(actor=organiser, **call_data())
    proposal = make_proposal(call, owner, "13.71", MARKERS["proposal"], submit=False)
    attachment = contest.attachment_add(
        actor=owner, proposal=proposal, upload=SimpleUploadedFile("lampiran.pdf", PDF)
    )
    contest.proposal_submit(actor=owner, proposal=proposal)
    return {"call": call.pk, "proposal": proposal.pk, "attachment": attachment.pk}


@dataclass(frozen=True)
class Probe:
    """How to reach one URL with Padang's data, and what the outsider may get."""

    # "detail" and "write": a 404; "list" and "export": no trace of Padang; "batch": the
    # item on Padang's object fails as not found; "public": no personal data for anyone
    kind: str
    path: Callable[[dict[str, int]], str] | None = None
    method: str = "get"
    # The owner sees one of these on the page (proves the probe reaches Padang's data).
    owner_sees: tuple[str, ...] = ()
    # The region's name is a trace too where only Padang's data could put it there.
    name_is_a_trace: bool = False
    reason: str = ""  # for "none": why the URL holds no region data
    # Nutrition pages are probed with the nutrition officers, the rest with the administrators.
    gizi: bool = False
    body: Callable[[dict[str, int]], Any] | None = None  # for "post_json"
    owner_status: int = 200  # what the owner gets on "detail", "list" and "export"


def none(reason: str) -> Probe:
    return Probe(kind="none", reason=reason)


def month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def gizi(kind: str, name: str, *keys: str, method: str = "get", **kw: Any) -> Probe:
    """A nutrition page reached with Padang's objects named by ``keys``."""
    return Probe(
        kind,
        lambda i: reverse(f"nutrition:{name}", args=[i[k] for k in keys]),
        method,
        gizi=True,
        **kw,
    )


def contest(kind: str, name: str, *keys: str, method: str = "get", **kw: Any) -> Probe:
    return Probe(
        kind, lambda i: reverse(f"competition:{name}", args=[i[k] for k in keys]), method, **kw
    )


NUTRITION_PROBES: dict[str, Probe] = {
    "nutrition:calculator": none("a growth calculator; it stores nothing"),
    "nutrition:children": gizi("list", "children", owner_sees=(MARKERS["child"],)),
    "nutrition:child_new": gizi("list", "child_new"),
    "nutrition:child_edit": gizi("detail", "child_edit", "child"),
    "nutrition:mothers": gizi("list", "mothers", owner_sees=(MARKERS["mother"],)),
    "nutrition:mother_new": gizi("list", "mother_new"),
    "nutrition:mother": gizi("detail", "mother", "mother"),
    "nutrition:pregnancy_new": gizi("detail", "pregnancy_new", "mother"),
    "nutrition:pregnancy_visit": gizi("detail", "pregnancy_visit", "pregnancy"),
    "nutrition:girls": gizi("list", "girls", owner_sees=(MARKERS["girl"],)),
    "nutrition:girl_new": gizi("list", "girl_new"),
    "nutrition:girl_screening": gizi("detail", "girl_screening", "girl"),
    "nutrition:girl_refer": gizi("write", "girl_refer", "girl", method="post"),
    # A user of one posyandu goes straight to its session: Padang's, not Agam's.
    "nutrition:sessions": gizi("list", "sessions", owner_status=302),
    "nutrition:session": Probe(
        "detail",
        lambda i: reverse("nutrition:session", args=[i["posyandu"], month()]),
        owner_sees=(MARKERS["child"],),
        gizi=True,
    ),
    "nutrition:session_worker": none("the session's service worker script: code, no data"),
    "nutrition:session_row": Probe(
        "write",
        lambda i: reverse("nutrition:session_row", args=[i["posyandu"], month(), i["child"]]),
        "post",
        gizi=True,
    ),
    "nutrition:referrals": gizi("list", "referrals", owner_sees=(MARKERS["child"],)),
    "nutrition:referral": gizi("detail", "referral", "referral"),
    "nutrition:referral_slip": gizi("detail", "referral_slip", "referral"),
    "nutrition:referral_enrol": gizi("write", "referral_enrol", "referral", method="post"),
    "nutrition:rumah_gizi": gizi("list", "rumah_gizi", owner_sees=(MARKERS["child"],)),
    "nutrition:enrolment": gizi("detail", "enrolment", "enrolment"),
    "nutrition:enrolment_feeding": gizi("write", "enrolment_feeding", "enrolment", method="post"),
    "nutrition:enrolment_weight": gizi("write", "enrolment_weight", "enrolment", method="post"),
    "nutrition:enrolment_exit": gizi("write", "enrolment_exit", "enrolment", method="post"),
    "nutrition:dashboard": gizi("list", "dashboard"),
    "nutrition:dashboard_actions": gizi("list", "dashboard_actions"),
    "nutrition:dashboard_period": gizi("list", "dashboard_period"),
    "nutrition:public": gizi("public", "public"),
    "nutrition:public_csv": gizi("public", "public_csv"),
    "nutrition:imports": gizi("list", "imports"),
    # Confirms only the user's own previewed upload (kept in the session): nothing of Padang.
    "nutrition:import_confirm": gizi("write", "import_confirm", method="post"),
    "nutrition:export": gizi("list", "export"),
    "nutrition:child": gizi("detail", "child", "child"),
    "nutrition:child_refer": gizi("write", "child_refer", "child", method="post"),
    "nutrition:education": gizi("list", "education"),
    "nutrition:article_new": gizi("list", "article_new"),
    "nutrition:article": gizi("detail", "article", "article"),
    "nutrition:article_edit": gizi("detail", "article_edit", "article"),
    "nutrition:pregnancy_classes": gizi(
        "list", "pregnancy_classes", owner_sees=(MARKERS["class"],)
    ),
    "nutrition:pregnancy_class": gizi("detail", "pregnancy_class", "class"),
    "nutrition:whatsapp": gizi("list", "whatsapp"),
    "nutrition:whatsapp_edit": gizi("detail", "whatsapp_edit", "puskesmas"),
    # The batch answers per item: Padang's child is "not found", as a missing one is.
    "POST /api/v1/nutrition/measurements": Probe(
        "batch",
        lambda i: "/api/v1/nutrition/measurements",
        "post_json",
        gizi=True,
        body=lambda i: {
            "items": [
                {
                    "child": i["child"],
                    "visit_date": timezone.localdate().isoformat(),
                    "weight": 9.5,
                    "lenhei": 76,
                }
            ]
        },
    ),
    "GET /api/v1/nutrition/children/{child_id}": Probe(
        "detail", lambda i: f"/api/v1/nutrition/children/{i['child']}", gizi=True
    ),
    "GET /api/v1/nutrition/prevalence/period": Probe(
        "public",
        lambda i: f"/api/v1/nutrition/prevalence/period?wilayah=13.71&from={month()}&to={month()}",
    ),
    "GET /api/v1/nutrition/prevalence": Probe(
        "public", lambda i: f"/api/v1/nutrition/prevalence?wilayah=13.71&period={month()}"
    ),
}

COMPETITION_PROBES: dict[str, Probe] = {
    "competition:calls": contest("list", "calls"),
    "competition:call_new": contest("write", "call_new"),
    "competition:call": contest("list", "call", "call"),
    "competition:call_edit": contest("write", "call_edit", "call"),
    "competition:call_advance": contest("write", "call_advance", "call", method="post"),
    "competition:call_assign": contest("write", "call_assign", "call", method="post"),
    "competition:proposal_new": contest("list", "proposal_new", "call"),
    "competition:proposal": contest(
        "detail", "proposal", "proposal", owner_sees=(MARKERS["proposal"],)
    ),
    "competition:proposal_edit": contest("detail", "proposal_edit", "proposal"),
    "competition:proposal_submit": contest("write", "proposal_submit", "proposal", method="post"),
    "competition:proposal_upload": contest("write", "proposal_upload", "proposal", method="post"),
    "competition:proposal_check": contest("write", "proposal_check", "proposal", method="post"),
    "competition:attachment": contest("detail", "attachment", "attachment"),
    "competition:evaluators": contest("write", "evaluators"),
    # Only evaluators and panelists have a queue; a region's administrator has none.
    "competition:queue": contest("list", "queue", owner_status=404),
    "competition:score": contest("write", "score", "proposal"),
    "competition:panel_score": contest("write", "panel_score", "proposal"),
    "competition:public_results": contest("public", "public_results"),
    "competition:public_result": contest("public", "public_result", "call"),
    "GET /api/v1/competition/calls": Probe("public", lambda i: "/api/v1/competition/calls"),
    "GET /api/v1/competition/calls/{call_id}/ranking": Probe(
        "public", lambda i: f"/api/v1/competition/calls/{i['call']}/ranking"
    ),
}


ALL_MARKERS = tuple(MARKERS.values())
PROBES: dict[str, Probe] = {
    # --- core
    "core:home": Probe("list", lambda i: "/", name_is_a_trace=True),
    "core:front": Probe("public", lambda i: "/publik/"),
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
    "core:role_request_approve": Probe(
        "write", lambda i: f"/pengguna/permintaan/{i['role_request']}/setujui/", "post"
    ),
    "core:role_request_refuse": Probe(
        "write", lambda i: f"/pengguna/permintaan/{i['role_request']}/tolak/", "post"
    ),
    "core:member_import": Probe("list", lambda i: "/pengguna/impor/", name_is_a_trace=True),
    "core:invitation": none("a signed one-time link for one account"),
    "core:units": Probe(
        "list", lambda i: "/fasilitas/", owner_sees=("Mawar",), name_is_a_trace=True
    ),
    "core:unit_new": Probe(
        "list", lambda i: "/fasilitas/baru/", owner_sees=("Mawar",), name_is_a_trace=True
    ),
    "core:unit_import": Probe("list", lambda i: "/fasilitas/impor/", name_is_a_trace=True),
    "core:unit_edit": Probe("detail", lambda i: f"/fasilitas/{i['posyandu']}/ubah/"),
    "core:unit_deactivate": Probe(
        "write", lambda i: f"/fasilitas/{i['posyandu']}/nonaktifkan/", "post"
    ),
    "core:unit_activate": Probe("write", lambda i: f"/fasilitas/{i['posyandu']}/aktifkan/", "post"),
    "core:job": Probe("detail", lambda i: f"/tugas/{i['job']}/"),
    "core:job_progress": Probe("detail", lambda i: f"/tugas/{i['job']}/progres/"),
    "core:job_download": Probe("detail", lambda i: f"/tugas/{i['job']}/unduh/"),
    "core:job_retry": Probe("write", lambda i: f"/tugas/{i['job']}/ulangi/", "post"),
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
    "audit of a Padang child": Probe(
        "list",
        lambda i: f"/audit/?model=nutrition.child&object={i['child']}",
        owner_sees=(str(humanize.action_label("child.register", "nutrition.child")),),
    ),
    # --- nutrition (Padang's nutrition officer owns, Agam's is the outsider)
    **NUTRITION_PROBES,
    # --- competition (Padang's administrator drafts the proposal, Agam's is the outsider)
    **COMPETITION_PROBES,
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


PROBED_APPS = ("core", "replication", "nutrition", "competition")
API_GROUPS = ("regions", "me", "jobs", "replication", "nutrition", "competition")


def test_every_url_and_api_operation_of_the_probed_apps_is_probed():
    names = [n for n in url_names(get_resolver().url_patterns) if n.split(":")[0] in PROBED_APPS]
    operations = [op for op in api_operations() if op.split(" ", 1)[1].split("/")[3] in API_GROUPS]
    missing = sorted(set(names + operations) - set(PROBES))
    assert not missing, f"add these to PROBES (how to reach them with Padang's data): {missing}"


def fetch(client: Client, probe: Probe, ids: dict[str, int]) -> Any:
    path = probe.path(ids)
    if probe.method == "post_json":
        return client.post(path, data=json.dumps(probe.body(ids)), content_type="application/json")
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
    if probe.kind == "public":
        for who in (None, padang.outsider, padang.gizi_outsider):
            client = Client()
            if who is not None:
                client.force_login(who)
            answer = fetch(client, probe, padang.ids)
            assert answer.status_code in (200, 404), f"{name} answered {answer.status_code}"
            seen = readable(answer, pdf_sources)
            shown = [text for text in PERSONAL if text in seen]
            assert not shown, f"the public {name} shows personal data: {shown}"
        return
    owner_user, outsider_user = (
        (padang.gizi_owner, padang.gizi_outsider) if probe.gizi else (padang.owner, padang.outsider)
    )
    owner = fetch_as(owner_user, probe, padang.ids, django_capture_on_commit_callbacks)
    if probe.kind in ("detail", "list", "export"):
        assert owner.status_code == probe.owner_status, (
            f"the owner cannot open {name}: {owner.status_code}"
        )
        seen = readable(owner, pdf_sources)
        for text in probe.owner_sees:
            assert text in seen, f"the probe does not reach Padang's data: {text!r} missing"
    pdf_sources.clear()

    outsider = fetch_as(outsider_user, probe, padang.ids, django_capture_on_commit_callbacks)

    if probe.kind == "batch":
        assert outsider.status_code == 200, f"{name} answered {outsider.status_code}"
        (result,) = outsider.json()["results"]
        assert not result["ok"]
        assert result["errors"] == [{"field": "child", "message": "Not found."}]
        return
    if probe.kind in ("detail", "write"):
        assert outsider.status_code == 404, f"{name} answered {outsider.status_code}"
        return
    assert outsider.status_code in (200, 302, 404), f"{name} answered {outsider.status_code}"
    if outsider.status_code == 302:
        # Only to a page of the outsider's own (Agam's one posyandu), never to Padang's.
        hops = outsider["Location"].split("/")
        assert str(padang.ids["posyandu"]) not in hops, f"{name} sends Agam to Padang"
    seen = readable(outsider, pdf_sources)
    leaks = [text for text in ALL_MARKERS if text in seen]
    if probe.name_is_a_trace or probe.kind == "export":
        leaks += [REGION_NAME] if re.search(rf"{REGION_NAME}(?! Panjang)", seen) else []
    assert not leaks, f"{name} shows Agam's administrator Padang's {leaks}"


def padang_state(padang: Padang) -> tuple[Any, ...]:
    from replika.competition.models import Attachment, Proposal
    from replika.nutrition.models import Measurement, Referral, RumahGiziEnrolment

    return (
        ApiToken.objects.filter(pk=padang.ids["token"], revoked_at__isnull=True).count(),
        Membership.objects.filter(pk=padang.ids["membership"]).count(),
        list(RoleRequest.objects.values_list("pk", "status")),
        Membership.objects.count(),
        Measurement.objects.count(),
        list(Referral.objects.values_list("pk", "status")),
        list(RumahGiziEnrolment.objects.values_list("pk", "status")),
        list(Proposal.objects.values_list("pk", "status", "title")),
        Attachment.objects.count(),
        list(Unit.objects.order_by("pk").values_list("pk", "active", "name")),
    )


def test_outsiders_writes_change_nothing(padang):
    """The 404s above are not after the fact: nothing of Padang changed."""
    before = padang_state(padang)
    for name in [n for n, p in PROBES.items() if p.kind in ("write", "batch")]:
        probe = PROBES[name]
        client = padang.client(padang.gizi_outsider if probe.gizi else padang.outsider)
        fetch(client, probe, padang.ids)
    assert padang_state(padang) == before


# --- derived paths: the audit trail and job files ---------------------------------------------

AUDIT_PATHS = (
    lambda i: "/",
    lambda i: "/audit/",
    lambda i: "/audit/?model=nutrition.child",
    lambda i: f"/audit/?model=nutrition.child&object={i['child']}",
    lambda i: f"/audit/?model=nutrition.mother&object={i['mother']}",
    lambda i: f"/audit/?model=nutrition.adolescentgirl&object={i['girl']}",
    lambda i: f"/audit/?model=nutrition.referral&object={i['referral']}",
)


def test_the_audit_trail_shows_no_one_without_the_personal_permission_a_name(padang):
    """Padang's own administrator reads the trail of Padang but not who the children are."""
    for who in (padang.owner, padang.outsider, padang.gizi_outsider):
        client = padang.client(who)
        for path in AUDIT_PATHS:
            answer = client.get(path(padang.ids))
            assert answer.status_code in (200, 404), path(padang.ids)
            shown = [text for text in PERSONAL if text in answer.content.decode()]
            assert not shown, f"{path(padang.ids)} shows {who} {shown}"
    trail = padang.client(padang.owner).get("/audit/?model=nutrition.child").content.decode()
    # The owner does see that the change happened.
    assert str(humanize.action_label("child.register", "nutrition.child")) in trail


def test_a_job_file_closes_when_its_owner_loses_the_role(padang):
    download = f"/tugas/{padang.ids['job']}/unduh/"
    assert padang.client(padang.owner).get(download).status_code == 200
    assert padang.client(padang.outsider).get(download).status_code == 404
    Membership.objects.filter(user=padang.owner).delete()
    assert padang.client(padang.owner).get(download).status_code == 404


# --- derived paths: duplicate-check messages --------------------------------------------------

# What a refusal to Agam's officer must never contain: Padang's place, people or region.
PADANG_TRACES = ("Mawar", "Andalas", REGION_NAME, "13.71", MARKERS["child"], MARKERS["mother"])


def _duplicate_attempt(padang: Padang, who: Any, unit_key: str, channel: str, run_jobs: Any):
    """``who`` registers Padang's child or mother again at the unit ``unit_key``; the answer's
    text (page, or the import job's message and bad-rows file) and how many rows exist."""
    from bench.eppgbm_sample import CHILD_HEADERS, to_csv

    from replika.nutrition.models import Child

    client = padang.client(who)
    unit = padang.ids[unit_key]
    child = Child.objects.get(pk=padang.ids["child"])
    birth = child.birth_date.isoformat()
    if channel == "child form":
        answer = client.post(
            reverse("nutrition:child_new"),
            {
                "unit": unit,
                "name": "Anak Lain",
                "sex": "2",
                "birth_date": birth,
                "nik": child.nik,
                "mother_name": "Ibu Lain",
            },
        )
        return answer.status_code, answer.content.decode()
    if channel == "mother form":
        answer = client.post(
            reverse("nutrition:mother_new"), {"unit": unit, "name": "Ibu Lain", "nik": MOTHER_NIK}
        )
        return answer.status_code, answer.content.decode()
    if channel == "child edit form":
        own = Child.objects.get(unit_id=unit, name="Anak Sendiri")
        answer = client.post(
            reverse("nutrition:child_edit", args=[own.pk]),
            {
                "unit": unit,
                "name": "Anak Sendiri",
                "sex": "2",
                "birth_date": birth,
                "nik": child.nik,
                "mother_name": "Ibu Sendiri",
                "active": "on",
            },
        )
        return answer.status_code, answer.content.decode()
    assert channel == "children import"
    unit_name = "Mawar" if unit == padang.ids["posyandu"] else "Posyandu Agam"
    row = ["", child.nik, "Anak Lain", birth, "P", 1, "3.1", "49.0", "", "Ibu Lain", "", unit_name]
    with run_jobs(execute=True):
        started = client.post(
            reverse("nutrition:imports"),
            {
                "kind": "children",
                "file": SimpleUploadedFile("anak.csv", to_csv(CHILD_HEADERS, [[*row, ""]])),
            },
        )
    job = int(re.search(r"/tugas/(\d+)/", started["Location"])[1])
    shown = client.get(f"/tugas/{job}/").content.decode()
    problems = client.get(f"/tugas/{job}/unduh/")
    shown += text_of(problems) if problems.status_code == 200 else ""
    shown += client.get(f"/api/v1/jobs/{job}").content.decode()
    return 200, shown


DUPLICATE_CHANNELS = ("child form", "mother form", "child edit form", "children import")


@pytest.mark.parametrize("channel", DUPLICATE_CHANNELS)
def test_a_duplicate_in_another_region_is_refused_without_naming_it(
    padang, django_capture_on_commit_callbacks, channel
):
    from replika.core.models import AuditEvent, Unit
    from replika.nutrition.models import Child, Mother
    from replika.nutrition.services import registers
    from replika.nutrition.services.duplicates import AUDIT_ACTION

    run = django_capture_on_commit_callbacks
    if channel == "child edit form":
        for key in ("posyandu", "agam_posyandu"):  # each side edits a child of its own
            registers.child_register(
                actor=None,
                unit=Unit.objects.get(pk=padang.ids[key]),
                name="Anak Sendiri",
                sex=2,
                birth_date=Child.objects.get(pk=padang.ids["child"]).birth_date,
            )
    counts = (Child.objects.count(), Mother.objects.count())
    if channel != "children import":  # (a re-import by the owner updates the child)
        # Padang's own officer is told where (the probe reaches the duplicate check) …
        _code, owner_sees = _duplicate_attempt(padang, padang.gizi_owner, "posyandu", channel, run)
        assert "Mawar" in owner_sees, f"{channel}: the owner is not told where"
    # … Agam's officer only that the person may be registered elsewhere.
    status, seen = _duplicate_attempt(padang, padang.gizi_outsider, "agam_posyandu", channel, run)
    assert status in (200, 422), f"{channel} answered {status}"
    assert "wilayah lain" in seen or "another area" in seen, f"{channel}: no vague refusal"
    leaks = [trace for trace in PADANG_TRACES if trace in seen]
    assert not leaks, f"{channel} tells Agam's officer {leaks}"
    assert (Child.objects.count(), Mother.objects.count()) == counts, f"{channel} wrote a row"
    assert AuditEvent.objects.filter(action=AUDIT_ACTION, actor=padang.gizi_outsider).exists()


# --- derived paths: public figures at every level ---------------------------------------------


def _small_numbers(value: Any, path: str = "") -> list[str]:
    """Where a JSON answer shows a count below the public minimum (zero included)."""
    if isinstance(value, dict):
        return [hit for k, v in value.items() for hit in _small_numbers(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [hit for i, v in enumerate(value) for hit in _small_numbers(v, f"{path}[{i}]")]
    if isinstance(value, bool) or not isinstance(value, int):
        return []
    return [f"{path}={value}"] if value < 10 else []


@pytest.fixture
def padang_figures(padang, settings):
    """Padang's summaries computed (one child: every count is below the public minimum)."""
    from decimal import Decimal

    from replika.nutrition.models import Child
    from replika.nutrition.services.measurements import measurement_record
    from replika.nutrition.services.summaries import summaries_rebuild

    settings.REPLIKA_PUBLIC_MIN_CELL = 10
    measurement_record(
        actor=None,
        child=Child.objects.get(pk=padang.ids["child"]),
        visit_date=last_month().replace(day=10),  # public figures are of complete months
        weight=Decimal("7.0"),  # a wasted, stunted girl of a year
        lenhei=Decimal("68.0"),
    )
    summaries_rebuild()
    return padang


def last_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


PUBLIC_LEVELS = {
    "province": "13",
    "kab/kota": "13.71",
    "kecamatan": "13.71.02",
    "kelurahan": "13.71.02.1007",
    "posyandu": "u{posyandu}",
}


@pytest.mark.parametrize("level", PUBLIC_LEVELS)
def test_public_figures_of_every_level_withhold_small_cells_from_everyone(padang_figures, level):
    from replika.nutrition.models import NutritionSummary

    scope = PUBLIC_LEVELS[level].format(**padang_figures.ids)
    period = last_month()
    exact = NutritionSummary.objects.get(period=period, scope=scope)
    assert (exact.s_toddlers, exact.stunted) == (1, 1)  # the true counts behind the figures
    for who in (None, padang_figures.outsider, padang_figures.gizi_outsider):
        client = Client()
        if who is not None:
            client.force_login(who)
        answer = client.get(f"/api/v1/nutrition/prevalence?wilayah={scope}&period={period:%Y-%m}")
        if level in ("kelurahan", "posyandu"):
            # No level below the kecamatan for the public: refused, not answered.
            assert answer.status_code in (404, 422), f"{level} answered {answer.status_code}"
            assert "Mawar" not in answer.content.decode()
            continue
        assert answer.status_code == 200, f"{level} answered {answer.status_code}"
        body = answer.json()
        assert body["skdn"]["suppressed"] is True
        assert not _small_numbers({k: v for k, v in body.items() if k != "min_cell"})
        page = client.get(f"/gizi/publik/?bulan={period:%Y-%m}&tempat={scope}").content.decode()
        assert "&lt; 10" in page  # Padang's row, withheld
        assert "Mawar" not in page
        assert not any(text in page for text in PERSONAL)
