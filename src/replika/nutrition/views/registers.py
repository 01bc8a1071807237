"""Register pages: children, mothers with pregnancies and visits, adolescent girls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core import audit
from replika.core import selectors as core_selectors
from replika.core.decorators import module_page
from replika.core.forms import add_service_errors
from replika.core.http import AuthedHttpRequest, form_page
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
from replika.nutrition.models import AdolescentGirl, Child, Mother, PregnancyVisit
from replika.nutrition.permissions import (
    CHANGE_REGISTER,
    RECORD_MEASUREMENT,
    VIEW_REGISTER,
)
from replika.nutrition.selectors import registers as sel
from replika.nutrition.services import pregnancy as pregnancy_services
from replika.nutrition.services import registers as register_services
from replika.nutrition.services.checks import is_conflict
from replika.nutrition.services.duplicates import is_rate_limited
from replika.nutrition.settings_schema import settings_for

PAGE_SIZE = 50
MOTHER_LABEL = Mother._meta.label_lower
READS = 20  # the latest reads listed on a person's page


def is_nik_query(query: str) -> bool:
    """Whether a register search looks for a NIK (digits only, long enough to single out)."""
    digits = query.strip()
    return len(digits) >= 6 and digits.isdigit()


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


def _register_list(request: AuthedHttpRequest, register: str) -> HttpResponse:
    """A register list (children, mothers, girls): searched, paged, NIKs as the user may."""
    form = _search(request)
    data = getattr(form, "cleaned_data", {})
    unit = data.get("unit")
    qs = sel.register_rows(
        request.user, register, query=data.get("q", ""), unit_id=unit.pk if unit else None
    )
    page = _page(request, qs)
    personal = sel.shows_personal(request.user)
    rows = [(row, sel.nik_for(personal, row.nik)) for row in page.object_list]
    if is_nik_query(data.get("q", "")):
        # A NIK search is a read of personal data: who searched and what came back, no NIK.
        audit.record_read(
            actor=request.user,
            what="nik_search",
            model=qs.model._meta.label_lower,
            region=getattr(request, "region", None),
            detail={"found": page.paginator.count, "ids": [row.pk for row in page.object_list]},
        )
    context = {"form": form, "page": page, "rows": rows, "unit": unit}
    return render(request, f"nutrition/registers/{register}.html", context)


def _register_page(
    request: HttpRequest, form: forms.BaseForm, template: str, **kwargs: Any
) -> HttpResponse:
    """The form page of a register entry: a lost race answers 409, the duplicate-check
    limit 429, every other refusal 422 (the form again, with the reason on its field)."""
    status = 0

    def refused(exc: ValidationError) -> None:
        nonlocal status
        add_service_errors(form, exc)
        if is_conflict(exc):
            status = 409
        elif is_rate_limited(exc):
            status = 429

    response = form_page(request, form, template, refused=refused, **kwargs)
    if status and response.status_code == 422:
        response.status_code = status
    return response


def _saved(request: HttpRequest, message: str, to: str) -> HttpResponse:
    """Say the change is saved and go on to ``to``."""
    messages.success(request, message)
    return redirect(to)


@module_page("nutrition", CHANGE_REGISTER)
def child_new(request: AuthedHttpRequest) -> HttpResponse:
    """Register a child at a posyandu (duplicates are refused, naming where it already is)."""
    units = sel.posyandu_for(request.user, CHANGE_REGISTER)
    initial = {"unit": request.GET.get("unit"), "has_kia_book": True}
    form = ChildForm(request.POST or None, units=units, initial=initial)

    def done(child: Child) -> HttpResponse:
        message = _("%(name)s is registered.") % {"name": child.name}
        return _saved(request, message, _safe_next(request) or _child_url(child))

    return _register_page(
        request,
        form,
        "nutrition/registers/child_form.html",
        save=lambda data: register_services.child_register(actor=request.user, **data),
        done=done,
        context={"child": None, "next": _safe_next(request)},
    )


@module_page("nutrition", CHANGE_REGISTER)
def child_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Correct a child's register entry, move it to another posyandu or mark it as left."""
    child = sel.child_to_edit(request.user, pk)
    personal = sel.shows_personal(request.user)
    units = sel.posyandu_for(request.user, CHANGE_REGISTER)
    initial = {f: getattr(child, f) for f in register_services.CHILD_EDITABLE}
    initial["unit"] = child.unit_id
    form = ChildEditForm(request.POST or None, units=units, initial=initial, personal=personal)

    def save(data: dict[str, Any]) -> Child:
        fields = {k: v for k, v in data.items() if k != "unit"}
        return register_services.child_update(
            actor=request.user, child=child, unit=data["unit"], **fields
        )

    return _register_page(
        request,
        form,
        "nutrition/registers/child_form.html",
        save=save,
        done=lambda _child: _saved(
            request, _("The changes are saved."), _safe_next(request) or _child_url(child)
        ),
        context={"child": child, "next": _safe_next(request)},
    )


@module_page("nutrition", CHANGE_REGISTER)
def mother_new(request: AuthedHttpRequest) -> HttpResponse:
    """Register a mother or pregnant woman at a posyandu."""
    units = sel.posyandu_for(request.user, CHANGE_REGISTER)
    form = MotherForm(request.POST or None, units=units, initial={"unit": request.GET.get("unit")})

    def done(woman: Mother) -> HttpResponse:
        message = _("%(name)s is registered.") % {"name": woman.name}
        return _saved(request, message, reverse("nutrition:mother", args=[woman.pk]))

    return _register_page(
        request,
        form,
        "nutrition/registers/mother_form.html",
        save=lambda data: register_services.mother_register(actor=request.user, **data),
        done=done,
    )


