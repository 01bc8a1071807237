"""Reads of the posyandu session: the month's children with their rows, SKDN, alerts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from replika.core import rounding
from replika.core.access import get_for_user, scoped
from replika.core.activation import live_region_ids
from replika.core.models import Unit, User, Wilayah
from replika.nutrition import rules, unit_kinds
from replika.nutrition.models import Child, Measurement
from replika.nutrition.permissions import RECORD_MEASUREMENT
from replika.nutrition.rules import alerts
from replika.nutrition.settings_schema import settings_for

# What the session shows and the alerts read of a measurement (the rest stays unread).
SHOWN_FIELDS = (
    "child_id",
    "period",
    "visit_date",
    "weight",
    "lenhei",
    "measure",
    "oedema",
    "headc",
    "armc",
    "zlen",
    "zwei",
    "zwfl",
    "flen",
    "fwei",
    "fwfl",
    "fbmi",
    "cat_zlen",
    "cat_zwei",
    "cat_zwfl",
    "growth",
    "updated_at",
    "confirmed_at",
    "cat_acute",
    "acute_reasons",
)
UNDER_FIVE_DAYS = rules.UNDER_FIVE_DAYS  # 60 months: WHO z-scores and the SKDN count stop


def session_posyandu(user: User, unit_id: int) -> Unit:
    """A posyandu the user may record in, where Ayo Ceting is live (404 otherwise)."""
    # Units are not nutrition rows: the same query checks that Ayo Ceting is live in the
    # unit's region (as ``is_module_live`` would, without a second round trip).
    posyandu = Unit.objects.filter(
        kind=unit_kinds.POSYANDU, region_id__in=live_region_ids("nutrition")
    ).select_related("region")
    return get_for_user(posyandu, user, unit_id, RECORD_MEASUREMENT)


def children_at(user: User, unit: Unit, child_id: int | None = None) -> QuerySet[Child]:
    """The children of a posyandu the user may record measurements for (or one of them)."""
    children = Child.objects.filter(unit=unit)
    if child_id is not None:
        children = children.filter(pk=child_id)
    return scoped(children, user, RECORD_MEASUREMENT)


def session_child(user: User, unit: Unit, child_id: int) -> Child:
    """An active child of the posyandu the user may record for (404 otherwise)."""
    # With its region: the save's audit event and alerts need it.
    children = Child.objects.filter(unit=unit, active=True).select_related("region")
    return get_for_user(children, user, child_id, RECORD_MEASUREMENT)


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


def is_under_five_at(child: Child, period: dt.date) -> bool:
    """``under_five_at`` for a child already read: whether it has a row in that month."""
    born_after, born_by = rules.under_five_births(period)
    return child.active and born_after < child.birth_date <= born_by


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
    # The latest earlier weighing (last month's weight and its trend on the row).
    previous: Past | None = None

    @property
    def age_months(self) -> int:
        """Completed months of age at the session."""
        return rules.age_in_months(self.age_days)

    @property
    def measured(self) -> bool:
        """Whether this month's measurement is saved."""
        return self.measurement is not None

    @property
    def needs_followup(self) -> bool:
        """An alert, a weight that did not go up, or last month's T still unanswered."""
        if self.alerts:
            return True
        if self.measurement is not None:
            return self.measurement.growth == "T"
        return self.previous is not None and self.previous.growth == "T"


# The filters and orders of the session list (query values are also the JS ones).
SHOW_ALL, SHOW_TODO, SHOW_FOLLOWUP = "all", "todo", "followup"
ORDER_NAME, ORDER_REGISTER = "name", "register"


def filtered_rows(rows: list[SessionRow], *, query: str, show: str, order: str) -> list[SessionRow]:
    """The rows a search, a filter and an order leave, as the page's script shows them."""
    words = rules.name_key(query).split()
    picked = [
        row
        for row in rows
        if all(word in row.child.name_key for word in words)
        and (show != SHOW_TODO or not row.measured)
        and (show != SHOW_FOLLOWUP or row.needs_followup)
    ]
    if order == ORDER_REGISTER:
        picked.sort(key=lambda row: row.child.pk)
    return picked


