"""SKDR weekly reports, the threshold alerts they raise, and the weekly KLB evaluation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import Unit, User
from replika.outbreak import unit_kinds
from replika.outbreak.models import Alert, AlertKind, Disease, WeeklyReport
from replika.outbreak.rules import epi_week, epi_week_start, klb_signals, weeks_in_year
from replika.outbreak.services.common import require_kind, save_audited
from replika.outbreak.settings_schema import settings_for

# Weeks of the series the KLB rules look back over (rules 2 and 3 need 4 and 2).
SERIES_WEEKS = 8


def week_system(disease: Disease) -> str:
    return settings_for(disease.region).week_system


def _check_week(year: int, week: int, system: str) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year from 2000 to 2100.")})
    last = weeks_in_year(year, system)
    if not 1 <= week <= last:
        raise ValidationError({"week": _("Enter a week from 1 to %(last)s.") % {"last": last}})
    if epi_week_start(year, week, system) > timezone.localdate():
        raise ValidationError({"week": _("This week has not started yet.")})


@transaction.atomic
def weekly_report_submit(
    *,
    actor: User | None,
    unit: Unit,
    disease: Disease,
    year: int,
    week: int,
    cases: int,
    deaths: int = 0,
    visits: int | None = None,
) -> WeeklyReport:
    """Store (or correct) a facility's weekly count, then evaluate that week's alerts."""
    require_kind("unit", unit, unit_kinds.REPORTING, _("SKDR reports come from a health facility."))
    if disease.region_id != unit.region_id or not disease.active:
        raise ValidationError(
            {"disease": _("This disease is not tracked in the facility's region.")}
        )
    _check_week(year, week, week_system(disease))
    if cases < 0:
        raise ValidationError({"cases": _("Enter zero or more cases.")})
    if not 0 <= deaths <= cases:
        raise ValidationError({"deaths": _("Deaths must be between zero and the cases.")})
    if visits is not None and visits < cases:
        raise ValidationError({"visits": _("All new patients cannot be fewer than the cases.")})
    report = (
        WeeklyReport.objects.select_for_update()
        .filter(unit=unit, disease=disease, year=year, week=week)
        .first()
    )
    values: dict[str, Any] = {
        "cases": cases,
        "deaths": deaths,
        "visits": visits,
        "reported_by": actor,
    }
    if report is None:
        report = WeeklyReport.objects.create(
            region=unit.region, unit=unit, disease=disease, year=year, week=week, **values
        )
        audit.record(actor=actor, action="outbreak.skdr.report", instance=report)
    else:
        save_audited(report, actor=actor, action="outbreak.skdr.correct", **values)
    _threshold_alert(report)
    alerts_evaluate(disease=disease, year=year, week=week)
    return report


def _threshold_alert(report: WeeklyReport) -> None:
    """A facility at or over the disease's weekly threshold raises an alert (a correction
    below it withdraws the alert)."""
    threshold = report.disease.weekly_threshold
    key: dict[str, Any] = {
        "region_id": report.region_id,
        "unit_id": report.unit_id,
        "disease": report.disease,
        "kind": AlertKind.THRESHOLD,
        "year": report.year,
        "week": report.week,
    }
    if threshold and report.cases >= threshold:
        Alert.objects.update_or_create(**key, defaults={"count": report.cases, "codes": []})
    else:
        Alert.objects.filter(**key).delete()


def _weeks_back(year: int, week: int, count: int, system: str) -> list[tuple[int, int]]:
    """The ``count`` weeks ending with (year, week), oldest first."""
    start = epi_week_start(year, week, system)
    return [epi_week(start - dt.timedelta(weeks=n), system) for n in range(count - 1, -1, -1)]


def _totals(
    disease: Disease, weeks: list[tuple[int, int]]
) -> dict[tuple[int, int], dict[str, Any]]:
    years = {y for y, _w in weeks}
    rows = (
        WeeklyReport.objects.filter(disease=disease, year__in=years)
        .values("year", "week")
        .annotate(cases=Sum("cases"), deaths=Sum("deaths"), visits=Sum("visits"))
    )
    wanted = set(weeks)
    return {(r["year"], r["week"]): dict(r) for r in rows if (r["year"], r["week"]) in wanted}


def klb_for_week(disease: Disease, year: int, week: int) -> tuple[list[str], int]:
    """The KLB rule codes that fire for a region's disease in a week, and the week's count."""
    system = week_system(disease)
    series_weeks = _weeks_back(year, week, SERIES_WEEKS, system)
    totals = _totals(disease, series_weeks)
    counts = [int(totals.get(w, {}).get("cases") or 0) for w in series_weeks]
    deaths = [int(totals.get(w, {}).get("deaths") or 0) for w in series_weeks]
    last_year_weeks = [(year - 1, n) for n in range(1, weeks_in_year(year - 1, system) + 1)]
    last_year = _totals(disease, last_year_weeks)
    previous = [int(last_year.get(w, {}).get("cases") or 0) for w in last_year_weeks]
    now = totals.get((year, week), {})
    same = last_year.get((year - 1, min(week, len(last_year_weeks))), {})
    visits = now.get("visits")
    same_pair = None
    if same.get("visits"):
        same_pair = (int(same["cases"] or 0), int(same["visits"]))
    codes = klb_signals(
        counts,
        previous_year=previous if last_year else None,
        deaths=deaths,
        visits=int(visits) if visits is not None and visits >= counts[-1] else None,
        same_period_last_year=same_pair,
        new_disease=_is_new(disease, year, week, counts[-1], system),
    )
    return codes, counts[-1]


def _is_new(disease: Disease, year: int, week: int, count: int, system: str) -> bool:
    """Cases this week of a disease the region reported none of in the year before, while
    reporting other diseases (so a region that just started reporting is not "new")."""
    if count == 0:
        return False
    start = epi_week_start(year, week, system)
    year_ago = epi_week(start - dt.timedelta(weeks=52), system)
    older = WeeklyReport.objects.filter(region_id=disease.region_id).filter(
        year__lt=year_ago[0]
    ) | WeeklyReport.objects.filter(
        region_id=disease.region_id, year=year_ago[0], week__lte=year_ago[1]
    )
    if not older.exists():
        return False
    weeks = _weeks_back(year, week, 53, system)[:-1]
    totals = _totals(disease, weeks)
    return all(not (row.get("cases") or 0) for row in totals.values())


@transaction.atomic
def alerts_evaluate(*, disease: Disease, year: int, week: int) -> Alert | None:
    """Evaluate the KLB criteria for a region's disease in a week; keep or withdraw the alert."""
    codes, count = klb_for_week(disease, year, week)
    key: dict[str, Any] = {
        "region_id": disease.region_id,
        "unit": None,
        "disease": disease,
        "kind": AlertKind.KLB,
        "year": year,
        "week": week,
    }
    if not codes:
        Alert.objects.filter(**key).delete()
        return None
    alert, _created = Alert.objects.update_or_create(
        **key, defaults={"count": count, "codes": codes}
    )
    return alert


def evaluate_last_week(*, today: dt.date | None = None) -> int:
    """The weekly run: evaluate last week's KLB criteria for every active disease."""
    today = today or timezone.localdate()
    evaluated = 0
    for disease in Disease.objects.filter(active=True).select_related("region"):
        system = week_system(disease)
        year, week = epi_week(today - dt.timedelta(days=7), system)
        alerts_evaluate(disease=disease, year=year, week=week)
        evaluated += 1
    return evaluated
