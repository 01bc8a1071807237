"""The one door to tenant data.

Views, API handlers, exports and tasks reach rows that belong to a region only through
``scoped`` (lists) and ``get_for_user`` (one object). A row the user may not see and a row
that does not exist look the same: both are a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from replika.core.activation import live_region_ids
from replika.core.models import Membership, Unit, Wilayah
from replika.core.roles import role_allows
from replika.core.tenancy import Tenant

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Grant:
    """One membership that carries a given permission."""

    role: str
    wilayah_id: int
    wilayah_code: str
    level: int
    unit_id: int | None
    unit_path: str | None


# What a membership is loaded with: the middleware, the menu and every access check read
# these, and ``remember_memberships`` expects them loaded.
MEMBERSHIP_RELATIONS = ("wilayah", "unit", "unit__region")


def memberships_of(user: Any) -> list[Membership]:
    """The user's memberships, loaded once per request and cached on the user object.

    A signed-in request's user usually arrives with them already (``core.auth_backend``
    reads both in one statement).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, "_replika_memberships", None)
    if cached is None:
        cached = remember_memberships(
            user,
            Membership.objects.filter(user=user).select_related(*MEMBERSHIP_RELATIONS).order_by(),
        )
    return cached


def remember_memberships(user: Any, memberships: Iterable[Membership]) -> list[Membership]:
    """Keep ``memberships`` (loaded with their wilayah, unit and unit region) as the user's for
    this request, in the model's order (wilayah code, role)."""
    # Sorted here: ordering in SQL by a joined column made building the query, run on every
    # signed-in request, three times dearer.
    ordered = sorted(memberships, key=lambda m: (m.wilayah.code, m.role))
    user._replika_memberships = ordered
    return ordered


def own_wilayah(user: Any, code: str) -> Wilayah | None:
    """The wilayah ``code`` when one of the user's memberships is in it (no query: the
    memberships are loaded with their wilayah). Most pages open on the user's own place."""
    return next((m.wilayah for m in memberships_of(user) if m.wilayah.code == code), None)


def forget_memberships(user: Any) -> None:
    """Drop the per-request cache after memberships change."""
    if hasattr(user, "_replika_memberships"):
        del user._replika_memberships


def grants(user: Any, perm: str) -> list[Grant]:
    """Every membership of the user that carries ``perm``."""
    return [
        Grant(
            role=m.role,
            wilayah_id=m.wilayah_id,
            wilayah_code=m.wilayah.code,
            level=m.wilayah.level,
            unit_id=m.unit_id,
            unit_path=m.unit.path if m.unit_id and m.unit else None,
        )
        for m in memberships_of(user)
        if role_allows(m.role, perm)
    ]


def tenant_of(model: type[models.Model]) -> Tenant:
    """The tenant declaration of a model; a model without one is not tenant data."""
    tenant = getattr(model, "tenant", None)
    if not isinstance(tenant, Tenant):
        raise TypeError(f"{model.__name__} does not declare `tenant = Tenant(...)`")
    return tenant


def _grant_filter(grant: Grant, tenant: Tenant) -> Q | None:
    """The rows one grant opens; None means every row."""
    if grant.unit_path is not None:
        if tenant.unit_path is None:
            return Q(pk__in=[])
        return Q(**{f"{tenant.unit_path}__startswith": grant.unit_path})
    if grant.level == Wilayah.PROVINCE:
        return None
    if grant.level == Wilayah.REGION:
        return Q(**{_id_path(tenant.region): grant.wilayah_id})
    if tenant.location is None:
        return Q(pk__in=[])
    code = f"{tenant.location}__code"
    return Q(**{code: grant.wilayah_code}) | Q(**{f"{code}__startswith": grant.wilayah_code + "."})


def _id_path(field_path: str) -> str:
    """The lookup that compares a foreign key path by id without a join."""
    return field_path if field_path.endswith("_id") else f"{field_path}_id"


def scoped(qs: QuerySet[M], user: Any, perm: str) -> QuerySet[M]:
    """The rows of ``qs`` that ``user`` may act on with ``perm``."""
    tenant = tenant_of(qs.model)
    if tenant.module is not None:
        qs = qs.filter(**{f"{_id_path(tenant.region)}__in": live_region_ids(tenant.module)})
    user_grants = grants(user, perm)
    if not user_grants:
        return qs.none()
    condition = Q(pk__in=[])
    for grant in user_grants:
        opened = _grant_filter(grant, tenant)
        if opened is None:
            return qs
        condition |= opened
    return qs.filter(condition)


def get_for_user(model_or_qs: type[M] | QuerySet[M], user: Any, pk: Any, perm: str) -> M:
    """One row the user may act on with ``perm``, else 404 (missing and forbidden alike)."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    try:
        return scoped(qs, user, perm).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can_in(user: Any, perm: str, wilayah: Wilayah, unit: Unit | None = None) -> bool:
    """Whether the user holds ``perm`` over a place (for creating rows there)."""
    for grant in grants(user, perm):
        if grant.unit_path is not None:
            if unit is not None and unit.path.startswith(grant.unit_path):
                return True
            continue
        if grant.level == Wilayah.PROVINCE:
            return True
        if wilayah.code == grant.wilayah_code or wilayah.code.startswith(grant.wilayah_code + "."):
            return True
    return False


def require_in(user: Any, perm: str, wilayah: Wilayah, unit: Unit | None = None) -> None:
    """Raise 404 unless the user holds ``perm`` over the place."""
    if not can_in(user, perm, wilayah, unit):
        raise Http404


def has_any(user: Any, perm: str) -> bool:
    """Whether the user holds ``perm`` anywhere (to show a menu entry or a page)."""
    return bool(grants(user, perm))


def regions_for(user: Any, perm: str) -> QuerySet[Wilayah]:
    """The kab/kota the user may act on with ``perm`` (all 19 for a province role)."""
    qs = Wilayah.objects.filter(level=Wilayah.REGION)
    user_grants = grants(user, perm)
    if any(g.level == Wilayah.PROVINCE and g.unit_path is None for g in user_grants):
        return qs
    codes = {".".join(g.wilayah_code.split(".")[:2]) for g in user_grants}
    return qs.filter(code__in=codes)
