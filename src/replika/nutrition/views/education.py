"""Education pages: articles, the pregnant-women classes, the facilities' WhatsApp groups."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from replika.core.access import (
    get_for_user,
    grants,
    has_any,
    live_region_ids,
    regions_for,
    scoped,
)
from replika.core.decorators import module_page
from replika.core.forms import add_service_errors as apply_errors
from replika.core.models import Unit, Wilayah
from replika.core.views import signed_in
from replika.nutrition import unit_kinds
from replika.nutrition.forms.education import (
    ArticleForm,
    AttendanceForm,
    FacilityProfileForm,
    PregnancyClassForm,
)
from replika.nutrition.models import Article, FacilityProfile, Mother, PregnancyClass
from replika.nutrition.permissions import (
    CHANGE_REGISTER,
    MANAGE_EDUCATION,
    USE_CALCULATOR,
    VIEW_REGISTER,
)
from replika.nutrition.services import education
from replika.nutrition.settings_schema import settings_for

PAGE_SIZE = 30


def reader_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Guard a page for every nutrition role: VIEW_REGISTER or USE_CALCULATOR (else 404)."""
    by_register = module_page("nutrition", VIEW_REGISTER)(view)
    by_calculator = module_page("nutrition", USE_CALCULATOR)(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        guarded = by_register if has_any(request.user, VIEW_REGISTER) else by_calculator
        return guarded(request, *args, **kwargs)

    return wrapped


def _reader_regions(request: HttpRequest) -> QuerySet[Wilayah]:
    """The kab/kota whose articles the user reads: where the user works and Ayo Ceting is live."""
    codes = set(regions_for(request.user, VIEW_REGISTER).values_list("pk", flat=True))
    codes |= set(regions_for(request.user, USE_CALCULATOR).values_list("pk", flat=True))
    return Wilayah.objects.filter(pk__in=codes).filter(pk__in=live_region_ids("nutrition"))


def readable_articles(request: HttpRequest) -> QuerySet[Article]:
    """Published articles: province-wide ones and those of the user's regions."""
    # Articles are not tenant rows (province-wide ones have no region); visibility is here.
    return Article.objects.filter(published=True).filter(
        Q(region__isnull=True) | Q(region__in=_reader_regions(request))
    )


def _province_editor(request: HttpRequest) -> bool:
    """Whether the user manages education for the whole province."""
    return any(
        g.level == Wilayah.PROVINCE and g.unit_path is None
        for g in grants(request.user, MANAGE_EDUCATION)
    )


def editable_articles(request: HttpRequest) -> QuerySet[Article]:
    """Articles the user may edit: those of the regions where the user manages education."""
    mine = Q(region__in=regions_for(request.user, MANAGE_EDUCATION))
    if _province_editor(request):
        mine |= Q(region__isnull=True)
    return Article.objects.filter(mine)


def classes_on(region: Wilayah | None) -> bool:
    """Whether a region runs the pregnant-women classes."""
    return region is None or settings_for(region).kelas_ibu_hamil


def _require_classes(region: Wilayah | None) -> None:
    """Class pages do not exist where the region switched the classes off."""
    if not classes_on(region):
        raise Http404


# --- articles ----------------------------------------------------------------------------


@reader_page
def article_list(request: HttpRequest) -> HttpResponse:
    """The education page: articles, WhatsApp groups and (where run) the classes."""
    region = getattr(request, "region", None)
    articles = readable_articles(request).select_related("region")
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    groups = (
        FacilityProfile.objects.filter(unit__region=region)
        .exclude(whatsapp_url="")
        .select_related("unit")
        .order_by("unit__kind", "unit__name")
        if region is not None
        else FacilityProfile.objects.none()
    )
    context = {
        "page": page,
        "groups": groups,
        "can_edit": has_any(request.user, MANAGE_EDUCATION),
        "drafts": editable_articles(request).filter(published=False)
        if has_any(request.user, MANAGE_EDUCATION)
        else Article.objects.none(),
        "classes_on": classes_on(region) and has_any(request.user, VIEW_REGISTER),
        "can_publish_link": has_any(request.user, CHANGE_REGISTER),
    }
    return render(request, "nutrition/education/article_list.html", context)


@reader_page
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One article (a draft only for its editors)."""
    visible = readable_articles(request)
    if has_any(request.user, MANAGE_EDUCATION):
        visible = visible | editable_articles(request)
    article = get_object_or_404(visible.distinct(), pk=pk)
    can_edit = editable_articles(request).filter(pk=pk).exists()
    return render(
        request,
        "nutrition/education/article_detail.html",
        {"article": article, "can_edit": can_edit},
    )


@module_page("nutrition", MANAGE_EDUCATION)
def article_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Write or correct an article of the user's region (province-wide for the province)."""
    article = get_object_or_404(editable_articles(request), pk=pk) if pk else None
    region = article.region if article else getattr(request, "region", None)
    if article is None and region is None and not _province_editor(request):
        raise Http404
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            saved = education.article_save(
                actor=signed_in(request),
                article=article,
                region=region,
                **{
                    key: form.cleaned_data[key]
                    for key in ("title", "body", "audience", "published")
                },
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("nutrition:article", pk=saved.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "article": article, "region": region}
    return render(request, "nutrition/education/article_form.html", context, status=status)


# --- pregnant-women classes --------------------------------------------------------------


def _class_units(request: HttpRequest) -> QuerySet[Unit]:
    """The puskesmas whose classes the user runs."""
    return scoped(
        Unit.objects.filter(kind=unit_kinds.PUSKESMAS, active=True), request.user, MANAGE_EDUCATION
    )


@module_page("nutrition", VIEW_REGISTER)
def class_list(request: HttpRequest) -> HttpResponse:
    """The class schedule of the puskesmas of the user's area; new sessions for the staff."""
    _require_classes(getattr(request, "region", None))
    can_manage = has_any(request.user, MANAGE_EDUCATION)
    form = None
    if can_manage:
        form = PregnancyClassForm(request.POST or None, units=_class_units(request))
        if request.method == "POST" and form.is_valid():
            try:
                session = education.pregnancy_class_create(
                    actor=signed_in(request), **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("nutrition:pregnancy_class", pk=session.pk)
    elif request.method == "POST":
        raise Http404
    sessions = scoped(
        PregnancyClass.objects.select_related("unit")
        .annotate(present=Count("attendance"))
        .order_by("-held_on", "-pk"),
        request.user,
        VIEW_REGISTER,
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "nutrition/education/class_list.html",
        {"page": page, "form": form},
        status=status,
    )


@module_page("nutrition", VIEW_REGISTER)
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One session and its attendance; the puskesmas staff tick the mothers present."""
    session = get_for_user(
        PregnancyClass.objects.select_related("unit", "region"), request.user, pk, VIEW_REGISTER
    )
    _require_classes(session.region)
    present = list(session.attendance.select_related("mother").order_by("mother__name"))
    may_manage = scoped(
        PregnancyClass.objects.filter(pk=session.pk), request.user, MANAGE_EDUCATION
    ).exists()
    form = None
    if may_manage:
        area = scoped(
            Mother.objects.filter(unit__path__startswith=session.unit.path).select_related("unit"),
            request.user,
            VIEW_REGISTER,
        )
        mothers = {m.pk: m for m in area}
        form = AttendanceForm(
            request.POST or None,
            mothers=[(pk, f"{m.name} ({m.unit.name})") for pk, m in mothers.items()],
            initial={"mothers": [str(a.mother_id) for a in present]},
        )
        if request.method == "POST" and form.is_valid():
            chosen = [mothers[int(pk)] for pk in form.cleaned_data["mothers"]]
            try:
                education.class_attendance_set(
                    actor=signed_in(request), session=session, mothers=chosen
                )
            except ValidationError as error:
                form.add_error("mothers", error.message_dict.get("mothers", error.messages))
            else:
                return redirect("nutrition:pregnancy_class", pk=session.pk)
    elif request.method == "POST":
        raise Http404
    status = 422 if request.method == "POST" else 200
    context = {"session": session, "present": present, "form": form}
    return render(request, "nutrition/education/class_detail.html", context, status=status)


# --- WhatsApp groups ---------------------------------------------------------------------


def _linkable_units(request: HttpRequest) -> QuerySet[Unit]:
    """The posyandu and puskesmas whose WhatsApp link the user may publish."""
    return scoped(
        Unit.objects.filter(kind__in=[unit_kinds.POSYANDU, unit_kinds.PUSKESMAS], active=True),
        request.user,
        CHANGE_REGISTER,
    )


@module_page("nutrition", CHANGE_REGISTER)
def whatsapp_links(request: HttpRequest) -> HttpResponse:
    """Publish the WhatsApp group link of a posyandu or puskesmas of the user's area."""
    units = list(_linkable_units(request).order_by("kind", "name"))
    profiles = {
        p.unit_id: p for p in FacilityProfile.objects.filter(unit__in=[u.pk for u in units])
    }
    return render(
        request,
        "nutrition/education/whatsapp.html",
        {"rows": [(u, profiles.get(u.pk)) for u in units]},
    )


@module_page("nutrition", CHANGE_REGISTER)
def whatsapp_edit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """Set or clear one facility's WhatsApp group link."""
    unit = get_for_user(_linkable_units(request), request.user, unit_pk, CHANGE_REGISTER)
    profile = FacilityProfile.objects.filter(unit=unit).first()
    form = FacilityProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        education.facility_profile_save(
            actor=signed_in(request), unit=unit, whatsapp_url=form.cleaned_data["whatsapp_url"]
        )
        return redirect("nutrition:whatsapp")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "nutrition/education/whatsapp_form.html",
        {"form": form, "unit": unit},
        status=status,
    )


urlpatterns = [
    path("edukasi/", article_list, name="education"),
    path("edukasi/artikel/baru/", article_edit, name="article_new"),
    path("edukasi/artikel/<int:pk>/", article_detail, name="article"),
    path("edukasi/artikel/<int:pk>/ubah/", article_edit, name="article_edit"),
    path("edukasi/kelas/", class_list, name="pregnancy_classes"),
    path("edukasi/kelas/<int:pk>/", class_detail, name="pregnancy_class"),
    path("edukasi/whatsapp/", whatsapp_links, name="whatsapp"),
    path("edukasi/whatsapp/<int:unit_pk>/", whatsapp_edit, name="whatsapp_edit"),
]
