"""The figures behind the replication KPIs (read by kpis.py)."""

from __future__ import annotations

import datetime as dt
import statistics

from django.db.models import Count, F, Q
from django.utils import timezone

from replika.core.models import Unit, Wilayah
from replika.outbreak import unit_kinds
from replika.outbreak.models import Case, Contact, ContactStatus, Disease, WeeklyReport
from replika.outbreak.rules import epi_week


def _regions(region: Wilayah) -> Q:
    return Q() if region.level == Wilayah.PROVINCE else Q(region=region)


def _month(period: dt.date) -> tuple[dt.date, dt.date]:
    first = period.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def contacts_followed_to_end(region: Wilayah, period: dt.date) -> float | None:
    """Share (%) of contacts whose follow-up ended in the month who were followed to the end
    (completed or became a case), of all whose period ended (completed, lost, case)."""
    first, last = _month(period)
    ended = Contact.objects.filter(
        _regions(region), follow_up_until__gte=first, follow_up_until__lte=last
    ).exclude(status=ContactStatus.FOLLOWING)
    counts = ended.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status__in=[ContactStatus.COMPLETED, ContactStatus.BECAME_CASE])),
    )
    if not counts["total"]:
        return None
    return round(100.0 * counts["done"] / counts["total"], 1)


def median_days_to_verification(region: Wilayah, period: dt.date) -> float | None:
    """Median days from the report date to verification, of cases verified in the month."""
    first, last = _month(period)
    rows = Case.objects.filter(
        _regions(region), verified_at__date__gte=first, verified_at__date__lte=last
    ).values_list("reported_on", "verified_at")
    days = [
        max(0, (timezone.localtime(verified).date() - reported).days)
        for reported, verified in rows
        if verified
    ]
    return float(statistics.median(days)) if days else None


def skdr_completeness(region: Wilayah, period: dt.date) -> float | None:
    """Share (%) of expected weekly reports received in the month: every reporting facility
    × every SKDR disease × every epi week that starts in the month."""
    first, last = _month(period)
    weeks = sorted({epi_week(first + dt.timedelta(days=d)) for d in range((last - first).days + 1)})
    facilities = Unit.objects.filter(
        _regions(region), kind__in=(unit_kinds.PUSKESMAS, unit_kinds.HOSPITAL), active=True
    )
    diseases = Disease.objects.filter(_regions(region), active=True).exclude(skdr_code="")
    expected = 0
    for disease in diseases:
        expected += facilities.filter(region_id=disease.region_id).count() * len(weeks)
    if not expected:
        return None
    received = (
        WeeklyReport.objects.filter(disease__in=diseases, unit__in=facilities)
        .annotate(pair=F("year") * 100 + F("week"))
        .filter(pair__in=[y * 100 + w for y, w in weeks])
        .count()
    )
    return round(min(100.0, 100.0 * received / expected), 1)
