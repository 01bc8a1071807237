"""The weekly KLB evaluation of a region's disease (Permenkes 1501/2010 Pasal 6).

Each criterion is judged on the period it speaks of. Rules 2, 3, 6 and 7 compare epi weeks
(SKDR's period). Rules 4 and 5 speak of months, so the week's calendar month is built: from
SKDR, every whole week counts in the month of its fourth day (a week's count cannot be split
by day: `epi_week_month`); from the case line list, the cases of the month's own days up to
the end of the judged week. Rule 7 needs all patients seen, which SKDR reports carry (total
visits) and a case line list cannot, so it is judged from SKDR only.

Where the numbers come from: the facilities' SKDR reports when the region sent any for the
disease in the weeks judged or the year before; otherwise the verified cases (the daily
summaries, by report date).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum

from replika.outbreak.models import Alert, AlertKind, DailyCount, Disease, WeeklyReport
from replika.outbreak.rules import epi_week, epi_week_month, epi_week_start, klb_figures
from replika.outbreak.settings_schema import settings_for

# Weeks of the series the KLB rules look back over (rules 2 and 3 need 4 and 2).
SERIES_WEEKS = 8
SKDR = "skdr"
CASES = "cases"

Week = tuple[int, int]
Month = tuple[int, int]


def week_system(disease: Disease) -> str:
    return settings_for(disease.region).week_system


@dataclass
class Totals:
    """Cases, deaths and (SKDR only) all new patients per epi week and per calendar month."""

    source: str
    weeks: dict[Week, dict[str, int]] = field(default_factory=dict)
    months: dict[Month, int] = field(default_factory=lambda: defaultdict(int))

    def week(self, key: Week, column: str) -> int:
        return int(self.weeks.get(key, {}).get(column) or 0)


def _weeks_back(year: int, week: int, count: int, system: str) -> list[Week]:
    """The ``count`` weeks ending with (year, week), oldest first."""
    start = epi_week_start(year, week, system)
    return [epi_week(start - dt.timedelta(weeks=n), system) for n in range(count - 1, -1, -1)]


def _skdr_totals(disease: Disease, year: int, week: int, system: str) -> Totals:
    """SKDR reports of the region summed per week, and whole weeks summed per month."""
    rows = (
        WeeklyReport.objects.filter(disease=disease, year__in=(year - 2, year - 1, year))
        .values("year", "week")
        .annotate(
            # A facility that left total visits out leaves the region's week without a
            # denominator: the others' visits alone would overstate the proportional rate.
            no_visits=Count("pk", filter=Q(visits__isnull=True)),
            all_cases=Sum("cases"),
            all_deaths=Sum("deaths"),
            all_visits=Sum("visits"),
        )
    )
    totals = Totals(SKDR)
    for row in rows:
        key = (row["year"], row["week"])
        totals.weeks[key] = {"cases": row["all_cases"] or 0, "deaths": row["all_deaths"] or 0}
        if row["all_visits"] is not None and not row["no_visits"]:
            totals.weeks[key]["visits"] = row["all_visits"]
        if key <= (year, week):  # the month "so far" stops at the judged week
            totals.months[epi_week_month(*key, system)] += row["all_cases"] or 0
    return totals


def _case_totals(disease: Disease, year: int, week: int, system: str) -> Totals:
    """Verified cases of the region per report day, summed per epi week and per month."""
    end = epi_week_start(year, week, system) + dt.timedelta(days=6)
    first = min(dt.date(year - 1, 1, 1), end - dt.timedelta(weeks=60))
    rows = DailyCount.objects.filter(
        region_id=disease.region_id,
        district__isnull=True,
        disease_code=disease.code,
        day__range=(first, end),
    ).values_list("day", "new_cases", "deaths")
    totals = Totals(CASES)
    for day, cases, deaths in rows:
        row = totals.weeks.setdefault(epi_week(day, system), {"cases": 0, "deaths": 0})
        row["cases"] += cases
        row["deaths"] += deaths
        totals.months[(day.year, day.month)] += cases
    return totals


def _has_skdr(disease: Disease, year: int) -> bool:
    return WeeklyReport.objects.filter(disease=disease, year__in=(year - 1, year)).exists()


def _month_series(totals: Totals, judged: Month) -> tuple[list[int], list[int]]:
    """The judged year's months January … the judged month, and last year's twelve."""
    this_year, month = judged
    monthly = [totals.months.get((this_year, m), 0) for m in range(1, month + 1)]
    last = [totals.months.get((this_year - 1, m), 0) for m in range(1, 13)]
    return monthly, last


def klb_for_week(disease: Disease, year: int, week: int) -> tuple[dict[str, Any], int, str]:
    """The criteria that fire for a region's disease in a week with their numbers, the
    week's count and the source ("skdr" or "cases")."""
    system = week_system(disease)
    if _has_skdr(disease, year):
        totals = _skdr_totals(disease, year, week, system)
    else:
        totals = _case_totals(disease, year, week, system)
    series = _weeks_back(year, week, SERIES_WEEKS, system)
    counts = [totals.week(w, "cases") for w in series]
    monthly, last_months = _month_series(totals, epi_week_month(year, week, system))
    figures = klb_figures(
        counts,
        deaths=[min(totals.week(w, "deaths"), totals.week(w, "cases")) for w in series],
        previous_year=last_months
        if any(last_months) or _reported_last_year(totals, year)
        else None,
        monthly=monthly,
        **_proportion_inputs(totals, year, week, counts[-1]),
        new_disease=_is_new(disease, totals, year, week, counts[-1], system),
    )
    return figures, counts[-1], totals.source


