"""Reads of the core app."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from replika.core.access import scoped
from replika.core.audit import READ_PREFIX
from replika.core.models import AuditEvent, Job, User, Wilayah
from replika.core.roles import VIEW_AUDIT


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
