"""Reads of the replication app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from replika.core import modules
from replika.core.access import regions_for, scoped
from replika.core.models import Wilayah
from replika.replication.models import (
    Commitment,
    Innovation,
    MentoringSession,
    Milestone,
    MilestoneStatus,
    StageChange,
)
from replika.replication.permissions import VIEW_COMMITMENT
from replika.replication.rules import LIVE_STAGES


@cache
def _activation_statement(alias: str) -> str:
    """Every commitment with its innovation's order and module, its stage and settings (as
    text), quoted for the database behind ``alias``.

    This read runs on every signed-in request; building it with the ORM cost several times
    what running it did, so it is written once. Filtering out commitments to no module and
    ordering happen in Python, over a few rows per region.
    """
    q = connections[alias].ops.quote_name
    c, i = q(Commitment._meta.db_table), q(Innovation._meta.db_table)
    return (
        f"SELECT {i}.{q('sort_order')}, {c}.{q('id')}, {i}.{q('module_code')}, "  # noqa: S608
        f"{c}.{q('region_id')}, {c}.{q('stage')}, CAST({c}.{q('settings')} AS text) "
        f"FROM {c} JOIN {i} ON {i}.{q('id')} = {c}.{q('innovation_id')}"
    )


class CommitmentActivation:
    """Answers core's activation questions from the commitments and their stages."""

    def live_region_ids(self, module_code: str) -> QuerySet[Any]:
        """Ids of the regions whose commitment to the module is at a live stage."""
        return Commitment.objects.filter(
            innovation__module_code=module_code, stage__in=LIVE_STAGES
        ).values("region_id")

    def activation_rows(self) -> list[tuple[str, int, bool, str]]:
        """(module code, region id, live?, settings JSON) of each commitment to a module.

        The settings come as text so that only the document a page asks for is parsed.
        """
        alias = router.db_for_read(Commitment) or DEFAULT_DB_ALIAS
        with connections[alias].cursor() as cursor:
            cursor.execute(_activation_statement(alias))
            rows = cursor.fetchall()
        return [
            (code, region, stage in LIVE_STAGES, text)
            for _order, _pk, code, region, stage, text in sorted(rows, key=lambda r: r[:2])
            if code
        ]

    def settings_document(self, module_code: str, region: Wilayah) -> dict[str, Any]:
        """The settings stored on the region's commitment to the module."""
        commitment = (
            Commitment.objects.filter(region=region, innovation__module_code=module_code)
            .order_by("innovation__sort_order", "pk")
            .only("settings")
            .first()
        )
        return dict(commitment.settings) if commitment is not None else {}


def commitment_list(*, user: Any, perm: str = VIEW_COMMITMENT) -> QuerySet[Commitment]:
    """Commitments the user may see, with region and innovation loaded."""
    return scoped(Commitment.objects.all(), user, perm).select_related("region", "innovation")


def innovation_list() -> QuerySet[Innovation]:
    """The innovations catalogue (public facts)."""
    return Innovation.objects.all()


def overdue_milestones(*, user: Any, today: dt.date | None = None) -> QuerySet[Milestone]:
    """Milestones past due and not done, in the commitments the user may see."""
    today = today or timezone.localdate()
    return (
        scoped(Milestone.objects.all(), user, VIEW_COMMITMENT)
        .exclude(status=MilestoneStatus.DONE)
        .filter(due_on__lt=today)
        .select_related("commitment__region", "commitment__innovation")
        .order_by("due_on")
    )


@dataclass(frozen=True)
class MatrixCell:
    """One (region, innovation) cell of the monitoring matrix."""

    commitment: Commitment | None
    overdue: int
    last_mentoring: dt.date | None


@dataclass(frozen=True)
class MatrixRow:
    region: Wilayah
    cells: list[MatrixCell]


