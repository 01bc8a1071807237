"""The commitment lifecycle, the action plan, mentoring, and the monitoring matrix."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from replika.replication import rules, selectors, services
from replika.replication.models import Milestone, MilestoneEvidence, Stage, StageChange
from tests.factories import make_commitment, user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# --- pure rules


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        (Stage.IDENTIFIED, [Stage.COMMITTED, Stage.STOPPED]),
        (Stage.COMMITTED, [Stage.ADAPTING, Stage.IDENTIFIED, Stage.STOPPED]),
        (Stage.LAUNCHED, [Stage.INSTITUTIONALISED, Stage.PILOTING, Stage.STOPPED]),
        (Stage.INSTITUTIONALISED, [Stage.LAUNCHED, Stage.STOPPED]),
        (Stage.STOPPED, [Stage.COMMITTED]),
    ],
)
def test_allowed_transitions(current, allowed):
    assert rules.allowed_next(current) == allowed


def test_skipping_stages_and_silent_stops_are_refused():
    assert rules.transition_problem(Stage.COMMITTED, Stage.LAUNCHED, "")
    assert rules.transition_problem(Stage.COMMITTED, Stage.STOPPED, "  ")
    assert rules.transition_problem(Stage.COMMITTED, Stage.COMMITTED, "")
    assert rules.transition_problem(Stage.COMMITTED, Stage.ADAPTING, "") == ""


# --- services


def test_transition_keeps_a_dated_attributed_history_with_evidence(world):
    letter = SimpleUploadedFile("../../surat komitmen.pdf", PDF, content_type="application/pdf")
    services.commitment_transition(
        actor=world.owner,
        commitment=world.plan,
        to_stage=Stage.ADAPTING,
        on=dt.date(2022, 2, 1),
        note="Perwali disiapkan",
        evidence=letter,
    )
    world.plan.refresh_from_db()
    assert (world.plan.stage, world.plan.stage_since) == (Stage.ADAPTING, dt.date(2022, 2, 1))
    change = StageChange.objects.get(commitment=world.plan)
    assert (change.from_stage, change.to_stage, change.by) == (
        Stage.COMMITTED,
        Stage.ADAPTING,
        world.owner,
    )
    assert change.evidence_name == "surat komitmen.pdf"
    assert "surat" not in change.evidence.name  # stored under a generated name
    assert ".." not in change.evidence.name


@pytest.mark.parametrize(
    ("to_stage", "on", "field"),
    [
        (Stage.LAUNCHED, None, "to_stage"),  # skipping stages
        (Stage.ADAPTING, dt.date(2999, 1, 1), "on"),  # the future
        (Stage.ADAPTING, dt.date(2020, 1, 1), "on"),  # before the current stage began
    ],
)
def test_bad_transitions_are_refused_by_field(world, to_stage, on, field):
    with pytest.raises(ValidationError) as info:
        services.commitment_transition(
            actor=world.owner, commitment=world.plan, to_stage=to_stage, on=on
        )
    assert field in info.value.message_dict
    world.plan.refresh_from_db()
    assert world.plan.stage == Stage.COMMITTED
    assert not StageChange.objects.filter(commitment=world.plan).exists()


@pytest.mark.parametrize(
    ("name", "content", "message_part"),
    [
        ("letter.pdf", b"MZ\x90\x00 not a pdf", "PDF"),
        ("photo.pdf", PNG, "extension"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_evidence_of_the_wrong_kind_is_refused(world, name, content, message_part):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as info:
        services.commitment_transition(
            actor=world.owner, commitment=world.plan, to_stage=Stage.ADAPTING, evidence=upload
        )
    assert message_part in " ".join(info.value.message_dict["evidence"])


def test_oversized_evidence_is_refused(world):
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    milestone = services.milestone_create(
        actor=world.owner,
        commitment=world.plan,
        title="Perwali",
        owner="Bagian Hukum",
        due_on=dt.date(2022, 3, 1),
    )
    with pytest.raises(ValidationError) as info:
        services.milestone_evidence_add(actor=world.owner, milestone=milestone, upload=upload)
    assert "file" in info.value.message_dict
    assert not MilestoneEvidence.objects.exists()


def test_mentoring_follow_ups_become_milestones(world):
    session = services.mentoring_log(
        actor=world.member,
        commitment=world.plan,
        held_on=dt.date(2021, 10, 1),
        topics="Desain kelas filial",
        participants="Disdik, Bappeda",
        follow_ups="Draf Perwali; Bagian Hukum; 2021-12-01\nSurvei ATS\n",
    )
    milestones = list(Milestone.objects.filter(from_session=session).order_by("title"))
    assert [(m.title, m.owner, m.due_on) for m in milestones] == [
        ("Draf Perwali", "Bagian Hukum", dt.date(2021, 12, 1)),
        ("Survei ATS", "region team", dt.date(2021, 10, 31)),
    ]


def test_mentoring_follow_up_with_a_bad_date_names_the_line(world):
    with pytest.raises(ValidationError) as info:
        services.mentoring_log(
            actor=world.member,
            commitment=world.plan,
            held_on=dt.date(2021, 10, 1),
            topics="x",
            follow_ups="ok\nDraf; Hukum; 01/12/2021",
        )
    assert "Line 2" in info.value.message_dict["follow_ups"][0]


def test_overdue_and_done_milestones(world, province_admin):
    today = timezone.localdate()
    late = services.milestone_create(
        actor=world.owner,
        commitment=world.plan,
        title="Late",
        owner="X",
        due_on=today - dt.timedelta(days=3),
    )
    done = services.milestone_create(
        actor=world.owner,
        commitment=world.plan,
        title="Done",
        owner="X",
        due_on=today - dt.timedelta(days=3),
    )
    services.milestone_update(
        actor=world.owner,
        milestone=done,
        title="Done",
        owner="X",
        due_on=done.due_on,
        status="done",
    )
    done.refresh_from_db()
    assert done.done_on == today
    assert list(selectors.overdue_milestones(user=province_admin)) == [late]
    assert list(selectors.overdue_milestones(user=user_with_role("admin_daerah", "13.06"))) == []


# --- pages and access


def test_region_admin_moves_own_commitment_through_the_page(client_for, world):
    response = client_for(world.owner).post(
        reverse("replication:transition", args=[world.plan.pk]), {"to_stage": "adapting"}
    )
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.stage == Stage.ADAPTING


@pytest.mark.parametrize("who", ["agam_admin", "mentor", "nobody"])
def test_others_cannot_move_the_stage(client_for, request, world, who):
    client = client_for(request.getfixturevalue(who))
    response = client.post(
        reverse("replication:transition", args=[world.plan.pk]), {"to_stage": "adapting"}
    )
    assert response.status_code == 404
    world.plan.refresh_from_db()
    assert world.plan.stage == Stage.COMMITTED


def test_mentor_logs_mentoring_but_region_admin_cannot(client_for, world):
    url = reverse("replication:mentoring_new", args=[world.plan.pk])
    data = {"held_on": "2021-10-01", "topics": "Rencana aksi"}
    assert client_for(world.member).post(url, data).status_code == 302
    assert client_for(world.owner).post(url, data).status_code == 404


def test_milestone_pages_and_evidence_download_are_scoped(client_for, world):
    milestone = services.milestone_create(
        actor=world.owner,
        commitment=world.plan,
        title="Perwali",
        owner="Hukum",
        due_on=dt.date(2022, 1, 1),
    )
    upload = SimpleUploadedFile("perwali.pdf", PDF)
    evidence = services.milestone_evidence_add(
        actor=world.owner, milestone=milestone, upload=upload
    )
    own, other = client_for(world.owner), client_for(world.outsider)
    assert own.get(reverse("replication:milestone", args=[milestone.pk])).status_code == 200
    assert other.get(reverse("replication:milestone", args=[milestone.pk])).status_code == 404
    download = own.get(reverse("replication:evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert other.get(reverse("replication:evidence", args=[evidence.pk])).status_code == 404
    # Mentors read and comment, but do not edit or upload.
    reader = client_for(world.member)
    assert (
        reader.post(
            reverse("replication:milestone_comment", args=[milestone.pk]), {"body": "Bagus"}
        ).status_code
        == 302
    )
    assert milestone.comments.get().author == world.member
    assert (
        reader.post(
            reverse("replication:milestone_evidence", args=[milestone.pk]),
            {"file": SimpleUploadedFile("x.pdf", PDF)},
        ).status_code
        == 404
    )


def test_matrix_shows_every_region_to_the_province_and_one_to_a_region(
    client_for, province_admin, world
):
    services.mentoring_log(
        actor=world.member, commitment=world.plan, held_on=dt.date(2021, 10, 1), topics="x"
    )
    response = client_for(province_admin).get(reverse("replication:matrix"))
    rows = response.context["rows"]
    assert len(rows) == 19
    padang = next(r for r in rows if r.region.code == "13.71")
    cell = next(c for c in padang.cells if c.commitment == world.plan)
    assert cell.last_mentoring == dt.date(2021, 10, 1)
    own_rows = client_for(world.owner).get(reverse("replication:matrix")).context["rows"]
    assert [r.region.code for r in own_rows] == ["13.71"]


def test_matrix_runs_a_bounded_number_of_queries(
    client_for, province_admin, django_assert_max_num_queries
):
    for code in ("13.71", "13.06", "13.72", "13.73", "13.74", "13.75"):
        make_commitment(code, "poltabes", Stage.COMMITTED)
    client = client_for(province_admin)
    with django_assert_max_num_queries(20):
        client.get(reverse("replication:matrix"))


def test_matrix_exports_to_excel(client_for, province_admin, world):
    response = client_for(province_admin).get(reverse("replication:matrix_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] in {"Region", "Daerah"}
    assert len(rows) == 20


def test_matrix_api_lists_commitments_with_overdue_counts(client_for, world):
    services.milestone_create(
        actor=world.owner,
        commitment=world.plan,
        title="Late",
        owner="X",
        due_on=dt.date(2022, 1, 1),
    )
    body = client_for(world.owner).get("/api/v1/replication/matrix").json()
    assert [(i["region"], i["innovation"], i["stage"], i["overdue_milestones"]) for i in body] == [
        ("13.71", "poltabes", "committed", 1)
    ]


def test_matrix_api_needs_authentication(client):
    assert client.get("/api/v1/replication/matrix").status_code == 401


def test_settings_reasons_are_kept_only_for_modified_settings(padang_admin):
    c = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    services.commitment_settings_update(
        actor=padang_admin,
        commitment=c,
        data={"report_deadline_day": 5},
        reasons={
            "report_deadline_day": "Rapat lintas sektor tanggal 6",
            "rumah_gizi": "not modified, dropped",
        },
    )
    c.refresh_from_db()
    assert c.settings_reasons == {"report_deadline_day": "Rapat lintas sektor tanggal 6"}


def test_region_page_and_reports_for_the_region_and_404_for_others(
    client_for, province_admin, world
):
    own = client_for(world.owner)
    assert own.get(reverse("replication:region", args=["13.71"])).status_code == 200
    pdf = own.get(reverse("replication:region_pdf", args=["13.71"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    xlsx = own.get(reverse("replication:region_xlsx", args=["13.71"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 3
    other = client_for(world.outsider)
    for name in ("replication:region", "replication:region_pdf", "replication:region_xlsx"):
        assert other.get(reverse(name, args=["13.71"])).status_code == 404
    assert (
        client_for(province_admin).get(reverse("replication:region", args=["13.71"])).status_code
        == 200
    )
    assert own.get(reverse("replication:region", args=["99.99"])).status_code == 404


def test_matrix_pdf_for_the_ministry(client_for, world):
    response = client_for(world.member).get(reverse("replication:matrix_pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_matrix_pages_are_404_without_a_replication_role(client_for, nobody):
    client = client_for(nobody)
    for name in (
        "replication:matrix",
        "replication:matrix_xlsx",
        "replication:matrix_pdf",
        "replication:overdue",
    ):
        assert client.get(reverse(name)).status_code == 404


def test_province_adds_a_candidate_innovation_and_regions_only_read(
    client_for, province_admin, padang_admin
):
    from replika.replication.models import Innovation

    data = {
        "acronym": "Si Cantik",
        "name": "Sistem Informasi Cantik",
        "origin_region": "Kota X",
        "owner_agency": "Diskominfo",
        "summary": "Kandidat FGD 2021",
    }
    assert (
        client_for(padang_admin).post(reverse("replication:innovations"), data).status_code == 404
    )
    response = client_for(province_admin).post(reverse("replication:innovations"), data)
    assert response.status_code == 302
    added = Innovation.objects.get(acronym="Si Cantik")
    assert (added.code, added.module_code) == ("si-cantik", "")
    again = client_for(province_admin).post(reverse("replication:innovations"), data)
    assert again.status_code == 422
    assert "acronym" in again.context["form"].errors
    listing = client_for(padang_admin).get(reverse("replication:innovations"))
    assert "Si Cantik" in listing.content.decode()


def test_a_new_modification_needs_its_reason_and_nothing_is_stored_without_it(padang_admin):
    c = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    with pytest.raises(ValidationError) as refused:
        services.commitment_settings_update(
            actor=padang_admin, commitment=c, data={"report_deadline_day": 5}
        )
    assert "report_deadline_day__reason" in refused.value.message_dict
    c.refresh_from_db()
    assert c.settings == {}


def test_an_unchanged_modification_keeps_its_reason_without_retyping_it(padang_admin):
    c = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    services.commitment_settings_update(
        actor=padang_admin,
        commitment=c,
        data={"report_deadline_day": 5},
        reasons={"report_deadline_day": "Rapat lintas sektor tanggal 6"},
    )
    services.commitment_settings_update(
        actor=padang_admin,
        commitment=c,
        data={"report_deadline_day": 5, "kek_lila_cm": 23.0},
        reasons={"kek_lila_cm": "Data Riskesdas daerah"},
    )
    c.refresh_from_db()
    assert c.settings_reasons == {
        "report_deadline_day": "Rapat lintas sektor tanggal 6",
        "kek_lila_cm": "Data Riskesdas daerah",
    }


def test_rumah_gizi_cannot_be_switched_off_while_children_are_in_it(padang_admin):
    from replika.nutrition.models import RumahGiziStatus
    from tests.nutrition.factories import RumahGiziEnrolmentFactory

    c = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    enrolment = RumahGiziEnrolmentFactory()
    assert enrolment.region.code == "13.71"
    off = {"rumah_gizi": False}
    why = {"rumah_gizi": "Dialihkan ke puskesmas"}
    with pytest.raises(ValidationError) as refused:
        services.commitment_settings_update(actor=padang_admin, commitment=c, data=off, reasons=why)
    assert "rumah_gizi" in refused.value.message_dict
    c.refresh_from_db()
    assert c.settings == {}

    enrolment.status = RumahGiziStatus.GRADUATED
    enrolment.save()
    services.commitment_settings_update(actor=padang_admin, commitment=c, data=off, reasons=why)
    c.refresh_from_db()
    assert c.settings == {"rumah_gizi": False}
