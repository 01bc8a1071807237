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
    Referral,
)
from replika.nutrition.permissions import (
    CHANGE_REGISTER,
    RECORD_MEASUREMENT,
    VIEW_PERSONAL,
    VIEW_REGISTER,
)

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


def _matching(
    qs: QuerySet[Any], query: str, unit_id: int | None, by_nik: bool, nik_match: Q
) -> QuerySet[Any]:
    """Rows matching a name or NIK fragment (``nik_match`` built for the digits typed)."""
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if query.isdigit() and not by_nik:
        return qs.none()
    if query.isdigit():
        return qs.filter(nik_match)
    if query:
        return qs.filter(name_key__contains=rules.name_key(query))
    return qs


def search_children(
    qs: QuerySet[Child], *, query: str = "", unit_id: int | None = None, by_nik: bool = True
) -> QuerySet[Child]:
    """Children matching a name or NIK fragment, optionally at one posyandu.

    ``by_nik`` is False for users who may not see NIKs: searching by one would confirm it.
    """
    query = query.strip()
    nik_match = Q(nik__startswith=query) | Q(mother_nik__startswith=query)
    qs = _matching(qs, query, unit_id, by_nik, nik_match)
    return qs.select_related("unit").order_by("name", "pk")


def search_mothers(
    qs: QuerySet[Mother], *, query: str = "", unit_id: int | None = None, by_nik: bool = True
) -> QuerySet[Mother]:
    """Mothers matching a name or NIK fragment, with their ongoing pregnancies marked."""
    query = query.strip()
    qs = _matching(qs, query, unit_id, by_nik, Q(nik__startswith=query))
    ongoing = Prefetch(
        "pregnancies", queryset=Pregnancy.objects.filter(status="active"), to_attr="ongoing"
    )
    return qs.select_related("unit").prefetch_related(ongoing).order_by("name", "pk")


def search_girls(
    qs: QuerySet[AdolescentGirl], *, query: str = "", unit_id: int | None = None
) -> QuerySet[AdolescentGirl]:
    """Adolescent girls whose name contains the text, optionally at one posyandu."""
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if query:
        qs = qs.filter(name__icontains=query)
    return girls_with_last_screening(qs)


def register_rows(user: Any, register: str, *, query: str, unit_id: int | None) -> QuerySet[Any]:
    """The rows of a register list the user may see, searched by name or NIK."""
    if register == "girls":
        girls = scoped(AdolescentGirl.objects.all(), user, VIEW_REGISTER)
        return search_girls(girls, query=query, unit_id=unit_id)
    by_nik = shows_personal(user)
    if register == "mothers":
        mothers = scoped(Mother.objects.all(), user, VIEW_REGISTER)
        return search_mothers(mothers, query=query, unit_id=unit_id, by_nik=by_nik)
    children = scoped(Child.objects.all(), user, VIEW_REGISTER)
    return search_children(children, query=query, unit_id=unit_id, by_nik=by_nik)


def child_to_edit(user: Any, pk: int) -> Child:
    """A child the user may correct (404 otherwise)."""
    return get_for_user(Child.objects.select_related("unit"), user, pk, CHANGE_REGISTER)


def mother_for(user: Any, pk: int, perm: str) -> Mother:
    """A mother with her posyandu and region, if the user holds ``perm`` (404 otherwise)."""
    return get_for_user(Mother.objects.select_related("unit", "region"), user, pk, perm)


def children_of(user: Any, mother: Mother) -> QuerySet[Child]:
    """The mother's children the user may see, eldest first."""
    return scoped(Child.objects.filter(mother=mother), user, VIEW_REGISTER).order_by("birth_date")


def pregnancy_for(user: Any, pk: int) -> Pregnancy:
    """A pregnancy the user may record visits for (404 otherwise)."""
    return get_for_user(
        Pregnancy.objects.select_related("mother", "region"), user, pk, RECORD_MEASUREMENT
    )


def girl_for(user: Any, pk: int) -> AdolescentGirl:
    """An adolescent girl the user may screen (404 otherwise)."""
    return get_for_user(
        AdolescentGirl.objects.select_related("region"), user, pk, RECORD_MEASUREMENT
    )


def girl_referrals(girl: AdolescentGirl) -> QuerySet[Referral]:
    """The girl's referrals, latest first (the girl was already reached through the door)."""
    return Referral.objects.filter(girl=girl).order_by("-referred_on", "-pk")


def screenings_of(girl: AdolescentGirl) -> QuerySet[AdolescentScreening]:
    """A girl's screenings, latest first."""
    return girl.screenings.order_by("-screened_on")


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


def child_page_child(user: Any, pk: int, perm: str) -> Child:
    """A child with what its page shows (posyandu, puskesmas, place, mother); 404 otherwise."""
    return get_for_user(
        Child.objects.select_related("unit", "unit__parent", "location", "mother"), user, pk, perm
    )


def child_follow_up(child: Child) -> dict[str, Any]:
    """The child's referrals and Rumah Gizi enrolments, as its page lists them."""
    return {
        "referrals": child.referrals.all(),
        "enrolments": child.enrolments.select_related("rumah_gizi"),
    }
