"""Competition fixtures: the shared world, a call open today, and the walk through stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from replika.competition import services
from replika.competition.models import Assignment, Call, CallStage, Proposal, ProposalStatus
from replika.competition.rules import CRITERION_CODES, DEFAULT_WEIGHTS
from replika.core.models import User
from tests.factories import UserFactory, region, user_with_role


def call_data(**overrides) -> dict:
    """Valid call facts with deadlines relative to today."""
    today = timezone.localdate()
    data = {
        "name": "KIPP Sumbar uji",
        "year": today.year,
        "description": "",
        "groups": ["umum", "replikasi", "khusus"],
        "weights": dict(DEFAULT_WEIGHTS),
        "proposal_deadline": today + dt.timedelta(days=10),
        "evaluation_deadline": today + dt.timedelta(days=20),
        "presentation_date": today + dt.timedelta(days=30),
        "top_n": 2,
        "winner_count": 1,
        "presentation_weight": 40,
        "is_published": True,
    }
    data.update(overrides)
    return data


def full_sections(text: str = "Isi") -> dict[str, str]:
    return {code: f"{text} {code}" for code in CRITERION_CODES}


@pytest.fixture
def call(province_admin) -> Call:
    """A published call that is open for proposals today."""
    return services.call_create(actor=province_admin, **call_data())


def make_proposal(call: Call, admin, code: str, title: str, submit: bool = True) -> Proposal:
    """A region's proposal, drafted (and submitted) through the services."""
    proposal = services.proposal_create(
        actor=admin,
        call=call,
        region=region(code),
        title=title,
        unit_name=f"Dinas {title}",
        group="umum",
        sections=full_sections(title),
        video_url="https://example.org/video",
    )
    if submit:
        services.proposal_submit(actor=admin, proposal=proposal)
    return proposal


@pytest.fixture
def padang_draft(call, padang_admin) -> Proposal:
    return make_proposal(call, padang_admin, "13.71", "Draf Padang", submit=False)


def make_evaluator(home_code: str | None):
    """An appointed evaluator from a region (None: from outside the regions)."""
    user = UserFactory()
    services.evaluator_register(
        actor=None, user=user, home_region=region(home_code) if home_code else None
    )
    return user


def make_panelist():
    return user_with_role("panelist", "13")


def to_evaluation(call: Call, organiser) -> Call:
    """Close proposals, pass every submitted one, open scoring."""
    services.call_advance(actor=organiser, call=call, accept_warnings=True)
    for proposal in Proposal.objects.filter(call=call, status=ProposalStatus.SUBMITTED):
        services.proposal_check(actor=organiser, proposal=proposal, passed=True, note="")
    services.call_advance(actor=organiser, call=call, accept_warnings=True)
    assert call.stage == CallStage.EVALUATION
    return call


def flat(value: int) -> dict[str, int]:
    """The same score for every criterion."""
    return dict.fromkeys(CRITERION_CODES, value)


@dataclass(frozen=True)
class CompetitionWorld:
    """A call in evaluation, seen by its organiser, one of its evaluators and an outsider."""

    call: Call
    organiser: User  # the province administrator who runs the call (the owner)
    evaluator: User  # appointed from Kota Sawahlunto, assigned only Padang's proposal
    other_evaluator: User  # from outside the regions, assigned both proposals
    outsider: User  # the administrator of Kab. Agam, whose proposal the evaluator never sees
    padang: Proposal
    agam: Proposal  # outside the evaluator's assignments
    mine: Assignment  # the evaluator's assignment
    theirs: Assignment  # the other evaluator's assignment on the same proposal


@pytest.fixture
def world(call, province_admin, padang_admin, agam_admin) -> CompetitionWorld:
    """Two submitted proposals in evaluation; the evaluator is assigned only Padang's."""
    padang = make_proposal(call, padang_admin, "13.71", "Padang")
    agam = make_proposal(call, agam_admin, "13.06", "Agam")
    first, second = make_evaluator("13.74"), make_evaluator(None)
    to_evaluation(call, province_admin)
    mine = services.assignment_create(actor=province_admin, proposal=padang, evaluator=first)
    theirs = services.assignment_create(actor=province_admin, proposal=padang, evaluator=second)
    services.assignment_create(actor=province_admin, proposal=agam, evaluator=second)
    return CompetitionWorld(
        call=call,
        organiser=province_admin,
        evaluator=first,
        other_evaluator=second,
        outsider=agam_admin,
        padang=padang,
        agam=agam,
        mine=mine,
        theirs=theirs,
    )