@dataclass(frozen=True)
class Past:
    """An earlier month of a child as the row and its alerts read it (no model instance)."""

    period: dt.date
    growth: str
    zwfl: float | None
    fwfl: bool
    zlen: float | None
    flen: bool
    weight: Any
    zwei: float | None
    fwei: bool
    cat_acute: str


PAST_FIELDS = (
    "child_id",
    "period",
    "growth",
    "zwfl",
    "fwfl",
    "zlen",
    "flen",
    "weight",
    "zwei",
    "fwei",
    "cat_acute",
)


def session_rows(
    children: QuerySet[Child], period: dt.date, on: dt.date, switches: alerts.AlertSwitches
) -> list[SessionRow]:
    """The month's children (already scoped to one posyandu) with measurements and alerts.

    Three queries whatever the number of children: the children, this month's
    measurements, and the earlier months as plain values (for 2T, newly stunted and last
    month's weight; a 120-child posyandu has some 1,500 of them, too many to build models).
    """
    kids = list(under_five_at(children, period).order_by("name", "pk"))
    ids = [child.pk for child in kids]
    current = {
        m.child_id: m
        for m in Measurement.objects.filter(child_id__in=ids, period=period).only(*SHOWN_FIELDS)
    }
    return _with_history(kids, current, period, on, switches)


def session_row(
    child: Child,
    measurement: Measurement | None,
    period: dt.date,
    on: dt.date,
    switches: alerts.AlertSwitches,
) -> SessionRow:
    """One child's row after a save, from the month the save returned (one query, not three).

    ``measurement`` is None when nothing was written (a refused or empty entry): the
    month is read then, as the row shows the server's values next to the refusal.
    """
    if measurement is None:
        measurement = (
            Measurement.objects.filter(child=child, period=period).only(*SHOWN_FIELDS).first()
        )
    current = {child.pk: measurement} if measurement is not None else {}
    return _with_history([child], current, period, on, switches)[0]


def _with_history(
    kids: list[Child],
    current: dict[int, Measurement],
    period: dt.date,
    on: dt.date,
    switches: alerts.AlertSwitches,
) -> list[SessionRow]:
    """The rows of ``kids``: their earlier months read at once, the alerts worked out."""
    ids = [child.pk for child in kids]
    earlier: dict[int, list[Past]] = {pk: [] for pk in ids}
    rows_before = (
        Measurement.objects.filter(child_id__in=ids, period__lt=period)
        .order_by("period")
        .values_list(*PAST_FIELDS)
    )
    for child_id, *values in rows_before:
        earlier[child_id].append(Past(*values))
    rows = []
    for child in kids:
        now = current.get(child.pk)
        past = earlier[child.pk]
        previous = next((m for m in reversed(past) if m.weight is not None), None)
        rows.append(
            SessionRow(
                child=child,
                measurement=now,
                age_days=rules.age_in_days(child.birth_date, on),
                alerts=alerts.alerts_after(now, past, switches) if now else [],
                previous=previous,
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
    """The live SKDN of one posyandu for one month (two small aggregate queries)."""
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
    # 2T: a T this month after a T last month, counted in the same query as the rest.
    t_before = Measurement.objects.filter(
        child_id=OuterRef("child_id"), period=rules.previous_period(period), growth="T"
    )
    growth = weighed.aggregate(
        d=Count("pk"),
        n=Count("pk", filter=Q(growth="N")),
        t=Count("pk", filter=Q(growth="T")),
        b=Count("pk", filter=Q(growth="B")),
        o=Count("pk", filter=Q(growth="O")),
        gone=Count("pk", filter=~Q(child__active=True, child__unit=unit)),
        two_t=Count("pk", filter=Q(growth="T") & Q(Exists(t_before))),
    )
    # A child weighed here that has since left or moved still counts in S: D within S.
    registered["s"] += growth.pop("gone")
    return Skdn(**registered, **growth)


def row_context(row: SessionRow) -> dict[str, Any]:
    """Template context of one session row."""
    return {"row": row, "child": row.child, "m": row.measurement}
