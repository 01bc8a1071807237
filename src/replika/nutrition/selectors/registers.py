"""Reads of the registers: children and mothers lists, a mother's pregnancies and visits."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from replika.core.access import get_for_user, scoped
from replika.core.models import Unit
from replika.core.privacy import mask_nik
from replika.nutrition import rules, unit_kinds
from replika.nutrition.models import (
    AdolescentGirl,
    AdolescentScreening,
    Child,
    Measurement,
    Mother,
    Pregnancy,
    PregnancyVisit,
)
from replika.nutrition.permissions import RECORD_MEASUREMENT, VIEW_PERSONAL

RECOMMENDED_ANC_VISITS = 6  # Permenkes 21/2021 and the 2020 Buku KIA: at least six visits


def posyandu_for(user: Any, perm: str) -> QuerySet[Unit]:
    """The posyandu the user may act on with ``perm``."""
    return scoped(Unit.objects.filter(kind=unit_kinds.POSYANDU, active=True), user, perm)


def shows_personal(user: Any) -> bool:
    """Whether the user sees full NIKs (else masked)."""
    from replika.core.access import has_any

    return has_any(user, VIEW_PERSONAL)


def nik_for(user_sees_personal: bool, nik: str) -> str:
    """A NIK as this user may see it."""
    return nik if user_sees_personal else mask_nik(nik)


def search_children(
    qs: QuerySet[Child], *, query: str = "", unit_id: int | None = None, by_nik: bool = True
) -> QuerySet[Child]:
    """Children matching a name or NIK fragment, optionally at one posyandu.

    ``by_nik`` is False for users who may not see NIKs: searching by one would confirm it.
    """
    query = query.strip()
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if query.isdigit() and not by_nik:
        return qs.none()
    if query.isdigit():
        qs = qs.filter(Q(nik__startswith=query) | Q(mother_nik__startswith=query))
    elif query:
        qs = qs.filter(name_key__contains=rules.name_key(query))
    return qs.select_related("unit").order_by("name", "pk")


def search_mothers(
    qs: QuerySet[Mother], *, query: str = "", unit_id: int | None = None, by_nik: bool = True
) -> QuerySet[Mother]:
    """Mothers matching a name or NIK fragment, with their ongoing pregnancies marked."""
    query = query.strip()
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if query.isdigit() and not by_nik:
        return qs.none()
    if query.isdigit():
        qs = qs.filter(nik__startswith=query)
    elif query:
        qs = qs.filter(name_key__contains=rules.name_key(query))
    return (
        qs.select_related("unit")
        .prefetch_related(
            Prefetch(
                "pregnancies",
                queryset=Pregnancy.objects.filter(status="active"),
                to_attr="ongoing",
            )
        )
        .order_by("name", "pk")
    )


@dataclass
class VisitRow:
    """An antenatal visit with KEK and anaemia judged by the region's thresholds."""

    visit: PregnancyVisit
    kek: bool
    anaemia: bool


@dataclass
class PregnancyCard:
    """One pregnancy with its visits and the counts a midwife checks."""

    pregnancy: Pregnancy
    visits: list[VisitRow] = field(default_factory=list)
    recommended: int = RECOMMENDED_ANC_VISITS

    @property
    def visit_count(self) -> int:
        """How many antenatal visits were recorded."""
        return len(self.visits)

    @property
    def visits_missing(self) -> int:
        """Visits still needed to reach the recommended number."""
        return max(0, self.recommended - self.visit_count)

    @property
    def ttd_total(self) -> int:
        """Iron tablets given over the pregnancy."""
        return sum(row.visit.ttd_tablets for row in self.visits)

    @property
    def any_kek(self) -> bool:
        """Whether any visit found KEK."""
        return any(row.kek for row in self.visits)

    @property
    def any_anaemia(self) -> bool:
        """Whether any visit found anaemia."""
        return any(row.anaemia for row in self.visits)


def mother_pregnancies(
    mother: Mother, kek_below: Decimal, hb_below: Decimal
) -> list[PregnancyCard]:
    """A mother's pregnancies, newest first, each with its visits judged by the thresholds."""
    pregnancies = mother.pregnancies.prefetch_related(
        Prefetch("visits", queryset=PregnancyVisit.objects.order_by("visit_date"))
    ).order_by("-created_at", "-pk")
    return [
        PregnancyCard(
            pregnancy=p,
            visits=[
                VisitRow(
                    visit=v,
                    kek=rules.is_kek(v.lila_cm, kek_below),
                    anaemia=rules.is_anaemic(v.hb_g_dl, hb_below),
                )
                for v in p.visits.all()
            ],
        )
        for p in pregnancies
    ]


def girls_with_last_screening(qs: QuerySet[AdolescentGirl]) -> QuerySet[AdolescentGirl]:
    """Girls with their screenings (newest first) loaded in one extra query."""
    return (
        qs.select_related("unit")
        .prefetch_related(
            Prefetch(
                "screenings",
                queryset=AdolescentScreening.objects.order_by("-screened_on"),
                to_attr="latest_screenings",
            )
        )
        .order_by("name", "pk")
    )


def child_to_record(user: Any, *, child_id: int | None, nik: str | None) -> Child | None:
    """The child a field app names (by id, else by NIK) if the user may record for it."""
    if child_id is not None:
        return scoped(Child.objects.filter(pk=child_id), user, RECORD_MEASUREMENT).first()
    if nik:
        return scoped(Child.objects.filter(nik=nik), user, RECORD_MEASUREMENT).first()
    return None


def child_for(user: Any, child_id: int, perm: str) -> Child:
    """One child with its posyandu and region, if the user holds ``perm`` (404 otherwise)."""
    return get_for_user(Child.objects.select_related("unit", "region"), user, child_id, perm)


def may_on_child(user: Any, child: Child, perm: str) -> bool:
    """Whether the user holds ``perm`` over this child."""
    return scoped(Child.objects.filter(pk=child.pk), user, perm).exists()


def child_measurements(child: Child) -> QuerySet[Measurement]:
    """A child's measurements, oldest month first."""
    return child.measurements.order_by("period")
