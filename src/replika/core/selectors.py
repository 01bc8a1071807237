"""Reads of the core app."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from replika.core.access import regions_for, scoped
from replika.core.audit import READ_PREFIX
from replika.core.models import AuditEvent, Job, Unit, User, Wilayah
from replika.core.roles import MANAGE_UNITS, VIEW_AUDIT


def region_list(
    *,
    level: int | None = None,
    parent: str | None = None,
    kind: str | None = None,
    q: str | None = None,
) -> QuerySet[Wilayah]:
    """Regions filtered by level, parent code, kind and a name search (public data)."""
    qs = Wilayah.objects.select_related("parent").order_by("code")
    if level is not None:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
    return qs


def region_subtree(code: str) -> QuerySet[Wilayah]:
    """A region and everything under it, in one indexed prefix query."""
    return Wilayah.objects.filter(Q(code=code) | Q(code__startswith=code + "."))


def regions_kabkota() -> QuerySet[Wilayah]:
    """The 19 kabupaten/kota."""
    return Wilayah.objects.filter(level=Wilayah.REGION).order_by("code")


def audit_for_object(*, user: Any, model: str, object_id: str) -> QuerySet[AuditEvent]:
    """Audit history of one object, as far as the user may read audit in its region."""
    return (
        scoped(AuditEvent.objects.all(), user, VIEW_AUDIT)
        .filter(model=model, object_id=object_id)
        .select_related("actor", "region")
    )


def audit_for_actor(*, user: Any, actor: User) -> QuerySet[AuditEvent]:
    """What one person changed, as far as the user may read audit."""
    return (
        scoped(AuditEvent.objects.all(), user, VIEW_AUDIT)
        .filter(actor=actor)
        .select_related("actor", "region")
    )


def audit_recent(*, user: Any) -> QuerySet[AuditEvent]:
    """Recent changes the user may read (reads of personal data are listed apart)."""
    return (
        scoped(AuditEvent.objects.all(), user, VIEW_AUDIT)
        .exclude(action__startswith=READ_PREFIX)
        .select_related("actor", "region")
    )


def audit_reads(*, user: Any) -> QuerySet[AuditEvent]:
    """Recent reads of personal data the user may audit."""
    return (
        scoped(AuditEvent.objects.all(), user, VIEW_AUDIT)
        .filter(action__startswith=READ_PREFIX)
        .select_related("actor", "region")
    )


def reads_of(*, model: str, object_id: Any) -> QuerySet[AuditEvent]:
    """Who read one person's record, for a page whose caller already checked the viewer may
    see that person's personal data (the check is on the record, not on the trail)."""
    return (
        AuditEvent.objects.filter(
            model=model, object_id=str(object_id), action__startswith=READ_PREFIX
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )


def job_for_owner(*, user: Any, job_id: int) -> Job | None:
    """A job, visible only to the person who started it."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Job.objects.filter(pk=job_id, owner=user).first()


# --- facilities ------------------------------------------------------------------------------


def units_managed(
    *,
    user: Any,
    q: str = "",
    kind: str = "",
    kecamatan: str = "",
    active: bool | None = None,
) -> QuerySet[Unit]:
    """The facilities the user manages, searched by name or code, by kind and by kecamatan."""
    qs = scoped(Unit.objects.all(), user, MANAGE_UNITS).select_related(
        "region", "location", "parent"
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q))
    if kind:
        qs = qs.filter(kind=kind)
    if kecamatan:
        qs = qs.filter(Q(location__code=kecamatan) | Q(location__code__startswith=kecamatan + "."))
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("region__code", "kind", "name")


def unit_regions(*, user: Any) -> QuerySet[Wilayah]:
    """The kab/kota where the user manages facilities."""
    return regions_for(user, MANAGE_UNITS).order_by("code")


def unit_places(*, user: Any, level: int | None = None) -> QuerySet[Wilayah]:
    """Kecamatan (and, without ``level``, kelurahan/nagari) of the kab/kota the user manages."""
    codes = list(unit_regions(user=user).values_list("code", flat=True))
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(code__startswith=code + ".")
    qs = Wilayah.objects.filter(condition)
    if level is not None:
        qs = qs.filter(level=level)
    return qs.order_by("code")
