"""Competition API: calls (public once announced) and rankings (public once published)."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from replika.competition import selectors
from replika.competition.models import Call
from replika.competition.module import MANAGE_CALL
from replika.competition.rules import TIE_BREAK_RULE
from replika.core.access import has_any
from replika.core.api_base import PUBLIC, ErrorOut

router = Router(tags=["competition"])


def _caller(request: HttpRequest) -> Any:
    """The signed-in user or token owner; anonymous callers are the request's AnonymousUser."""
    auth = getattr(request, "auth", None)
    return auth if auth is not None and auth is not True else request.user


class CriterionOut(Schema):
    code: str
    label: str
    weight: int


class CallOut(Schema):
    id: int
    name: str
    year: int
    stage: str
    groups: list[str]
    criteria: list[CriterionOut]
    proposal_deadline: dt.date
    evaluation_deadline: dt.date
    presentation_date: dt.date
    top_n: int
    presentation_weight: int
    tie_break: str
    results_public: bool

    @staticmethod
    def resolve_criteria(obj: Call) -> list[dict[str, Any]]:
        return [{"code": c, "label": label, "weight": w} for c, label, w in obj.criteria()]

    @staticmethod
    def resolve_tie_break(obj: Call) -> str:
        return str(TIE_BREAK_RULE)


@router.get("/calls", response=list[CallOut], auth=PUBLIC, summary="Competition calls")
def list_calls(request: HttpRequest) -> Any:
    return selectors.call_list(user=_caller(request))


class RankingRowOut(Schema):
    place: int
    proposal_id: int
    title: str
    unit_name: str
    region: str
    region_name: str
    evaluation_score: float | None
    presentation_score: float | None
    final_score: float | None
    shortlisted: bool
    winner: bool
    panel_notes: list[str]


class RankingOut(Schema):
    call_id: int
    published: bool
    tie_break: str
    rows: list[RankingRowOut]


@router.get(
    "/calls/{call_id}/ranking",
    response={200: RankingOut, 404: ErrorOut},
    auth=PUBLIC,
    summary="A call's ranking (public once the winners are published)",
)
def get_ranking(request: HttpRequest, call_id: int) -> Any:
    user = _caller(request)
    call = selectors.call_list(user=user).filter(pk=call_id).first()
    # Before publication only the organiser may look; everyone else sees nothing at all.
    if call is None or not (call.results_public or has_any(user, MANAGE_CALL)):
        raise Http404
    rows = [
        {
            "place": row.place,
            "proposal_id": row.proposal.pk,
            "title": row.proposal.title,
            "unit_name": row.proposal.unit_name,
            "region": row.proposal.region.code,
            "region_name": row.proposal.region.name,
            "evaluation_score": row.evaluation_score,
            "presentation_score": row.presentation_score,
            "final_score": row.final_score,
            "shortlisted": row.shortlisted,
            "winner": row.winner,
            "panel_notes": row.notes,
        }
        for row in selectors.ranking(call)
    ]
    return {
        "call_id": call.pk,
        "published": call.results_public,
        "tie_break": str(TIE_BREAK_RULE),
        "rows": rows,
    }
