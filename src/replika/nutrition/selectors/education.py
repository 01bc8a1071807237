"""Reads of the education pages: articles, the pregnant-women classes, WhatsApp groups."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from replika.core.access import get_for_user, grants, live_region_ids, regions_for, scoped
from replika.core.models import Unit, User, Wilayah
from replika.nutrition import unit_kinds
from replika.nutrition.models import (
    Article,
    ClassAttendance,
    FacilityProfile,
    Mother,
    PregnancyClass,
)
from replika.nutrition.permissions import (
    CHANGE_REGISTER,
    MANAGE_EDUCATION,
    USE_CALCULATOR,
    VIEW_REGISTER,
)

# --- articles ----------------------------------------------------------------------------


def reader_regions(user: User) -> QuerySet[Wilayah]:
    """The kab/kota whose articles the user reads: where the user works and Ayo Ceting is live."""
    codes = set(regions_for(user, VIEW_REGISTER).values_list("pk", flat=True))
    codes |= set(regions_for(user, USE_CALCULATOR).values_list("pk", flat=True))
    return Wilayah.objects.filter(pk__in=codes).filter(pk__in=live_region_ids("nutrition"))


def readable_articles(user: User) -> QuerySet[Article]:
    """Published articles: province-wide ones and those of the user's regions."""
    # Articles are not tenant rows (province-wide ones have no region); visibility is here.
    return Article.objects.filter(published=True).filter(
        Q(region__isnull=True) | Q(region__in=reader_regions(user))
    )


def province_editor(user: User) -> bool:
    """Whether the user manages education for the whole province."""
    return any(
        g.level == Wilayah.PROVINCE and g.unit_path is None for g in grants(user, MANAGE_EDUCATION)
    )


def editable_articles(user: User) -> QuerySet[Article]:
    """Articles the user may edit: those of the regions where the user manages education."""
    mine = Q(region__in=regions_for(user, MANAGE_EDUCATION))
    if province_editor(user):
        mine |= Q(region__isnull=True)
    return Article.objects.filter(mine)


def _one(articles: QuerySet[Article], pk: int) -> Article:
    """One article of the set, or 404."""
    article = articles.distinct().filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


def readable_article(user: User, pk: int, *, with_drafts: bool) -> Article:
    """An article the user may read; with drafts, also those the user may edit (else 404)."""
    visible = readable_articles(user)
    if with_drafts:
        visible = visible | editable_articles(user)
    return _one(visible, pk)


def editable_article(user: User, pk: int) -> Article:
    """An article the user may edit (404 otherwise)."""
    return _one(editable_articles(user), pk)


def whatsapp_groups(region: Wilayah | None) -> QuerySet[FacilityProfile]:
    """The WhatsApp groups the facilities of a region publish."""
    if region is None:
        return FacilityProfile.objects.none()
    return (
        FacilityProfile.objects.filter(unit__region=region)
        .exclude(whatsapp_url="")
        .select_related("unit")
        .order_by("unit__kind", "unit__name")
    )


# --- pregnant-women classes --------------------------------------------------------------


def class_units(user: User) -> QuerySet[Unit]:
    """The puskesmas whose classes the user runs."""
    puskesmas = Unit.objects.filter(kind=unit_kinds.PUSKESMAS, active=True)
    return scoped(puskesmas, user, MANAGE_EDUCATION)


def class_sessions(user: User) -> QuerySet[PregnancyClass]:
    """The class sessions of the user's area, latest first, with their attendance counts."""
    sessions = (
        PregnancyClass.objects.select_related("unit")
        .annotate(present=Count("attendance"))
        .order_by("-held_on", "-pk")
    )
    return scoped(sessions, user, VIEW_REGISTER)


def class_for(user: User, pk: int) -> PregnancyClass:
    """One class session of the user's area (404 otherwise)."""
    return get_for_user(
        PregnancyClass.objects.select_related("unit", "region"), user, pk, VIEW_REGISTER
    )


def may_manage_class(user: User, session: PregnancyClass) -> bool:
    """Whether the user runs this session's puskesmas classes."""
    return scoped(PregnancyClass.objects.filter(pk=session.pk), user, MANAGE_EDUCATION).exists()


def attendance_of(session: PregnancyClass) -> list[ClassAttendance]:
    """Who attended a session, by name."""
    return list(session.attendance.select_related("mother").order_by("mother__name"))


def area_mothers(user: User, session: PregnancyClass) -> dict[int, Mother]:
    """The mothers of the session's puskesmas area the user may see, by id."""
    area = Mother.objects.filter(unit__path__startswith=session.unit.path).select_related("unit")
    return {m.pk: m for m in scoped(area, user, VIEW_REGISTER)}


# --- WhatsApp groups ---------------------------------------------------------------------


def linkable_units(user: User) -> QuerySet[Unit]:
    """The posyandu and puskesmas whose WhatsApp link the user may publish."""
    kinds = [unit_kinds.POSYANDU, unit_kinds.PUSKESMAS]
    return scoped(Unit.objects.filter(kind__in=kinds, active=True), user, CHANGE_REGISTER)


def linkable_rows(user: User) -> list[tuple[Unit, FacilityProfile | None]]:
    """Each linkable facility with its profile, if it has one."""
    units = list(linkable_units(user).order_by("kind", "name"))
    profiles = {
        p.unit_id: p for p in FacilityProfile.objects.filter(unit__in=[u.pk for u in units])
    }
    return [(u, profiles.get(u.pk)) for u in units]


def linkable_unit(user: User, pk: int) -> tuple[Unit, FacilityProfile | None]:
    """One facility whose link the user may publish, with its profile (404 otherwise)."""
    unit = get_for_user(linkable_units(user), user, pk, CHANGE_REGISTER)
    return unit, FacilityProfile.objects.filter(unit=unit).first()


def drafts(user: User) -> QuerySet[Any]:
    """The unpublished articles the user may edit."""
    return editable_articles(user).filter(published=False)
