"""Register pages: children, mothers with pregnancies and visits, adolescent girls."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from replika.core.access import get_for_user, scoped
from replika.core.decorators import module_page
from replika.core.forms import add_service_errors as apply_errors
from replika.core.models import Wilayah
from replika.nutrition.forms.registers import (
    ChildEditForm,
    ChildForm,
    GirlForm,
    MotherForm,
    PregnancyForm,
    ScreeningForm,
    SearchForm,
    VisitForm,
)
from replika.nutrition.models import AdolescentGirl, Child, Mother, Pregnancy
from replika.nutrition.permissions import (
    CHANGE_REGISTER,
    RECORD_MEASUREMENT,
    VIEW_REGISTER,
)
from replika.nutrition.selectors import registers as sel
from replika.nutrition.services import pregnancy as pregnancy_services
from replika.nutrition.services import registers as register_services
from replika.nutrition.settings_schema import settings_for

PAGE_SIZE = 50


def _safe_next(request: HttpRequest) -> str:
    """The ``next`` address when it stays on this site, else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return ""


def _child_url(child: Child) -> str:
    """The child's own page when it exists, else the children list."""
    try:
        return reverse("nutrition:child", args=[child.pk])
    except NoReverseMatch:
        return reverse("nutrition:children")


def _search(request: HttpRequest, perm: str = VIEW_REGISTER) -> SearchForm:
    """The bound search form of a register list.

    The search is POSTed so that a NIK typed into it never appears in a URL or a log.
    """
    data = request.POST if request.method == "POST" else request.GET
    form = SearchForm(data or None, units=sel.posyandu_for(request.user, perm))
    form.is_valid()
    return form


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


@module_page("nutrition", VIEW_REGISTER)
def children(request: HttpRequest) -> HttpResponse:
    """The children register, searchable by name or NIK, filtered by posyandu."""
    form = _search(request)
    data = getattr(form, "cleaned_data", {})
    unit = data.get("unit")
    personal = sel.shows_personal(request.user)
    qs = sel.search_children(
        scoped(Child.objects.all(), request.user, VIEW_REGISTER),
        query=data.get("q", ""),
        unit_id=unit.pk if unit else None,
        by_nik=personal,
    )
    page = _page(request, qs)
    rows = [(c, sel.nik_for(personal, c.nik)) for c in page.object_list]
    return render(
        request,
        "nutrition/registers/children.html",
        {"form": form, "page": page, "rows": rows, "unit": unit},
    )


def _child_form_response(request: HttpRequest, form: Any, child: Child | None) -> HttpResponse:
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "nutrition/registers/child_form.html",
        {"form": form, "child": child, "next": _safe_next(request)},
        status=status,
    )