@module_page("nutrition", VIEW_REGISTER)
def mother(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A mother: her pregnancies, antenatal visits, KEK and anaemia by the region's thresholds."""
    woman = sel.mother_for(request.user, pk, VIEW_REGISTER)
    audit.record_read(actor=request.user, what="mother", instance=woman)
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
            "children": sel.children_of(request.user, woman),
            "reads": list(core_selectors.reads_of(model=MOTHER_LABEL, object_id=woman.pk)[:READS])
            if personal
            else None,
        },
    )


@module_page("nutrition", CHANGE_REGISTER)
def pregnancy_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Start following a mother's pregnancy."""
    woman = sel.mother_for(request.user, pk, CHANGE_REGISTER)
    return form_page(
        request,
        PregnancyForm(request.POST or None),
        "nutrition/registers/pregnancy_form.html",
        save=lambda data: pregnancy_services.pregnancy_open(
            actor=request.user, mother=woman, **data
        ),
        done=lambda _pregnancy: _saved(
            request,
            _("The pregnancy is recorded."),
            reverse("nutrition:mother", args=[woman.pk]),
        ),
        context={"mother": woman},
    )


@module_page("nutrition", RECORD_MEASUREMENT)
def pregnancy_visit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Record an antenatal visit: LiLA, haemoglobin, iron tablets."""
    pregnancy = sel.pregnancy_for(request.user, pk)

    def done(visit: PregnancyVisit) -> HttpResponse:
        if visit.kek or visit.anaemia:
            messages.warning(request, _("Refer her to the puskesmas: see the alert."))
        to = reverse("nutrition:mother", args=[pregnancy.mother_id])
        return _saved(request, _("The visit is recorded."), to)

    return form_page(
        request,
        VisitForm(request.POST or None),
        "nutrition/registers/visit_form.html",
        save=lambda data: pregnancy_services.pregnancy_visit_record(
            actor=request.user, pregnancy=pregnancy, **data
        ),
        done=done,
        context={"pregnancy": pregnancy},
    )


def _require_screening(region: Wilayah | None) -> None:
    """Adolescent screening pages exist only where the region runs that sub-programme."""
    if not settings_for(region).adolescent_screening:
        raise Http404


@module_page("nutrition", CHANGE_REGISTER)
def girl_new(request: AuthedHttpRequest) -> HttpResponse:
    """Register an adolescent girl."""
    _require_screening(request.region)
    units = sel.posyandu_for(request.user, CHANGE_REGISTER)

    def save(data: dict[str, Any]) -> AdolescentGirl:
        _require_screening(data["unit"].region)
        return pregnancy_services.girl_register(actor=request.user, **data)

    return _register_page(
        request,
        GirlForm(request.POST or None, units=units),
        "nutrition/registers/girl_form.html",
        save=save,
        done=lambda _girl: _saved(
            request, _("The girl is registered."), reverse("nutrition:girls")
        ),
    )


def _girl_context(girl: AdolescentGirl) -> dict[str, Any]:
    """What the girl's screening page shows besides its form."""
    screenings = list(sel.screenings_of(girl))
    latest = screenings[0] if screenings else None
    return {
        "girl": girl,
        "screenings": screenings,
        "may_refer": latest is not None and (latest.kek or latest.anaemia),
        "referrals": sel.girl_referrals(girl),
    }


@module_page("nutrition", RECORD_MEASUREMENT)
def girl_screening(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Record an adolescent girl's weight, height (IMT/U, TB/U), LiLA (KEK), Hb (anaemia)
    and iron tablets."""
    girl = sel.girl_for(request.user, pk)
    _require_screening(girl.region)
    return form_page(
        request,
        ScreeningForm(request.POST or None),
        "nutrition/registers/screening_form.html",
        save=lambda data: pregnancy_services.screening_record(
            actor=request.user, girl=girl, **data
        ),
        done=lambda _screening: _saved(
            request,
            _("The screening is recorded."),
            reverse("nutrition:girl_screening", args=[girl.pk]),
        ),
        context=_girl_context(girl),
    )


@require_POST
@module_page("nutrition", RECORD_MEASUREMENT)
def girl_refer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Refer an anaemic or KEK girl to the puskesmas (one referral listing both reasons)."""
    girl = sel.girl_for(request.user, pk)
    _require_screening(girl.region)
    try:
        referral = pregnancy_services.girl_refer(actor=request.user, girl=girl)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("nutrition:girl_screening", pk=girl.pk)
    messages.success(request, _("The girl is referred to the puskesmas."))
    return redirect("nutrition:referral", pk=referral.pk)


def _list_view(register: str, doc: str, *, screening: bool = False) -> Callable[..., HttpResponse]:
    """The page of one register list (girls only where the region runs their screening)."""

    def view(request: AuthedHttpRequest) -> HttpResponse:
        if screening:
            _require_screening(request.region)
        return _register_list(request, register)

    view.__doc__, view.__name__ = doc, register
    return module_page("nutrition", VIEW_REGISTER)(view)


children = _list_view(
    "children", "The children register, searchable by name or NIK, filtered by posyandu."
)
mothers = _list_view("mothers", "The mothers register, with ongoing pregnancies marked.")
girls = _list_view("girls", "Adolescent girls with their latest screening.", screening=True)


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
    path("remaja/<int:pk>/rujuk/", girl_refer, name="girl_refer"),
]
