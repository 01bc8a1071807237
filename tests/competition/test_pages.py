"""Competition pages through the browser's eyes, with an outsider for every page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from replika.competition import services
from replika.competition.models import Assignment, CallStage, Proposal
from tests.competition.conftest import (
    flat,
    make_evaluator,
    make_panelist,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client_for):
    """Clients that ask for English pages: these tests read the page text."""

    def make(user):
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def test_organiser_creates_a_call_with_the_kipp_weights_prefilled(client_for, province_admin):
    client = client_for(province_admin)
    page = client.get(reverse("competition:call_new"))
    assert page.status_code == 200
    assert 'name="weight_significance"' in page.content.decode()
    form = {
        "name": "KIPP Sumbar 2027",
        "year": "2027",
        "groups": ["umum", "khusus"],
        "proposal_deadline": "2027-03-01",
        "evaluation_deadline": "2027-04-01",
        "presentation_date": "2027-05-01",
        "top_n": "5",
        "winner_count": "3",
        "presentation_weight": "30",
        "weight_background": "10",
        "weight_novelty": "15",
        "weight_implementation": "5",
        "weight_significance": "30",
        "weight_adaptability": "20",
        "weight_resources": "5",
        "weight_sustainability": "10",
    }
    response = client.post(reverse("competition:call_new"), form)
    assert response.status_code == 422
    assert "add up to 100" in response.content.decode()
    response = client.post(reverse("competition:call_new"), {**form, "weight_sustainability": "15"})
    assert response.status_code == 302


def test_organiser_sees_stage_controls_assignment_and_ranking_preview(
    client_for, province_admin, call
):
    body = client_for(province_admin).get(reverse("competition:call", args=[call.pk])).content
    body = body.decode()
    assert reverse("competition:call_advance", args=[call.pk]) in body
    assert reverse("competition:call_edit", args=[call.pk]) in body
    assert "preview" in body


def test_region_admin_drafts_edits_and_submits_a_proposal(client_for, padang_admin, call):
    client = client_for(padang_admin)
    form = {
        "region": "13.71",
        "title": "Ayo Ceting Plus",
        "unit_name": "Puskesmas Andalas",
        "group": "replikasi",
        "video_url": "https://example.org/v",
        **{f"section_{c}": "Isi" for c, _l, _w in call.criteria()},
    }
    response = client.post(reverse("competition:proposal_new", args=[call.pk]), form)
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Ayo Ceting Plus")
    assert proposal.region.code == "13.71"
    page = client.get(reverse("competition:proposal", args=[proposal.pk]))
    assert page.status_code == 200
    response = client.post(reverse("competition:proposal_submit", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_region_admin_cannot_propose_for_another_region(client_for, padang_admin, call):
    form = {
        "region": "13.06",
        "title": "Atas nama Agam",
        "unit_name": "Dinas",
        "group": "umum",
    }
    response = client_for(padang_admin).post(
        reverse("competition:proposal_new", args=[call.pk]), form
    )
    assert response.status_code == 422
    assert not Proposal.objects.exists()


def test_invalid_video_link_is_answered_on_the_field(client_for, padang_admin, padang_draft):
    response = client_for(padang_admin).post(
        reverse("competition:proposal_edit", args=[padang_draft.pk]),
        {"title": "X", "unit_name": "Y", "group": "umum", "video_url": "javascript:alert(1)"},
    )
    assert response.status_code == 422
    assert 'id="id_video_url_error"' in response.content.decode()


def test_edit_after_the_call_closed_is_refused_with_a_clear_error(
    client_for, padang_admin, province_admin, padang_draft
):
    services.call_advance(actor=province_admin, call=padang_draft.call, accept_warnings=True)
    response = client_for(padang_admin).post(
        reverse("competition:proposal_edit", args=[padang_draft.pk]),
        {"title": "Baru", "unit_name": "Y", "group": "umum"},
    )
    assert response.status_code == 422
    assert "frozen" in response.content.decode()
    padang_draft.refresh_from_db()
    assert padang_draft.title == "Draf Padang"


PROPOSAL_PAGES = [
    ("proposal", "get"),
    ("proposal_edit", "get"),
    ("proposal_edit", "post"),
    ("proposal_submit", "post"),
    ("proposal_upload", "post"),
    ("proposal_check", "post"),
]


@pytest.mark.parametrize(("url_name", "method"), PROPOSAL_PAGES)
def test_other_region_admin_gets_404_on_a_draft(
    client_for, agam_admin, padang_draft, url_name, method
):
    url = reverse(f"competition:{url_name}", args=[padang_draft.pk])
    client = client_for(agam_admin)
    response = client.get(url) if method == "get" else client.post(url, {"title": "Dibajak"})
    assert response.status_code == 404
    padang_draft.refresh_from_db()
    assert padang_draft.title == "Draf Padang"


def _every_page(call, proposal, assignment_pk):
    return [
        reverse("competition:calls"),
        reverse("competition:call_new"),
        reverse("competition:call", args=[call.pk]),
        reverse("competition:call_edit", args=[call.pk]),
        reverse("competition:proposal_new", args=[call.pk]),
        reverse("competition:proposal", args=[proposal.pk]),
        reverse("competition:proposal_edit", args=[proposal.pk]),
        reverse("competition:evaluators"),
        reverse("competition:queue"),
        reverse("competition:score", args=[assignment_pk]),
        reverse("competition:panel_score", args=[proposal.pk]),
    ]


def test_user_without_a_role_gets_404_everywhere(client_for, nobody, call, padang_draft):
    client = client_for(nobody)
    for url in _every_page(call, padang_draft, 1):
        assert client.get(url).status_code == 404, url
    for name in ("call_advance", "call_assign"):
        assert client.post(reverse(f"competition:{name}", args=[call.pk])).status_code == 404
    assert call.stage == CallStage.PROPOSAL


def test_anonymous_is_sent_to_sign_in(call, padang_draft):
    response = Client().get(reverse("competition:proposal", args=[padang_draft.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"] or "masuk" in response["Location"]


def test_region_admin_cannot_use_organiser_pages(client_for, padang_admin, call):
    client = client_for(padang_admin)
    assert client.get(reverse("competition:call_new")).status_code == 404
    assert client.get(reverse("competition:call_edit", args=[call.pk])).status_code == 404
    assert client.post(reverse("competition:call_advance", args=[call.pk])).status_code == 404
    call.refresh_from_db()
    assert call.stage == CallStage.PROPOSAL


def test_unannounced_call_is_hidden_from_region_admins(client_for, padang_admin, call):
    call.is_published = False
    call.save()
    assert client_for(padang_admin).get(
        reverse("competition:call", args=[call.pk])
    ).status_code == (404)


def test_evaluator_sees_only_assigned_proposals(client_for, world):
    client = client_for(world.evaluator)
    queue = client.get(reverse("competition:queue")).content.decode()
    assert "Padang" in queue
    assert "Agam</a>" not in queue
    assert client.get(reverse("competition:proposal", args=[world.padang.pk])).status_code == (200)
    assert client.get(reverse("competition:proposal", args=[world.agam.pk])).status_code == (404)
    assert client.get(reverse("competition:score", args=[world.theirs.pk])).status_code == (404)
    assert (
        client.post(
            reverse("competition:score", args=[world.theirs.pk]),
            {f"score_{c}": "1" for c in flat(0)},
        ).status_code
        == 404
    )
    assert not world.theirs.scores.exists()


def test_evaluator_scores_through_the_form(client_for, world):
    client = client_for(world.evaluator)
    url = reverse("competition:score", args=[world.mine.pk])
    bad = client.post(url, {**{f"score_{c}": "80" for c in flat(0)}, "score_novelty": "120"})
    assert bad.status_code == 422
    response = client.post(url, {f"score_{c}": "80" for c in flat(0)})
    assert response.status_code == 302
    assert Assignment.objects.get(pk=world.mine.pk).completed_at is not None


def test_other_evaluators_scores_stay_hidden_until_the_evaluation_closes(
    client_for, world, province_admin
):
    services.scores_submit(
        actor=world.other_evaluator, assignment=world.theirs, scores=flat(77), comments={}
    )
    services.scores_submit(
        actor=world.evaluator, assignment=world.mine, scores=flat(55), comments={}
    )
    client = client_for(world.evaluator)
    url = reverse("competition:score", args=[world.mine.pk])
    assert client.get(url).context["peers"] == []
    call = world.padang.call
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    peers = client.get(url).context["peers"]
    assert [(p["evaluator"], p["total"]) for p in peers] == [(world.other_evaluator, 77)]


def test_panelist_scores_only_presentations_of_the_top_n(client_for, world, province_admin):
    services.scores_submit(
        actor=world.evaluator, assignment=world.mine, scores=flat(90), comments={}
    )
    call = world.padang.call
    call.top_n, call.winner_count = 1, 1
    call.save()
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    client = client_for(make_panelist())
    padang_url = reverse("competition:panel_score", args=[world.padang.pk])
    assert client.get(padang_url).status_code == 200
    assert client.get(reverse("competition:panel_score", args=[world.agam.pk])).status_code == (404)
    assert client.post(padang_url, {"value": "88", "note": "Bagus"}).status_code == 302


def test_organiser_assigns_and_conflict_is_reported(client_for, world, province_admin):
    from_padang = make_evaluator("13.71")
    client = client_for(province_admin)
    url = reverse("competition:call_assign", args=[world.padang.call.pk])
    response = client.post(
        url, {"proposal": world.padang.pk, "evaluator": from_padang.pk}, follow=True
    )
    assert "Conflict of interest" in response.content.decode()
    assert not Assignment.objects.filter(evaluator=from_padang).exists()


def test_public_results_need_no_sign_in_but_only_after_publication(
    client_for, world, province_admin
):
    call = world.padang.call
    anonymous = Client()
    assert anonymous.get(reverse("competition:public_result", args=[call.pk])).status_code == 404
    assert "Padang" not in anonymous.get(reverse("competition:public_results")).content.decode()
    services.scores_submit(
        actor=world.evaluator, assignment=world.mine, scores=flat(90), comments={}
    )
    for _stage in range(2):
        services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    world.padang.refresh_from_db()
    services.panel_score_submit(
        actor=make_panelist(), proposal=world.padang, value=90, note="Catatan panel"
    )
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    page = anonymous.get(reverse("competition:public_result", args=[call.pk]))
    assert page.status_code == 200
    assert "Catatan panel" in page.content.decode()
    assert "Padang" in anonymous.get(reverse("competition:public_results")).content.decode()


def test_pages_carry_no_inline_script_or_style(client_for, province_admin, call, padang_draft):
    client = client_for(province_admin)
    for url in (
        reverse("competition:call", args=[call.pk]),
        reverse("competition:proposal", args=[padang_draft.pk]),
        reverse("competition:public_results"),
    ):
        body = client.get(url).content.decode()
        assert "style=" not in body
        assert "<script>" not in body


def test_organiser_appoints_an_evaluator_with_a_home_region(client_for, province_admin, nobody):
    client = client_for(province_admin)
    url = reverse("competition:evaluators")
    missing = client.post(url, {"username": "tidak-ada", "home_region": "13.71"})
    assert missing.status_code == 422
    response = client.post(url, {"username": nobody.username, "home_region": "13.71"})
    assert response.status_code == 302
    nobody.refresh_from_db()
    assert nobody.evaluator.home_region.code == "13.71"
    assert nobody.memberships.get().role == "evaluator"


def test_region_admin_cannot_appoint_evaluators(client_for, padang_admin, nobody):
    response = client_for(padang_admin).post(
        reverse("competition:evaluators"), {"username": nobody.username}
    )
    assert response.status_code == 404
    assert not nobody.memberships.exists()


def test_organiser_previews_the_ranking_during_evaluation(client_for, world, province_admin):
    services.scores_submit(
        actor=world.evaluator, assignment=world.mine, scores=flat(90), comments={}
    )
    response = client_for(province_admin).get(
        reverse("competition:call", args=[world.padang.call.pk])
    )
    assert response.status_code == 200
    assert [row.proposal.title for row in response.context["ranking"]] == ["Padang"]
    assert response.context["can_assign"] is True
    assert world.evaluator in {a.evaluator for a in response.context["assignments"]}
