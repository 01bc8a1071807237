"""Children needing action this month: by name, VIEW_REGISTER only, always through the door.

The dashboards' aggregates come from the summaries (``selectors.dashboards``); these lists
read measurements, through ``core.access``, for the roles that follow children by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from replika.core import access
from replika.core.models import Wilayah
from replika.nutrition import rules
from replika.nutrition.models import Measurement
from replika.nutrition.rules import acute
from replika.nutrition.selectors.dashboards import Place, code_within
from replika.nutrition.settings_schema import settings_for

ACTION_LIMIT = 50


@dataclass
class ActionList:
    """One list of children needing action: the first rows and how many there are."""

    key: str
    title: str
    rows: list[Measurement]
    total: int


def _measurements_in(user: Any, perm: str, place: Place, period: dt.date) -> QuerySet[Measurement]:
    """The month's measurements inside the place that the user may see by name."""
    qs = access.scoped(Measurement.objects.filter(period=period), user, perm)
    if place.unit is not None:
        return qs.filter(unit__path__startswith=place.unit.path)
    if place.level == Wilayah.REGION:
        return qs.filter(region=place.region)
    if place.level > Wilayah.REGION:
        return qs.filter(code_within("unit__location", place.scope))
    return qs


def _two_t(qs: QuerySet[Measurement], period: dt.date) -> QuerySet[Measurement]:
    previous_t = Measurement.objects.filter(
        child_id=OuterRef("child_id"), period=rules.previous_period(period), growth="T"
    )
    return qs.filter(Exists(previous_t), growth="T")


def _severe(qs: QuerySet[Measurement]) -> QuerySet[Measurement]:
    """Gizi buruk on any criterion (weight-for-length, LiLA, oedema) or below the red line."""
    return qs.filter(
        Q(cat_acute=acute.GIZI_BURUK)
        | Q(zwfl__lt=acute.SEVERE_Z, fwfl=False)
        | Q(zwei__lt=acute.RED_LINE_Z, fwei=False)
    )


def _wasted(qs: QuerySet[Measurement]) -> QuerySet[Measurement]:
    """Gizi kurang on weight-for-length/height or LiLA (and not gizi buruk)."""
    moderate_z = Q(zwfl__gte=acute.SEVERE_Z, zwfl__lt=acute.MODERATE_Z, fwfl=False)
    return qs.filter(Q(cat_acute=acute.GIZI_KURANG) | moderate_z).exclude(
        cat_acute=acute.GIZI_BURUK
    )


def _newly_stunted(qs: QuerySet[Measurement]) -> QuerySet[Measurement]:
    earlier = Measurement.objects.filter(
        child_id=OuterRef("child_id"),
        period__lt=OuterRef("period"),
        zlen__isnull=False,
        flen=False,
    ).order_by("-period")
    return (
        qs.filter(zlen__lt=-2, flen=False)
        .annotate(previous_zlen=Subquery(earlier.values("zlen")[:1]))
        .filter(previous_zlen__gte=-2)
    )


def action_lists(user: Any, perm: str, place: Place, period: dt.date) -> list[ActionList]:
    """Children needing action this month, in the place, as the region's settings ask."""
    base = _measurements_in(user, perm, place, period).select_related("child", "unit")
    # Province-wide places (no region) run on the defaults: every list is on.
    settings = settings_for(place.region)
    wanted = [
        # Patient safety: always listed, whatever the region switched off.
        ("severe", _("Gizi buruk or below the red line"), _severe(base), True),
        ("two_t", _("Weight did not go up twice (2T)"), _two_t(base, period), settings.alert_two_t),
        ("wasted", _("Gizi kurang"), _wasted(base), settings.alert_wasting),
        (
            "newly_stunted",
            _("Newly stunted"),
            _newly_stunted(base),
            settings.alert_newly_stunted,
        ),
    ]
    lists = []
    for key, title, qs, switched_on in wanted:
        if not switched_on:
            continue
        rows = list(qs.order_by("unit__name", "child__name")[:ACTION_LIMIT])
        for row in rows:
            row.age_months = rules.age_in_months(row.age_days)  # type: ignore[attr-defined]
        lists.append(ActionList(key=key, title=title, rows=rows, total=qs.count()))
    return lists
