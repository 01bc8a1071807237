"""Reads of the competition: calls, proposals through the one door, scores and rankings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from statistics import fmean
from typing import Any

from django.db.models import Count, F, QuerySet

from replika.competition import rules
from replika.competition.models import (
    STAGE_ORDER,
    AdminCheck,
    Assignment,
    Call,
    CallStage,
    Evaluator,
    PanelScore,
    Proposal,
    ProposalStatus,
    Score,
)
from replika.competition.module import (
    MANAGE_CALL,
    SCORE_PRESENTATION,
    SCORE_PROPOSAL,
    VIEW_PROPOSAL,
)
from replika.core.access import has_any, scoped
from replika.core.models import User, Wilayah


def stage_reached(call: Call, stage: str) -> bool:
    """Whether the call is at or past a stage."""
    return call.stage_index() >= STAGE_ORDER.index(stage)


def call_list(*, user: Any) -> QuerySet[Call]:
    """Calls the user may see: all for the organiser, the announced ones for everyone else."""
    if has_any(user, MANAGE_CALL):
        return Call.objects.all()
    return Call.objects.filter(is_published=True)


def proposal_doors(*, user: Any) -> list[tuple[QuerySet[Proposal], str]]:
    """(queryset, permission) pairs through which a user may read a proposal."""
    base = Proposal.objects.select_related("call", "region")
    return [
        (base, VIEW_PROPOSAL),
        # Evaluators are province-wide, so the assignment is what narrows them.
        (base.filter(assignments__evaluator=user).distinct(), SCORE_PROPOSAL),
        # The panel sees the top N once they present.
        (
            base.filter(
                shortlisted=True,
                call__stage__in=[CallStage.PRESENTATION, CallStage.WINNERS],
            ),
            SCORE_PRESENTATION,
        ),
    ]


def proposals_of_call(*, user: Any, call: Call) -> QuerySet[Proposal]:
    """The call's proposals the user may read as organiser or region administrator."""
    return scoped(
        Proposal.objects.filter(call=call).select_related("region"), user, VIEW_PROPOSAL
    ).order_by("region__code", "title")


def evaluator_queue(*, user: Any) -> QuerySet[Assignment]:
    """The assignments of the signed-in evaluator (never anyone else's)."""
    return scoped(
        Assignment.objects.filter(evaluator=user).select_related(
            "proposal", "proposal__call", "proposal__region"
        ),
        user,
        SCORE_PROPOSAL,
    ).order_by("proposal__call", "completed_at", "proposal__title")


def panel_queue(*, user: Any) -> QuerySet[Proposal]:
    """Shortlisted proposals whose presentation the panelist scores."""
    return scoped(
        Proposal.objects.filter(shortlisted=True, call__stage=CallStage.PRESENTATION)
        .select_related("call", "region")
        .order_by("call", "evaluation_rank"),
        user,
        SCORE_PRESENTATION,
    )


def scores_of(assignment: Assignment) -> dict[str, Score]:
    """An assignment's scores by criterion code."""
    return {s.criterion: s for s in Score.objects.filter(assignment=assignment)}


def peer_scores(*, assignment: Assignment) -> list[dict[str, Any]]:
    """Other evaluators' totals for the same proposal, only once the evaluation has closed."""
    call = assignment.proposal.call
    if not stage_reached(call, CallStage.SHORTLIST):
        return []
    rows = []
    others = Assignment.objects.filter(proposal=assignment.proposal, completed_at__isnull=False)
    for other in others.exclude(pk=assignment.pk).select_related("evaluator"):
        values = {s.criterion: s.value for s in Score.objects.filter(assignment=other)}
        rows.append(
            {
                "evaluator": other.evaluator,
                "scores": values,
                "total": rules.weighted_total(call.weights, values),
            }
        )
    return rows


@dataclass
class Evaluation:
    """What the evaluators' scores say about one proposal."""

    score: float
    significance: float
    novelty: float
    evaluators: int


def evaluations(call: Call) -> dict[int, Evaluation]:
    """Per proposal id: mean weighted total and mean tie-break criteria of completed scorings."""
    per_proposal: dict[int, list[dict[str, int]]] = {}
    scores = Score.objects.filter(
        assignment__proposal__call=call, assignment__completed_at__isnull=False
    ).values_list("assignment__proposal_id", "assignment_id", "criterion", "value")
    by_assignment: dict[tuple[int, int], dict[str, int]] = {}
    for proposal_id, assignment_id, criterion, value in scores:
        by_assignment.setdefault((proposal_id, assignment_id), {})[criterion] = value
    for (proposal_id, _assignment), values in by_assignment.items():
        per_proposal.setdefault(proposal_id, []).append(values)
    result = {}
    for proposal_id, sheets in per_proposal.items():
        result[proposal_id] = Evaluation(
            score=fmean([rules.weighted_total(call.weights, s) for s in sheets]),
            significance=fmean([s.get("significance", 0) for s in sheets]),
            novelty=fmean([s.get("novelty", 0) for s in sheets]),
            evaluators=len(sheets),
        )
    return result