def _reported_last_year(totals: Totals, year: int) -> bool:
    """Last year is known (all zero is a baseline) when any of its weeks was reported."""
    return any(y == year - 1 for y, _w in totals.weeks)


def _proportion_inputs(totals: Totals, year: int, week: int, latest: int) -> dict[str, Any]:
    """Rule 7's inputs: this week's all new patients and last year's same week (SKDR)."""
    if totals.source != SKDR:
        return {}
    visits = totals.weeks.get((year, week), {}).get("visits")
    same = totals.weeks.get((year - 1, week), {})
    inputs: dict[str, Any] = {}
    if visits is not None and visits >= latest:
        inputs["visits"] = int(visits)
    if same.get("visits") and same["visits"] >= (same.get("cases") or 0):
        inputs["same_period_last_year"] = (int(same["cases"] or 0), int(same["visits"]))
    return inputs


def _is_new(
    disease: Disease, totals: Totals, year: int, week: int, count: int, system: str
) -> bool:
    """Cases this week of a disease the region had none of in the 52 weeks before, while it
    reported before that (so a region that just started reporting is not "new")."""
    if count == 0:
        return False
    start = epi_week_start(year, week, system)
    year_ago = start - dt.timedelta(weeks=52)
    if not _reported_before(disease, totals.source, year_ago, system):
        return False
    weeks = _weeks_back(year, week, 53, system)[:-1]
    return all(totals.week(w, "cases") == 0 for w in weeks)


def _reported_before(disease: Disease, source: str, day: dt.date, system: str) -> bool:
    """The region reported anything (any disease) up to a day."""
    if source == SKDR:
        y, w = epi_week(day, system)
        earlier = Q(year__lt=y) | Q(year=y, week__lte=w)
        return WeeklyReport.objects.filter(earlier, region_id=disease.region_id).exists()
    return DailyCount.objects.filter(
        region_id=disease.region_id, district__isnull=True, day__lte=day
    ).exists()


@transaction.atomic
def alerts_evaluate(*, disease: Disease, year: int, week: int) -> Alert | None:
    """Evaluate the KLB criteria for a region's disease in a week; keep or withdraw the alert."""
    figures, count, source = klb_for_week(disease, year, week)
    key: dict[str, Any] = {
        "region_id": disease.region_id,
        "unit": None,
        "disease": disease,
        "kind": AlertKind.KLB,
        "year": year,
        "week": week,
    }
    if not figures:
        Alert.objects.filter(**key).delete()
        return None
    alert, _created = Alert.objects.update_or_create(
        **key,
        defaults={"count": count, "codes": list(figures), "figures": figures, "source": source},
    )
    return alert
