"""Reads of the follow-up pages: referrals, Rumah Gizi enrolments and their units."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from replika.core.access import get_for_user, scoped
from replika.core.models import Unit, User, Wilayah
from replika.nutrition import unit_kinds
from replika.nutrition.models import Referral, RumahGiziEnrolment
from replika.nutrition.rules import acute
from replika.nutrition.rules import followup as rg
from replika.nutrition.settings_schema import settings_for


def referrals_for(
    user: User, perm: str, filters: dict[str, Any] | None = None
) -> QuerySet[Referral]:
    """The referrals the user may see, with what a list row shows, filtered."""
    rows = scoped(
        Referral.objects.select_related(
            "child", "pregnancy__mother", "girl", "unit", "puskesmas", "measurement"
        ),
        user,
        perm,
    )
    filters = filters or {}
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("reason"):
        rows = rows.filter(reason=filters["reason"])
    if filters.get("overdue"):
        rows = rows.filter(status=rg.REFERRED, referred_on__lte=overdue_since())
    if filters.get("unit"):
        rows = rows.filter(unit=filters["unit"])
    query = (filters.get("q") or "").strip()
    if query:
        rows = rows.filter(
            Q(child__name__icontains=query)
            | Q(pregnancy__mother__name__icontains=query)
            | Q(girl__name__icontains=query)
        )
    return rows


def overdue_since() -> dt.date:
    """Referred on or before this day and still not examined means overdue."""
    return timezone.localdate() - dt.timedelta(days=rg.OVERDUE_AFTER_DAYS + 1)


def referral_for(user: User, pk: int, perm: str) -> Referral:
    """One referral the user holds ``perm`` over (404 otherwise)."""
    related = ("child", "pregnancy__mother", "girl", "unit__parent", "puskesmas", "region")
    return get_for_user(Referral.objects.select_related(*related), user, pk, perm)


def may_act_on(user: User, obj: Referral | RumahGiziEnrolment, perm: str) -> bool:
    """Whether the user holds ``perm`` over this referral or enrolment."""
    return scoped(type(obj).objects.filter(pk=obj.pk), user, perm).exists()


def referral_timeline(referral: Referral) -> dict[str, Any]:
    """A referral's events and enrolments, as its page shows them."""
    return {
        "events": referral.events.select_related("by"),
        "enrolments": referral.enrolments.select_related("rumah_gizi"),
    }


def rumah_gizi_units(region: Wilayah) -> QuerySet[Unit]:
    """The active Rumah Gizi of a region (facility names, no personal data)."""
    return Unit.objects.filter(region=region, kind=unit_kinds.RUMAH_GIZI, active=True).order_by(
        "name"
    )


def enrolments_for(user: User, perm: str, status: str = "") -> QuerySet[RumahGiziEnrolment]:
    """The Rumah Gizi enrolments the user may see, optionally of one status."""
    rows = scoped(
        RumahGiziEnrolment.objects.select_related("child", "rumah_gizi", "unit"), user, perm
    )
    return rows.filter(status=status) if status else rows


def enrolment_for(user: User, pk: int, perm: str) -> RumahGiziEnrolment:
    """One enrolment the user holds ``perm`` over (404 otherwise)."""
    related = ("child", "rumah_gizi", "unit", "region")
    return get_for_user(RumahGiziEnrolment.objects.select_related(*related), user, pk, perm)


def discharge_missing(enrolment: RumahGiziEnrolment) -> list[str]:
    """What still keeps the child in the programme, on its admission criterion."""
    weighings = [
        rg.Weighing(
            on=w.measured_on,
            zwfl=w.zwfl,
            armc=None if w.armc is None else float(w.armc),
            oedema=w.oedema,
        )
        for w in enrolment.weights.order_by("measured_on")
    ]
    return rg.discharge_missing(
        admitted_on=acute.reasons_of(enrolment.admitted_on) or (acute.BY_WFL,),
        enrolled_on=enrolment.enrolled_on,
        weighings=weighings,
        spacing_days=settings_for(enrolment.region).discharge_spacing_days,
    )