def eligible_proposals(call: Call) -> QuerySet[Proposal]:
    """Submitted proposals that passed the administrative check."""
    return Proposal.objects.filter(
        call=call, status=ProposalStatus.SUBMITTED, admin_check=AdminCheck.PASSED
    )


def panel_means(call: Call) -> dict[int, float]:
    """Mean presentation score per proposal id."""
    values: dict[int, list[int]] = {}
    for proposal_id, value in PanelScore.objects.filter(proposal__call=call).values_list(
        "proposal_id", "value"
    ):
        values.setdefault(proposal_id, []).append(value)
    return {pid: fmean(v) for pid, v in values.items()}


@dataclass
class RankingRow:
    """One line of a ranking table."""

    place: int
    proposal: Proposal
    evaluation_score: float | None
    presentation_score: float | None
    final_score: float | None
    shortlisted: bool
    winner: bool
    notes: list[str] = field(default_factory=list)


def _as_float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def ranking(call: Call) -> list[RankingRow]:
    """The call's ranking: stored once the evaluation closed, a live preview before."""
    if stage_reached(call, CallStage.SHORTLIST):
        return _stored_ranking(call)
    return _preview_ranking(call)


def evaluation_entries(call: Call) -> tuple[dict[int, Proposal], list[rules.Entry]]:
    """Eligible proposals by id, and the ranking entries of those evaluators have scored."""
    proposals = {p.pk: p for p in eligible_proposals(call).select_related("region")}
    found = evaluations(call)
    entries = []
    for pk, proposal in proposals.items():
        if pk not in found or proposal.submitted_at is None:
            continue
        entry = found[pk]
        entries.append(
            rules.Entry(pk, entry.score, entry.significance, entry.novelty, proposal.submitted_at)
        )
    return proposals, entries


def _preview_ranking(call: Call) -> list[RankingRow]:
    """The ranking the current evaluator scores would give (organiser's preview)."""
    proposals, entries = evaluation_entries(call)
    return [
        RankingRow(
            place=place,
            proposal=proposals[entry.key],
            evaluation_score=entry.score,
            presentation_score=None,
            final_score=None,
            shortlisted=place <= call.top_n,
            winner=False,
        )
        for place, entry in rules.rank(entries)
    ]


def _stored_ranking(call: Call) -> list[RankingRow]:
    """The ranking stored when the evaluation closed and when the winners were published."""
    published = call.stage == CallStage.WINNERS
    # NULLs sort differently on SQLite and PostgreSQL; say where they go.
    order = [F("final_rank").asc(nulls_last=True)] if published else []
    proposals = (
        Proposal.objects.filter(call=call, evaluation_rank__isnull=False)
        .select_related("region")
        .order_by(*order, "evaluation_rank")
    )
    notes: dict[int, list[str]] = {}
    for proposal_id, note in PanelScore.objects.filter(proposal__call=call).values_list(
        "proposal_id", "note"
    ):
        if note.strip():
            notes.setdefault(proposal_id, []).append(note)
    rows = []
    for place, proposal in enumerate(proposals, start=1):
        rows.append(
            RankingRow(
                place=place,
                proposal=proposal,
                evaluation_score=_as_float(proposal.evaluation_score),
                presentation_score=_as_float(proposal.presentation_score),
                final_score=_as_float(proposal.final_score),
                shortlisted=proposal.shortlisted,
                winner=published
                and proposal.final_rank is not None
                and proposal.final_rank <= call.winner_count,
                notes=notes.get(proposal.pk, []),
            )
        )
    return rows


def published_calls() -> QuerySet[Call]:
    """Calls whose winners are public."""
    return Call.objects.filter(stage=CallStage.WINNERS, is_published=True)


def evaluator_users() -> QuerySet[User]:
    """Users appointed as evaluators (province-wide, so not tenant data)."""
    return User.objects.filter(evaluator__isnull=False).order_by("username")


def evaluator_records() -> QuerySet[Evaluator]:
    """Appointed evaluators with their home regions and how many proposals they hold."""
    return (
        Evaluator.objects.select_related("user", "home_region")
        .annotate(assigned=Count("user__assignments"))
        .order_by("user__username")
    )


def region_choices() -> QuerySet[Wilayah]:
    """The 19 kab/kota, for choosing an evaluator's home region."""
    return Wilayah.objects.filter(level=Wilayah.REGION).order_by("name")


def user_by_username(username: str) -> User | None:
    """An active account by its username."""
    return User.objects.filter(username=username.strip(), is_active=True).first()
