"""Services: weights per field, deadlines, conflicts of interest, top N and the final ranking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from replika.competition import selectors, services
from replika.competition.models import (
    AdminCheck,
    Assignment,
    CallStage,
    Proposal,
    ProposalStatus,
)
from replika.core.models import AuditEvent, Membership
from tests.competition.conftest import (
    call_data,
    flat,
    make_evaluator,
    make_panelist,
    make_proposal,
    to_evaluation,
)
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_call_with_weights_not_adding_to_100_is_refused_per_field(province_admin):
    weights = {**call_data()["weights"], "novelty": 20, "resources": 101}
    with pytest.raises(ValidationError) as exc:
        services.call_create(actor=province_admin, **call_data(weights=weights))
    assert set(exc.value.message_dict) == {"weight_resources"}
    weights["resources"] = 5
    with pytest.raises(ValidationError) as exc:
        services.call_create(actor=province_admin, **call_data(weights=weights))
    assert set(exc.value.message_dict) == {"weights"}


def test_call_deadlines_must_follow_each_other(province_admin):
    data = call_data(evaluation_deadline=TODAY, proposal_deadline=TODAY + dt.timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        services.call_create(actor=province_admin, **data)
    assert "evaluation_deadline" in exc.value.message_dict


def test_call_creation_is_audited(call):
    assert AuditEvent.objects.filter(action="competition.call.create", object_id=call.pk).exists()


def test_proposal_after_the_deadline_is_refused(call, padang_admin):
    late = call.proposal_deadline + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(
            actor=padang_admin,
            call=call,
            region=padang_admin.memberships.get().wilayah,
            today=late,
            title="Terlambat",
            unit_name="Dinas",
            group="umum",
            sections={},
        )
    assert "deadline" in str(exc.value)


def test_proposal_is_editable_on_the_deadline_and_frozen_after(call, padang_admin):
    proposal = make_proposal(call, padang_admin, "13.71", "Tepat waktu")
    fields = {
        "title": "Diubah",
        "unit_name": "Dinas",
        "group": "umum",
        "sections": proposal.sections,
        "video_url": "",
    }
    services.proposal_update(
        actor=padang_admin, proposal=proposal, today=call.proposal_deadline, **fields
    )
    with pytest.raises(ValidationError) as exc:
        services.proposal_update(
            actor=padang_admin,
            proposal=proposal,
            today=call.proposal_deadline + dt.timedelta(days=1),
            **{**fields, "title": "Terlambat"},
        )
    assert "frozen" in " ".join(exc.value.messages)
    proposal.refresh_from_db()
    assert proposal.title == "Diubah"


def test_proposal_is_frozen_once_the_call_leaves_the_proposal_stage(
    call, padang_admin, province_admin
):
    proposal = make_proposal(call, padang_admin, "13.71", "Beku")
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    with pytest.raises(ValidationError):
        services.proposal_submit(actor=padang_admin, proposal=proposal)


def test_video_link_must_be_a_web_address(call, padang_admin):
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(
            actor=padang_admin,
            call=call,
            region=padang_admin.memberships.get().wilayah,
            title="Video",
            unit_name="Dinas",
            group="umum",
            sections={},
            video_url="javascript:alert(1)",
        )
    assert set(exc.value.message_dict) == {"video_url"}


def test_incomplete_proposal_cannot_be_submitted(call, padang_admin):
    proposal = make_proposal(call, padang_admin, "13.71", "Kosong", submit=False)
    proposal.sections = {**proposal.sections, "novelty": ""}
    proposal.save()
    with pytest.raises(ValidationError) as exc:
        services.proposal_submit(actor=padang_admin, proposal=proposal)
    assert set(exc.value.message_dict) == {"section_novelty"}


def test_evaluation_waits_for_every_administrative_check(call, padang_admin, province_admin):
    make_proposal(call, padang_admin, "13.71", "Belum diperiksa")
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    with pytest.raises(ValidationError):
        services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    assert call.stage == CallStage.ADMIN_CHECK


def test_failed_check_needs_a_note(call, padang_admin, province_admin):
    proposal = make_proposal(call, padang_admin, "13.71", "Gagal")
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    with pytest.raises(ValidationError) as exc:
        services.proposal_check(actor=province_admin, proposal=proposal, passed=False, note="")
    assert set(exc.value.message_dict) == {"note"}
    services.proposal_check(
        actor=province_admin, proposal=proposal, passed=False, note="Lampiran kurang"
    )
    assert proposal.admin_check == AdminCheck.FAILED


def test_evaluator_from_the_proposing_region_is_refused(call, padang_admin, province_admin):
    proposal = make_proposal(call, padang_admin, "13.71", "Konflik")
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    from_padang = make_evaluator("13.71")
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(actor=province_admin, proposal=proposal, evaluator=from_padang)
    assert set(exc.value.message_dict) == {"evaluator"}
    assert not Assignment.objects.exists()


def test_auto_assignment_skips_conflicted_evaluators(
    call, padang_admin, agam_admin, province_admin
):
    padang = make_proposal(call, padang_admin, "13.71", "Padang")
    agam = make_proposal(call, agam_admin, "13.06", "Agam")
    from_padang, from_agam = make_evaluator("13.71"), make_evaluator("13.06")
    outsider = make_evaluator(None)
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    created = services.assignments_auto(actor=province_admin, call=call, per_proposal=3)
    assert created == 4
    assert set(padang.assignments.values_list("evaluator", flat=True)) == {
        from_agam.pk,
        outsider.pk,
    }
    assert set(agam.assignments.values_list("evaluator", flat=True)) == {
        from_padang.pk,
        outsider.pk,
    }
    assert Assignment.objects.get(proposal=padang, evaluator=from_agam).evaluator_region.code == (
        "13.06"
    )


def test_registering_an_evaluator_grants_the_province_wide_role(db):
    user = make_evaluator("13.71")
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.wilayah.code) == ("evaluator", "13")
    assert user.evaluator.home_region.code == "13.71"


def _scored_call(call, province_admin, padang_admin, agam_admin):
    """Three proposals scored by one outside evaluator: 90, 70 and 80."""
    proposals = [
        make_proposal(call, padang_admin, "13.71", "A"),
        make_proposal(call, agam_admin, "13.06", "B"),
        make_proposal(call, padang_admin, "13.71", "C"),
    ]
    evaluator = make_evaluator(None)
    to_evaluation(call, province_admin)
    for proposal, value in zip(proposals, (90, 70, 80), strict=True):
        assignment = services.assignment_create(
            actor=province_admin, proposal=proposal, evaluator=evaluator
        )
        services.scores_submit(
            actor=evaluator, assignment=assignment, scores=flat(value), comments={}
        )
    return proposals, evaluator


def test_scoring_after_the_evaluation_deadline_is_refused(
    call, province_admin, padang_admin, agam_admin
):
    proposals, evaluator = _scored_call(call, province_admin, padang_admin, agam_admin)
    assignment = Assignment.objects.get(proposal=proposals[0])
    with pytest.raises(ValidationError) as exc:
        services.scores_submit(
            actor=evaluator,
            assignment=assignment,
            scores=flat(10),
            comments={},
            today=call.evaluation_deadline + dt.timedelta(days=1),
        )
    assert "closed" in " ".join(exc.value.messages)
    assert selectors.scores_of(assignment)["novelty"].value == 90


def test_only_the_assigned_evaluator_scores(call, province_admin, padang_admin, agam_admin):
    proposals, _evaluator = _scored_call(call, province_admin, padang_admin, agam_admin)
    other = make_evaluator(None)
    with pytest.raises(ValidationError):
        services.scores_submit(
            actor=other,
            assignment=Assignment.objects.get(proposal=proposals[0]),
            scores=flat(1),
            comments={},
        )


def test_closing_the_evaluation_ranks_and_sends_top_n_to_presentation(
    call, province_admin, padang_admin, agam_admin
):
    _scored_call(call, province_admin, padang_admin, agam_admin)
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    ranked = {p.title: p for p in Proposal.objects.filter(call=call)}
    assert (ranked["A"].evaluation_rank, ranked["C"].evaluation_rank) == (1, 2)
    assert ranked["B"].evaluation_rank == 3
    assert [p.title for p in Proposal.objects.filter(shortlisted=True).order_by("title")] == [
        "A",
        "C",
    ]


def test_winners_combine_presentation_with_evaluation(
    call, province_admin, padang_admin, agam_admin
):
    _scored_call(call, province_admin, padang_admin, agam_admin)
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)  # top N
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)  # presentation
    panelist = make_panelist()
    a = Proposal.objects.get(title="A")
    c = Proposal.objects.get(title="C")
    services.panel_score_submit(actor=panelist, proposal=a, value=50, note="Cukup")
    services.panel_score_submit(actor=panelist, proposal=c, value=100, note="Sangat baik")
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    assert call.stage == CallStage.WINNERS
    a.refresh_from_db()
    c.refresh_from_db()
    # 40 % presentation: A = 90×0.6 + 50×0.4 = 74; C = 80×0.6 + 100×0.4 = 88.
    assert (float(a.final_score), float(c.final_score)) == (74.0, 88.0)
    assert (c.final_rank, a.final_rank) == (1, 2)
    rows = selectors.ranking(call)
    assert [r.proposal.title for r in rows] == ["C", "A", "B"]
    assert rows[0].winner and not rows[1].winner
    assert rows[0].notes == ["Sangat baik"]


def test_panel_cannot_score_a_proposal_outside_the_top_n(
    call, province_admin, padang_admin, agam_admin
):
    _scored_call(call, province_admin, padang_admin, agam_admin)
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    with pytest.raises(ValidationError):
        services.panel_score_submit(
            actor=make_panelist(), proposal=Proposal.objects.get(title="B"), value=99, note=""
        )


def test_drafts_never_enter_the_ranking(call, province_admin, padang_admin):
    make_proposal(call, padang_admin, "13.71", "Draf", submit=False)
    to_evaluation(call, province_admin)
    assert Proposal.objects.get(title="Draf").status == ProposalStatus.DRAFT
    assert selectors.ranking(call) == []


def test_region_admin_role_carries_the_proposal_permissions():
    admin = user_with_role("admin_daerah", "13.74")
    from replika.core.access import has_any

    assert has_any(admin, "competition.change_proposal")
    assert not has_any(admin, "competition.manage_call")
