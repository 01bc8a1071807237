"""Reads of the enrolment figures a region entered."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from replika.core.access import grants, scoped
from replika.core.activation import live_region_ids
from replika.core.models import Wilayah
from replika.schooling.models import EnrolmentFigure
from replika.schooling.permissions import MANAGE_FIGURES


def figures_for(user: Any) -> QuerySet[EnrolmentFigure]:
    """The figures the user may manage, the latest year first."""
    return scoped(EnrolmentFigure.objects.all(), user, MANAGE_FIGURES).select_related("wilayah")


def figure_areas(user: Any) -> QuerySet[Wilayah]:
    """The kab/kota and kecamatan the user may enter figures for (where Poltabes is live)."""
    live = Wilayah.objects.filter(pk__in=live_region_ids("schooling")).values_list(
        "code", flat=True
    )
    codes = list(live)
    qs = Wilayah.objects.filter(level__in=(Wilayah.REGION, Wilayah.DISTRICT))
    in_live = Q(pk__in=[])
    for code in codes:
        in_live |= Q(code=code) | Q(code__startswith=code + ".")
    qs = qs.filter(in_live)
    condition = Q(pk__in=[])
    for grant in grants(user, MANAGE_FIGURES):
        if grant.unit_path is not None:
            continue
        if grant.level == Wilayah.PROVINCE:
            return qs.order_by("code")
        condition |= Q(code=grant.wilayah_code) | Q(code__startswith=grant.wilayah_code + ".")
    return qs.filter(condition).order_by("code")
