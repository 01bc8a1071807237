"""Daily counts kept up to date as cases, outcomes and tests change (dashboards read them)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from replika.core import cache
from replika.outbreak.models import Case, CaseStatus, DailyCount, Disease, LabTest, Outcome

# Public answers built from the summaries are cached under this namespace; a refresh bumps it.
CACHE_NAMESPACE = "outbreak"
_FIELDS = ("new_cases", "recovered", "deaths", "tests", "positives")
# The days waiting to be recomputed inside ``refreshed_once``, per disease; None outside.
_PENDING: ContextVar[dict[int, tuple[Disease, set[dt.date]]] | None] = ContextVar(
    "outbreak_pending_days", default=None
)


@contextlib.contextmanager
def refreshed_once() -> Iterator[None]:
    """Recompute the days touched inside once, on the way out, instead of after each change.

    Entering many cases at once (the demo's four months, a bulk entry) otherwise recomputed
    the same days again after every case, its test and its outcome. Inside, the daily rows
    stay as they were, so nothing in the block may read them (the early warning does: keep
    weekly reports out). Nothing is recomputed when the block fails; its transaction rolls the
    changes back anyway. A nested block leaves the recomputing to the outermost.
    """
    if _PENDING.get() is not None:
        yield
        return
    pending: dict[int, tuple[Disease, set[dt.date]]] = {}
    token = _PENDING.set(pending)
    try:
        yield
    finally:
        _PENDING.reset(token)
    for disease, days in pending.values():
        refresh_days(disease=disease, days=days)


def _counted_cases(disease: Disease) -> Q:
    return Q(disease=disease, status=CaseStatus.VERIFIED, classification__in=disease.counted)


def _tally(disease: Disease, days: set[dt.date]) -> dict[tuple[int | None, Any], list[int]]:
    """Per (kecamatan id, day): new, recovered, deaths, tests, positives from the raw rows."""
    tally: dict[tuple[int | None, Any], list[int]] = defaultdict(lambda: [0] * 5)
    cases = Case.objects.filter(_counted_cases(disease))
    for row in (
        cases.filter(reported_on__in=days)
        .values("district_id", "reported_on")
        .annotate(n=Count("pk"))
    ):
        tally[(row["district_id"], row["reported_on"])][0] += row["n"]
    ended = cases.filter(outcome_date__in=days, outcome__in=[Outcome.RECOVERED, Outcome.DIED])
    for end in ended.values("district_id", "outcome_date", "outcome").annotate(n=Count("pk")):
        index = 1 if end["outcome"] == Outcome.RECOVERED else 2
        tally[(end["district_id"], end["outcome_date"])][index] += end["n"]
    tests = LabTest.objects.filter(
        case__disease=disease, result_date__in=days, result__in=["positive", "negative"]
    )
    for test in tests.values("case__district_id", "result_date").annotate(
        n=Count("pk"), pos=Count("pk", filter=Q(result="positive"))
    ):
        key = (test["case__district_id"], test["result_date"])
        tally[key][3] += test["n"]
        tally[key][4] += test["pos"]
    return tally


@transaction.atomic
def refresh_days(*, disease: Disease, days: Iterable[dt.date | None]) -> int:
    """Recompute the daily rows of a disease in its region for the given days; returns rows
    (none yet inside ``refreshed_once``, which recomputes them on the way out)."""
    wanted = {d for d in days if d is not None}
    if not wanted:
        return 0
    pending = _PENDING.get()
    if pending is not None:
        pending.setdefault(disease.pk, (disease, set()))[1].update(wanted)
        return 0
    DailyCount.objects.filter(
        region_id=disease.region_id, disease_code=disease.code, day__in=wanted
    ).delete()
    tally = _tally(disease, wanted)
    totals: dict[dt.date, list[int]] = defaultdict(lambda: [0] * 5)
    rows = []
    for (district_id, day), values in tally.items():
        totals[day] = [a + b for a, b in zip(totals[day], values, strict=True)]
        if district_id is not None:
            rows.append(_row(disease, district_id, day, values))
    rows += [_row(disease, None, day, values) for day, values in totals.items()]
    DailyCount.objects.bulk_create(rows)
    transaction.on_commit(lambda: cache.bump(CACHE_NAMESPACE))
    return len(rows)


def _row(disease: Disease, district_id: int | None, day: dt.date, values: list[int]) -> DailyCount:
    return DailyCount(
        region_id=disease.region_id,
        district_id=district_id,
        disease_code=disease.code,
        day=day,
        **dict(zip(_FIELDS, values, strict=True)),
    )


def case_days(case: Case) -> set[dt.date | None]:
    """The days whose figures a case takes part in."""
    days = {case.reported_on, case.outcome_date}
    days.update(case.tests.values_list("result_date", flat=True))
    return days


@transaction.atomic
def rebuild(*, disease: Disease) -> int:
    """Recompute every day of a disease in its region (after an import or a repair)."""
    days: set[dt.date | None] = set()
    cases = Case.objects.filter(disease=disease)
    days.update(cases.values_list("reported_on", flat=True).distinct())
    days.update(cases.values_list("outcome_date", flat=True).distinct())
    days.update(
        LabTest.objects.filter(case__disease=disease)
        .values_list("result_date", flat=True)
        .distinct()
    )
    DailyCount.objects.filter(region_id=disease.region_id, disease_code=disease.code).delete()
    return refresh_days(disease=disease, days=days)
