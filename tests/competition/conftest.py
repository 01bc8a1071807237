"""Competition fixtures: a call open today, proposals, evaluators and the walk through stages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from replika.competition import services
from replika.competition.models import Call, CallStage, Proposal, ProposalStatus
from replika.competition.rules import CRITERION_CODES, DEFAULT_WEIGHTS
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
    services.call_advance(actor=organiser, call=call)
    for proposal in Proposal.objects.filter(call=call, status=ProposalStatus.SUBMITTED):
        services.proposal_check(actor=organiser, proposal=proposal, passed=True, note="")
    services.call_advance(actor=organiser, call=call)
    assert call.stage == CallStage.EVALUATION
    return call


def flat(value: int) -> dict[str, int]:
    """The same score for every criterion."""
    return dict.fromkeys(CRITERION_CODES, value)
