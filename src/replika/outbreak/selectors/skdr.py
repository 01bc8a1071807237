"""Reads of SKDR reports, alerts, and logistics."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from replika.core.access import get_for_user, scoped
from replika.core.models import Wilayah
from replika.outbreak import unit_kinds
from replika.outbreak.models import (
    Alert,
    Contact,
    ContactStatus,
    Item,
    LogisticsRequest,
    RequestLine,
    Stock,
    WeeklyReport,
)
from replika.outbreak.permissions import (
    APPROVE_LOGISTICS,
    FOLLOW_CONTACT,
    REPORT_SKDR,
    REQUEST_LOGISTICS,
    VIEW_ALERT,
)


def weekly_reports(user: Any) -> QuerySet[WeeklyReport]:
    return scoped(WeeklyReport.objects.all(), user, REPORT_SKDR).select_related("unit", "disease")


def alerts(user: Any, wilayah: Wilayah | None = None) -> QuerySet[Alert]:
    """Alerts the user may see, in a place's subtree when given."""
    qs = scoped(Alert.objects.all(), user, VIEW_ALERT).select_related("disease", "unit", "region")
    if wilayah is not None and wilayah.level > Wilayah.PROVINCE:
        region_code = ".".join(wilayah.code.split(".")[:2])
        qs = qs.filter(region__code=region_code)
        if wilayah.level > Wilayah.REGION:
            qs = qs.filter(
                Q(unit__location__code=wilayah.code)
                | Q(unit__location__code__startswith=wilayah.code + ".")
            )
    return qs


def requests_for(user: Any) -> QuerySet[LogisticsRequest]:
    """Requests the user may see: a facility its own, the Dinas its region's."""
    mine = scoped(LogisticsRequest.objects.all(), user, REQUEST_LOGISTICS)
    approving = scoped(LogisticsRequest.objects.all(), user, APPROVE_LOGISTICS)
    return (
        (mine | approving)
        .distinct()
        .select_related("unit", "warehouse")
        .annotate(line_count=Count("lines"))
        .order_by("-created_at", "-pk")
    )


def request_for(user: Any, pk: Any, perm: str) -> LogisticsRequest:
    qs = LogisticsRequest.objects.select_related("unit", "warehouse", "region")
    return get_for_user(qs, user, pk, perm)


def stock_for(user: Any) -> QuerySet[Stock]:
    """The stock of the warehouses the user manages."""
    return (
        scoped(Stock.objects.filter(warehouse__kind=unit_kinds.WAREHOUSE), user, APPROVE_LOGISTICS)
        .select_related("warehouse", "item")
        .order_by("warehouse__name", "item__name")
    )


def facility_stock_for(user: Any) -> QuerySet[Stock]:
    """What facilities hold from received logistics: a facility its own, the Dinas its
    region's."""
    return (
        scoped(
            Stock.objects.filter(warehouse__kind__in=unit_kinds.REPORTING), user, REQUEST_LOGISTICS
        )
        .select_related("warehouse", "item")
        .order_by("warehouse__name", "item__name")
    )


def items() -> QuerySet[Item]:
    """The province's item catalogue (not tenant data)."""
    return Item.objects.all()


def contacts_followed(user: Any) -> dict[str, int]:
    """Contacts by status, for the surveillance home."""
    qs = scoped(Contact.objects.all(), user, FOLLOW_CONTACT)
    counts = dict(qs.values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in ContactStatus.values}


def request_lines(request: LogisticsRequest) -> list[RequestLine]:
    """A request's lines with what was sent for each."""
    return list(request.lines.select_related("item", "realised_item").order_by("pk"))


def weekly_report_at(unit: Any, disease: Any, year: int, week: int) -> WeeklyReport | None:
    """The stored report of a facility, disease and week (the facility came through the
    door)."""
    return WeeklyReport.objects.filter(unit=unit, disease=disease, year=year, week=week).first()
