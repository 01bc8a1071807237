"""Consequential competition actions ask first, check their preconditions and say what
they will affect: stage moves, automatic evaluator assignment, and the panel's blind score."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import date_format

from replika.competition import services
from replika.competition.models import Assignment, CallStage
from tests.competition.conftest import flat, make_evaluator, make_panelist, make_proposal

pytestmark = pytest.mark.django_db


def test_closing_proposals_before_the_deadline_is_a_risk_to_accept(call, province_admin):
    preview = services.advance_preview(call)
    assert preview.target == CallStage.ADMIN_CHECK
    deadline = date_format(call.proposal_deadline, "DATE_FORMAT")
    assert any(deadline in w for w in preview.warnings), preview.warnings
    with pytest.raises(ValidationError):
        services.call_advance(actor=province_admin, call=call)
    call.refresh_from_db()
    assert call.stage == CallStage.PROPOSAL
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    assert call.stage == CallStage.ADMIN_CHECK


def test_after_the_deadline_closing_proposals_needs_no_risk_accepted(
    call, province_admin, padang_admin
):
    make_proposal(call, padang_admin, "13.71", "Padang")
    after = call.proposal_deadline + dt.timedelta(days=1)
    assert services.advance_preview(call, today=after).warnings == []
    services.call_advance(actor=province_admin, call=call, today=after)
    assert call.stage == CallStage.ADMIN_CHECK


def test_evaluation_cannot_open_while_proposals_await_the_check(call, province_admin, padang_admin):
    make_proposal(call, padang_admin, "13.71", "Padang")
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    preview = services.advance_preview(call)
    assert preview.blockers, "an unchecked proposal must block the evaluation"
    with pytest.raises(ValidationError):
        services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    call.refresh_from_db()
    assert call.stage == CallStage.ADMIN_CHECK


def test_top_n_with_proposals_short_of_evaluators_asks_first(world, province_admin):
    services.scores_submit(
        actor=world.evaluator, assignment=world.mine, scores=flat(80), comments={}
    )
    preview = services.advance_preview(world.call)
    assert preview.target == CallStage.SHORTLIST
    joined = " ".join(preview.warnings)
    assert "Padang (2)" in joined and "Agam (1)" in joined
    assert len(preview.warnings) >= 2, "the unscored assignment is a warning of its own"
    with pytest.raises(ValidationError):
        services.call_advance(actor=province_admin, call=world.call)
    world.call.refresh_from_db()
    assert world.call.stage == CallStage.EVALUATION


def test_winners_cannot_be_published_before_the_panel_scored(world, province_admin):
    for assignment in Assignment.objects.filter(proposal__call=world.call):
        services.scores_submit(
            actor=assignment.evaluator, assignment=assignment, scores=flat(70), comments={}
        )
    services.call_advance(actor=province_admin, call=world.call, accept_warnings=True)
    services.call_advance(actor=province_admin, call=world.call, accept_warnings=True)
    assert world.call.stage == CallStage.PRESENTATION
    assert services.advance_preview(world.call).blockers
    with pytest.raises(ValidationError):
        services.call_advance(actor=province_admin, call=world.call, accept_warnings=True)
    world.call.refresh_from_db()
    assert world.call.stage == CallStage.PRESENTATION


def test_the_stage_page_shows_the_consequences_and_moves_only_when_confirmed(
    client_for, call, province_admin
):
    client = client_for(province_admin)
    url = reverse("competition:call_advance", args=[call.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "confirm" in body and "accept_warnings" in body
    assert page.context["preview"].effects

    assert client.post(url).status_code == 400  # no confirmation
    assert client.post(url, {"confirm": "yes"}).status_code == 400  # risks not accepted
    call.refresh_from_db()
    assert call.stage == CallStage.PROPOSAL

    answer = client.post(url, {"confirm": "yes", "accept_warnings": "yes"})
    assert answer.status_code == 302
    call.refresh_from_db()
    assert call.stage == CallStage.ADMIN_CHECK


def test_a_region_administrator_cannot_open_the_stage_page(client_for, call, padang_admin):
    url = reverse("competition:call_advance", args=[call.pk])
    assert client_for(padang_admin).get(url).status_code == 404
    assert client_for(padang_admin).post(url, {"confirm": "yes"}).status_code == 404
    call.refresh_from_db()
    assert call.stage == CallStage.PROPOSAL


def test_automatic_assignment_shows_its_plan_and_the_conflicts_first(
    client_for, call, province_admin, padang_admin
):
    make_proposal(call, padang_admin, "13.71", "Padang")
    from_padang = make_evaluator("13.71")
    make_evaluator("13.06")
    make_evaluator(None)
    services.call_advance(actor=province_admin, call=call, accept_warnings=True)
    client = client_for(province_admin)
    url = reverse("competition:call_assign", args=[call.pk])

    plan = client.post(url, {"auto": "1"})
    assert plan.status_code == 200
    assert not Assignment.objects.filter(proposal__call=call).exists(), "nothing made yet"
    [row] = plan.context["short"]
    assert row.total == 2
    assert [e.user for e in row.conflicts] == [from_padang]
    assert from_padang.display_name in plan.content.decode()

    done = client.post(url, {"auto": "1", "confirm": "yes"}, follow=True)
    assert Assignment.objects.filter(proposal__call=call).count() == 2
    said = " ".join(str(m) for m in done.context["messages"])
    assert "Padang (2)" in said


def test_the_panel_does_not_see_the_evaluators_score(world, province_admin, client_for):
    for assignment in Assignment.objects.filter(proposal__call=world.call):
        services.scores_submit(
            actor=assignment.evaluator, assignment=assignment, scores=flat(73), comments={}
        )
    services.call_advance(actor=province_admin, call=world.call, accept_warnings=True)
    services.call_advance(actor=province_admin, call=world.call, accept_warnings=True)
    world.padang.refresh_from_db()
    assert world.padang.evaluation_score is not None
    page = client_for(make_panelist()).get(
        reverse("competition:panel_score", args=[world.padang.pk])
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "73,00" not in body and "73.00" not in body


def test_an_evaluator_finds_the_proposals_assigned_to_them_on_the_call_page(world, client_for):
    page = client_for(world.evaluator).get(reverse("competition:call", args=[world.call.pk]))
    assert page.status_code == 200
    assert reverse("competition:score", args=[world.mine.pk]) in page.content.decode()


def test_a_closed_scoring_form_says_when_it_closed_not_that_it_never_opened(
    world, province_admin, client_for
):
    services.call_advance(actor=province_admin, call=world.call, accept_warnings=True)
    page = client_for(world.evaluator).get(reverse("competition:score", args=[world.mine.pk]))
    assert page.status_code == 200
    assert not page.context["open"] and not page.context["not_yet"]
    assert date_format(world.call.evaluation_deadline, "DATE_FORMAT") in page.content.decode()


def test_a_panelist_before_the_presentation_stage_is_told_when_work_comes(world, client_for):
    page = client_for(make_panelist()).get(reverse("competition:queue"))
    assert page.status_code == 200
    assert list(page.context["presentations"]) == []
    body = page.content.decode()
    assert world.call.name in body
    assert date_format(world.call.presentation_date, "DATE_FORMAT") in body
