"""SKDR weekly reports and the threshold alerts they raise (the KLB criteria: services.klb)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import Unit, User
from replika.outbreak import unit_kinds
from replika.outbreak.models import Alert, AlertKind, Disease, WeeklyReport
from replika.outbreak.rules import epi_week, epi_week_start, weeks_in_year
from replika.outbreak.services.common import require_kind, save_audited
from replika.outbreak.services.klb import alerts_evaluate, week_system


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


def evaluate_last_week(*, today: dt.date | None = None) -> int:
    """The weekly run: evaluate last week's KLB criteria for every active disease."""
    today = today or timezone.localdate()
    evaluated = 0
    for disease in Disease.objects.filter(active=True).select_related("region"):
        year, week = epi_week(today - dt.timedelta(days=7), week_system(disease))
        alerts_evaluate(disease=disease, year=year, week=week)
        evaluated += 1
    return evaluated
