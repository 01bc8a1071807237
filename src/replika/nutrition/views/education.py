"""Education pages: articles, the pregnant-women classes, the facilities' WhatsApp groups."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from replika.core.access import (
    has_any,
)
from replika.core.decorators import module_page
from replika.core.forms import add_service_errors as apply_errors
from replika.core.http import AuthedHttpRequest, form_page
from replika.core.models import Wilayah
from replika.nutrition.forms.education import (
    ArticleForm,
    AttendanceForm,
    FacilityProfileForm,
    PregnancyClassForm,
)
from replika.nutrition.models import Article
from replika.nutrition.permissions import (
    CHANGE_REGISTER,
    MANAGE_EDUCATION,
    USE_CALCULATOR,
    VIEW_REGISTER,
)
from replika.nutrition.selectors import education as sel
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


def classes_on(region: Wilayah | None) -> bool:
    """Whether a region runs the pregnant-women classes."""
    return region is None or settings_for(region).kelas_ibu_hamil


def _require_classes(region: Wilayah | None) -> None:
    """Class pages do not exist where the region switched the classes off."""
    if not classes_on(region):
        raise Http404


# --- articles ----------------------------------------------------------------------------


@reader_page
def article_list(request: AuthedHttpRequest) -> HttpResponse:
    """The education page: articles, WhatsApp groups and (where run) the classes."""
    region = request.region
    articles = sel.readable_articles(request.user).select_related("region")
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    editor = has_any(request.user, MANAGE_EDUCATION)
    context = {
        "page": page,
        "groups": sel.whatsapp_groups(region),
        "can_edit": editor,
        "drafts": sel.drafts(request.user) if editor else [],
        "classes_on": classes_on(region) and has_any(request.user, VIEW_REGISTER),
        "can_publish_link": has_any(request.user, CHANGE_REGISTER),
    }
    return render(request, "nutrition/education/article_list.html", context)


@reader_page
def article_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One article (a draft only for its editors)."""
    editor = has_any(request.user, MANAGE_EDUCATION)
    article = sel.readable_article(request.user, pk, with_drafts=editor)
    can_edit = sel.editable_articles(request.user).filter(pk=pk).exists()
    return render(
        request,
        "nutrition/education/article_detail.html",
        {"article": article, "can_edit": can_edit},
    )


@module_page("nutrition", MANAGE_EDUCATION)
def article_edit(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    """Write or correct an article of the user's region (province-wide for the province)."""
    article = sel.editable_article(request.user, pk) if pk else None
    region = article.region if article else request.region
    if article is None and region is None and not sel.province_editor(request.user):
        raise Http404

    def save(data: dict[str, Any]) -> Article:
        fields = {key: data[key] for key in ("title", "body", "audience", "published")}
        return education.article_save(actor=request.user, article=article, region=region, **fields)

    return form_page(
        request,
        ArticleForm(request.POST or None, instance=article),
        "nutrition/education/article_form.html",
        save=save,
        done=lambda saved: redirect("nutrition:article", pk=saved.pk),
        context={"article": article, "region": region},
    )


# --- pregnant-women classes --------------------------------------------------------------


@module_page("nutrition", VIEW_REGISTER)
def class_list(request: AuthedHttpRequest) -> HttpResponse:
    """The class schedule of the puskesmas of the user's area; new sessions for the staff."""
    _require_classes(request.region)
    can_manage = has_any(request.user, MANAGE_EDUCATION)
    form = None
    if can_manage:
        form = PregnancyClassForm(request.POST or None, units=sel.class_units(request.user))
        if request.method == "POST" and form.is_valid():
            try:
                session = education.pregnancy_class_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("nutrition:pregnancy_class", pk=session.pk)
    elif request.method == "POST":
        raise Http404
    page = Paginator(sel.class_sessions(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "nutrition/education/class_list.html",
        {"page": page, "form": form},
        status=status,
    )


@module_page("nutrition", VIEW_REGISTER)
def class_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One session and its attendance; the puskesmas staff tick the mothers present."""
    session = sel.class_for(request.user, pk)
    _require_classes(session.region)
    present = sel.attendance_of(session)
    form = None
    if sel.may_manage_class(request.user, session):
        mothers = sel.area_mothers(request.user, session)
        form = AttendanceForm(
            request.POST or None,
            mothers=[(pk, f"{m.name} ({m.unit.name})") for pk, m in mothers.items()],
            initial={"mothers": [str(a.mother_id) for a in present]},
        )
        if request.method == "POST" and form.is_valid():
            chosen = [mothers[int(pk)] for pk in form.cleaned_data["mothers"]]
            try:
                education.class_attendance_set(actor=request.user, session=session, mothers=chosen)
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


@module_page("nutrition", CHANGE_REGISTER)
def whatsapp_links(request: AuthedHttpRequest) -> HttpResponse:
    """Publish the WhatsApp group link of a posyandu or puskesmas of the user's area."""
    rows = sel.linkable_rows(request.user)
    return render(request, "nutrition/education/whatsapp.html", {"rows": rows})


@module_page("nutrition", CHANGE_REGISTER)
def whatsapp_edit(request: AuthedHttpRequest, unit_pk: int) -> HttpResponse:
    """Set or clear one facility's WhatsApp group link."""
    unit, profile = sel.linkable_unit(request.user, unit_pk)
    return form_page(
        request,
        FacilityProfileForm(request.POST or None, instance=profile),
        "nutrition/education/whatsapp_form.html",
        save=lambda data: education.facility_profile_save(
            actor=request.user, unit=unit, whatsapp_url=data["whatsapp_url"]
        ),
        done=lambda _profile: redirect("nutrition:whatsapp"),
        context={"unit": unit},
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