@module_page("nutrition", CHANGE_REGISTER)
def child_new(request: HttpRequest) -> HttpResponse:
    """Register a child at a posyandu (duplicates are refused, naming where it already is)."""
    units = sel.posyandu_for(request.user, CHANGE_REGISTER)
    initial = {"unit": request.GET.get("unit"), "has_kia_book": True}
    form = ChildForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child = register_services.child_register(
                actor=request.user,  # type: ignore[arg-type]
                unit=data["unit"],
                name=data["name"],
                sex=data["sex"],
                birth_date=data["birth_date"],
                nik=data["nik"],
                no_kk=data["no_kk"],
                birth_order=data["birth_order"],
                birth_weight=data["birth_weight"],
                birth_length=data["birth_length"],
                mother_name=data["mother_name"],
                mother_nik=data["mother_nik"],
                father_nik=data["father_nik"],
                address=data["address"],
                has_kia_book=data["has_kia_book"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": child.name})
            return redirect(_safe_next(request) or _child_url(child))
    return _child_form_response(request, form, None)


@module_page("nutrition", CHANGE_REGISTER)
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a child's register entry, move it to another posyandu or mark it as left."""
    child = get_for_user(Child.objects.select_related("unit"), request.user, pk, CHANGE_REGISTER)
    personal = sel.shows_personal(request.user)
    units = sel.posyandu_for(request.user, CHANGE_REGISTER)
    initial = {f: getattr(child, f) for f in register_services.CHILD_EDITABLE}
    initial["unit"] = child.unit_id
    form = ChildEditForm(request.POST or None, units=units, initial=initial, personal=personal)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            register_services.child_update(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                unit=form.cleaned_data["unit"],
                **fields,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(_safe_next(request) or _child_url(child))
    return _child_form_response(request, form, child)


@module_page("nutrition", VIEW_REGISTER)
def mothers(request: HttpRequest) -> HttpResponse:
    """The mothers register, with ongoing pregnancies marked."""
    form = _search(request)
    data = getattr(form, "cleaned_data", {})
    unit = data.get("unit")
    personal = sel.shows_personal(request.user)
    qs = sel.search_mothers(
        scoped(Mother.objects.all(), request.user, VIEW_REGISTER),
        query=data.get("q", ""),
        unit_id=unit.pk if unit else None,
        by_nik=personal,
    )
    page = _page(request, qs)
    rows = [(m, sel.nik_for(personal, m.nik)) for m in page.object_list]
    return render(
        request, "nutrition/registers/mothers.html", {"form": form, "page": page, "rows": rows}
    )


@module_page("nutrition", CHANGE_REGISTER)
def mother_new(request: HttpRequest) -> HttpResponse:
    """Register a mother or pregnant woman at a posyandu."""
    units = sel.posyandu_for(request.user, CHANGE_REGISTER)
    form = MotherForm(request.POST or None, units=units, initial={"unit": request.GET.get("unit")})
    if request.method == "POST" and form.is_valid():
        try:
            mother = register_services.mother_register(
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": mother.name})
            return redirect("nutrition:mother", pk=mother.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "nutrition/registers/mother_form.html", {"form": form}, status=status)


@module_page("nutrition", VIEW_REGISTER)
def mother(request: HttpRequest, pk: int) -> HttpResponse:
    """A mother: her pregnancies, antenatal visits, KEK and anaemia by the region's thresholds."""
    woman = get_for_user(
        Mother.objects.select_related("unit", "region"), request.user, pk, VIEW_REGISTER
    )
    kek_below, hb_below = pregnancy_services.thresholds(woman.region)
    personal = sel.shows_personal(request.user)
    return render(
        request,
        "nutrition/registers/mother.html",
        {
            "mother": woman,
            "nik": sel.nik_for(personal, woman.nik),
            "personal": personal,
            "cards": sel.mother_pregnancies(woman, kek_below, hb_below),
            "kek_below": kek_below,
            "hb_below": hb_below,
            "children": scoped(
                Child.objects.filter(mother=woman), request.user, VIEW_REGISTER
            ).order_by("birth_date"),
        },
    )


@module_page("nutrition", CHANGE_REGISTER)
def pregnancy_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Start following a mother's pregnancy."""
    woman = get_for_user(Mother, request.user, pk, CHANGE_REGISTER)
    form = PregnancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pregnancy_services.pregnancy_open(
                actor=request.user,  # type: ignore[arg-type]
                mother=woman,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The pregnancy is recorded."))
            return redirect("nutrition:mother", pk=woman.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "nutrition/registers/pregnancy_form.html",
        {"form": form, "mother": woman},
        status=status,
    )


@module_page("nutrition", RECORD_MEASUREMENT)
def pregnancy_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an antenatal visit: LiLA, haemoglobin, iron tablets."""
    pregnancy = get_for_user(
        Pregnancy.objects.select_related("mother", "region"), request.user, pk, RECORD_MEASUREMENT
    )
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = pregnancy_services.pregnancy_visit_record(
                actor=request.user,  # type: ignore[arg-type]
                pregnancy=pregnancy,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The visit is recorded."))
            if visit.kek or visit.anaemia:
                messages.warning(request, _("Refer her to the puskesmas: see the alert."))
            return redirect("nutrition:mother", pk=pregnancy.mother_id)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "nutrition/registers/visit_form.html",
        {"form": form, "pregnancy": pregnancy},
        status=status,
    )


def _require_screening(region: Wilayah | None) -> None:
    """Adolescent screening pages exist only where the region runs that sub-programme."""
    if not settings_for(region).adolescent_screening:
        raise Http404


@module_page("nutrition", VIEW_REGISTER)
def girls(request: HttpRequest) -> HttpResponse:
    """Adolescent girls with their latest screening."""
    _require_screening(getattr(request, "region", None))
    form = _search(request)
    data = getattr(form, "cleaned_data", {})
    unit = data.get("unit")
    qs = scoped(AdolescentGirl.objects.all(), request.user, VIEW_REGISTER)
    if unit:
        qs = qs.filter(unit=unit)
    if data.get("q"):
        qs = qs.filter(name__icontains=data["q"])
    page = _page(request, sel.girls_with_last_screening(qs))
    personal = sel.shows_personal(request.user)
    rows = [(g, sel.nik_for(personal, g.nik)) for g in page.object_list]
    return render(
        request, "nutrition/registers/girls.html", {"form": form, "page": page, "rows": rows}
    )


@module_page("nutrition", CHANGE_REGISTER)
def girl_new(request: HttpRequest) -> HttpResponse:
    """Register an adolescent girl."""
    _require_screening(getattr(request, "region", None))
    units = sel.posyandu_for(request.user, CHANGE_REGISTER)
    form = GirlForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        _require_screening(form.cleaned_data["unit"].region)
        try:
            pregnancy_services.girl_register(
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The girl is registered."))
            return redirect("nutrition:girls")
    status = 422 if request.method == "POST" else 200
    return render(request, "nutrition/registers/girl_form.html", {"form": form}, status=status)


@module_page("nutrition", RECORD_MEASUREMENT)
def girl_screening(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an adolescent girl's haemoglobin and iron tablets."""
    girl = get_for_user(
        AdolescentGirl.objects.select_related("region"), request.user, pk, RECORD_MEASUREMENT
    )
    _require_screening(girl.region)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pregnancy_services.screening_record(
                actor=request.user,  # type: ignore[arg-type]
                girl=girl,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The screening is recorded."))
            return redirect("nutrition:girls")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "nutrition/registers/screening_form.html",
        {"form": form, "girl": girl, "screenings": girl.screenings.order_by("-screened_on")},
        status=status,
    )


urlpatterns = [
    path("anak/", children, name="children"),
    path("anak/baru/", child_new, name="child_new"),
    path("anak/<int:pk>/ubah/", child_edit, name="child_edit"),
    path("ibu/", mothers, name="mothers"),
    path("ibu/baru/", mother_new, name="mother_new"),
    path("ibu/<int:pk>/", mother, name="mother"),
    path("ibu/<int:pk>/kehamilan/baru/", pregnancy_new, name="pregnancy_new"),
    path("kehamilan/<int:pk>/kunjungan/", pregnancy_visit, name="pregnancy_visit"),
    path("remaja/", girls, name="girls"),
    path("remaja/baru/", girl_new, name="girl_new"),
    path("remaja/<int:pk>/skrining/", girl_screening, name="girl_screening"),
]