def matrix(*, user: Any, today: dt.date | None = None) -> tuple[list[Innovation], list[MatrixRow]]:
    """The region × innovation matrix the user may see, in four queries whatever its size."""
    today = today or timezone.localdate()
    innovations = list(Innovation.objects.all())
    commitments = list(commitment_list(user=user))
    ids = [c.pk for c in commitments]
    overdue = dict(
        Milestone.objects.filter(commitment_id__in=ids, due_on__lt=today)
        .exclude(status=MilestoneStatus.DONE)
        .values("commitment_id")
        .annotate(n=Count("id"))
        .values_list("commitment_id", "n")
    )
    mentoring = dict(
        MentoringSession.objects.filter(commitment_id__in=ids)
        .values("commitment_id")
        .annotate(last=Max("held_on"))
        .values_list("commitment_id", "last")
    )
    by_pair = {(c.region_id, c.innovation_id): c for c in commitments}
    rows = []
    for region in regions_for(user, VIEW_COMMITMENT):
        cells = []
        for innovation in innovations:
            c = by_pair.get((region.pk, innovation.pk))
            cells.append(
                MatrixCell(
                    commitment=c,
                    overdue=overdue.get(c.pk, 0) if c else 0,
                    last_mentoring=mentoring.get(c.pk) if c else None,
                )
            )
        rows.append(MatrixRow(region=region, cells=cells))
    return innovations, rows


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    kind: str
    commitment: Commitment
    text: str


def timeline(*, user: Any, limit: int = 100) -> list[TimelineEntry]:
    """The programme's history: stage changes and mentoring sessions, newest first."""
    changes = (
        scoped(StageChange.objects.all(), user, VIEW_COMMITMENT)
        .select_related("commitment__region", "commitment__innovation")
        .order_by("-on", "-id")[:limit]
    )
    sessions = (
        scoped(MentoringSession.objects.all(), user, VIEW_COMMITMENT)
        .select_related("commitment__region", "commitment__innovation")
        .order_by("-held_on", "-id")[:limit]
    )
    entries = [
        TimelineEntry(c.on, "stage", c.commitment, c.get_to_stage_display()) for c in changes
    ] + [TimelineEntry(s.held_on, "mentoring", s.commitment, s.topics) for s in sessions]
    entries.sort(key=lambda e: e.on, reverse=True)
    return entries[:limit]


def kpis_for(commitment: Commitment, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The module's live KPIs for the commitment's region: now, and at the baseline."""
    module = modules.get_module(commitment.innovation.module_code)
    if module is None or not module.kpis:
        return []
    today = today or timezone.localdate()
    # The last complete month is the current reading; the month of signing the baseline.
    current = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    baseline_day = commitment.signed_on or commitment.stage_since or current
    baseline = baseline_day.replace(day=1)
    return [
        {
            "kpi": kpi,
            "current": kpi.compute(commitment.region, current),
            "current_period": current,
            "baseline": kpi.compute(commitment.region, baseline),
            "baseline_period": baseline,
        }
        for kpi in module.kpis
    ]


@dataclass(frozen=True)
class PublicRegion:
    """One kab/kota on the public front page: its commitments' stages, no person."""

    region: Wilayah
    commitments: dict[int, Commitment]
    live: int
    has_demo: bool


def public_progress() -> tuple[list[Innovation], list[PublicRegion]]:
    """Every kab/kota with the stage of each innovation it committed to (public facts).

    Stages are the programme's public record (what a region signed and how far it went);
    nothing here is personal, so the public may read it without the per-user door.
    """
    innovations = list(Innovation.objects.all())
    by_region: dict[int, dict[int, Commitment]] = {}
    for commitment in Commitment.objects.select_related("innovation").only(
        "region_id", "innovation_id", "stage", "stage_since", "is_demo", "innovation__acronym"
    ):
        by_region.setdefault(commitment.region_id, {})[commitment.innovation_id] = commitment
    rows = []
    for region in Wilayah.objects.filter(level=Wilayah.REGION).order_by("code"):
        commitments = by_region.get(region.pk, {})
        rows.append(
            PublicRegion(
                region=region,
                commitments=commitments,
                live=sum(1 for c in commitments.values() if c.stage in LIVE_STAGES),
                has_demo=any(c.is_demo for c in commitments.values()),
            )
        )
    return innovations, rows
