"""Reads of the posyandu session: the month's children with their rows, SKDN, alerts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from replika.core import rounding
from replika.core.access import get_for_user, scoped
from replika.core.activation import is_module_live
from replika.core.models import Unit, User, Wilayah
from replika.nutrition import rules, unit_kinds
from replika.nutrition.models import Child, Measurement
from replika.nutrition.permissions import RECORD_MEASUREMENT
from replika.nutrition.rules import alerts
from replika.nutrition.settings_schema import settings_for

UNDER_FIVE_DAYS = rules.UNDER_FIVE_DAYS  # 60 months: WHO z-scores and the SKDN count stop


def session_posyandu(user: User, unit_id: int) -> Unit:
    """A posyandu the user may record in, where Ayo Ceting is live (404 otherwise)."""
    unit = get_for_user(
        Unit.objects.filter(kind=unit_kinds.POSYANDU).select_related("region"),
        user,
        unit_id,
        RECORD_MEASUREMENT,
    )
    # Units are not nutrition rows: check here that Ayo Ceting is live in the unit's region.
    if not is_module_live("nutrition", unit.region):
        raise Http404
    return unit


def children_at(user: User, unit: Unit, child_id: int | None = None) -> QuerySet[Child]:
    """The children of a posyandu the user may record measurements for (or one of them)."""
    children = Child.objects.filter(unit=unit)
    if child_id is not None:
        children = children.filter(pk=child_id)
    return scoped(children, user, RECORD_MEASUREMENT)


def session_child(user: User, unit: Unit, child_id: int) -> Child:
    """An active child of the posyandu the user may record for (404 otherwise)."""
    return get_for_user(
        Child.objects.filter(unit=unit, active=True), user, child_id, RECORD_MEASUREMENT
    )


def parse_month(text: str) -> dt.date | None:
    """The first day of a ``YYYY-MM`` month, or None when the text is not one."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return None


def month_end(period: dt.date) -> dt.date:
    """The last day of the month."""
    return rules.next_period(period) - dt.timedelta(days=1)


def under_five_at(qs: QuerySet[Child], period: dt.date) -> QuerySet[Child]:
    """Active children born by the month's end and younger than 60 months at its start."""
    born_after, born_by = rules.under_five_births(period)
    return qs.filter(active=True, birth_date__gt=born_after, birth_date__lte=born_by)


def alert_switches(region: Wilayah | None) -> alerts.AlertSwitches:
    """The child alerts switched on in a region's settings."""
    settings = settings_for(region)
    return alerts.AlertSwitches(
        two_t=settings.alert_two_t,
        wasting=settings.alert_wasting,
        newly_stunted=settings.alert_newly_stunted,
    )


@dataclass
class SessionRow:
    """One child on the session screen with this month's measurement and its alerts."""

    child: Child
    measurement: Measurement | None
    age_days: int
    alerts: list[str] = field(default_factory=list)

    @property
    def age_months(self) -> int:
        """Completed months of age at the session."""
        return rules.age_in_months(self.age_days)


def session_rows(
    children: QuerySet[Child], period: dt.date, on: dt.date, switches: alerts.AlertSwitches
) -> list[SessionRow]:
    """The month's children (already scoped to one posyandu) with measurements and alerts.

    Two queries whatever the number of children: the children, then their measurements
    up to this month (needed for 2T and newly-stunted alerts).
    """
    history = Measurement.objects.filter(period__lte=period).order_by("period")
    qs = (
        under_five_at(children, period)
        .select_related("unit")
        .prefetch_related(Prefetch("measurements", queryset=history, to_attr="history"))
        .order_by("name", "pk")
    )
    rows = []
    for child in qs:
        current = next((m for m in child.history if m.period == period), None)
        rows.append(
            SessionRow(
                child=child,
                measurement=current,
                age_days=rules.age_in_days(child.birth_date, on),
                alerts=alerts.alerts_after(current, child.history, switches) if current else [],
            )
        )
    return rows


@dataclass(frozen=True)
class Skdn:
    """A posyandu's monthly SKDN counts and the two indicators."""

    s: int
    k: int
    d: int
    n: int
    t: int
    b: int
    o: int
    two_t: int

    @property
    def d_over_s(self) -> float | None:
        """Participation: weighed children over the children of the area, in percent."""
        return rounding.percent(self.d, self.s)

    @property
    def n_over_d(self) -> float | None:
        """Weighed children whose weight went up, in percent."""
        return rounding.percent(self.n, self.d)


def skdn(unit: Unit, period: dt.date) -> Skdn:
    """The live SKDN of one posyandu for one month (three small aggregate queries)."""
    registered = under_five_at(Child.objects.filter(unit=unit), period).aggregate(
        s=Count("pk"), k=Count("pk", filter=Q(has_kia_book=True))
    )
    born_after, born_by = rules.under_five_births(period)
    weighed = Measurement.objects.filter(
        unit=unit,
        period=period,
        weight__isnull=False,
        child__birth_date__gt=born_after,
        child__birth_date__lte=born_by,
    )
    # A child weighed here that has since left or moved still counts in S: D within S.
    registered["s"] += weighed.exclude(child__active=True, child__unit=unit).count()
    growth = weighed.aggregate(
        d=Count("pk"),
        n=Count("pk", filter=Q(growth="N")),
        t=Count("pk", filter=Q(growth="T")),
        b=Count("pk", filter=Q(growth="B")),
        o=Count("pk", filter=Q(growth="O")),
    )
    two_t = (
        weighed.filter(growth="T")
        .filter(
            child__measurements__period=rules.previous_period(period),
            child__measurements__growth="T",
        )
        .count()
    )
    return Skdn(two_t=two_t, **registered, **growth)


def row_context(row: SessionRow) -> dict[str, Any]:
    """Template context of one session row."""
    return {"row": row, "child": row.child, "m": row.measurement}
