"""The competition API: calls (public once announced) and rankings (public once published)."""

from __future__ import annotations

import pytest
from django.test import Client

from replika.competition import services
from tests.competition.conftest import (
    flat,
    make_evaluator,
    make_panelist,
    make_proposal,
    to_evaluation,
)

pytestmark = pytest.mark.django_db

# The router as production mounts it.
BASE = "/api/v1/competition"


def test_anonymous_lists_only_announced_calls(call, province_admin):
    hidden = services.call_create(
        actor=province_admin,
        **{
            **{k: getattr(call, k) for k in services.CALL_FIELDS},
            "name": "Belum diumumkan",
            "is_published": False,
        },
    )
    names = [c["name"] for c in Client().get(f"{BASE}/calls").json()]
    assert call.name in names
    assert hidden.name not in names


def test_organiser_lists_every_call(client_for, province_admin, call):
    call.is_published = False
    call.save()
    body = client_for(province_admin).get(f"{BASE}/calls").json()
    assert [c["name"] for c in body] == [call.name]
    assert {c["code"]: c["weight"] for c in body[0]["criteria"]}["significance"] == 30
    assert "significance" in body[0]["tie_break"] or "signifikansi" in body[0]["tie_break"]


@pytest.fixture
def scored(call, province_admin, padang_admin, agam_admin):
    """A call with two scored proposals, still in evaluation."""
    padang = make_proposal(call, padang_admin, "13.71", "Padang")
    agam = make_proposal(call, agam_admin, "13.06", "Agam")
    evaluator = make_evaluator(None)
    to_evaluation(call, province_admin)
    for proposal, value in ((padang, 90), (agam, 80)):
        assignment = services.assignment_create(
            actor=province_admin, proposal=proposal, evaluator=evaluator
        )
        services.scores_submit(
            actor=evaluator, assignment=assignment, scores=flat(value), comments={}
        )
    return call


def test_ranking_is_404_before_publication_except_for_the_organiser(
    client_for, scored, padang_admin, nobody, province_admin
):
    url = f"{BASE}/calls/{scored.pk}/ranking"
    for client in (Client(), client_for(padang_admin), client_for(nobody)):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["detail"] == "Not found."
    preview = client_for(province_admin).get(url).json()
    assert preview["published"] is False
    assert [r["title"] for r in preview["rows"]] == ["Padang", "Agam"]


def test_ranking_is_public_after_publication(scored, province_admin):
    services.call_advance(actor=province_admin, call=scored, accept_warnings=True)
    services.call_advance(actor=province_admin, call=scored, accept_warnings=True)
    panelist = make_panelist()
    for proposal in scored.proposals.filter(shortlisted=True):
        services.panel_score_submit(actor=panelist, proposal=proposal, value=70, note="Catatan")
    services.call_advance(actor=province_admin, call=scored, accept_warnings=True)
    body = Client().get(f"{BASE}/calls/{scored.pk}/ranking").json()
    assert body["published"] is True
    first = body["rows"][0]
    # 40 % presentation: 90×0.6 + 70×0.4 = 82.
    assert (first["title"], first["final_score"], first["winner"]) == ("Padang", 82.0, True)
    assert first["panel_notes"] == ["Catatan"]


def test_unknown_call_is_404(db):
    assert Client().get(f"{BASE}/calls/999/ranking").status_code == 404
