"""Follow-up pages: referrals to the puskesmas and the Rumah Gizi programme."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from replika.core.access import get_for_user, scoped
from replika.core.activation import effective_settings
from replika.core.decorators import module_page
from replika.core.forms import add_service_errors as apply_errors
from replika.core.models import Wilayah
from replika.core.views import signed_in
from replika.nutrition import rumah_gizi_rules as rg
from replika.nutrition.forms_care import (
    EnrolmentFilterForm,
    EnrolmentForm,
    ExitForm,
    FeedingDayForm,
    ReferralAdvanceForm,
    ReferralFilterForm,
    WeeklyWeightForm,
)
from replika.nutrition.models import Referral, RumahGiziEnrolment, RumahGiziStatus
from replika.nutrition.permissions import (
    MANAGE_REFERRAL,
    MANAGE_RUMAH_GIZI,
    VIEW_REGISTER,
)
from replika.nutrition.services import care
from replika.nutrition.settings_schema import NutritionSettings


def nutrition_settings(region: Wilayah) -> NutritionSettings:
    """What the region adapted in Ayo Ceting (the nutrition module validates to this class)."""
    return cast(NutritionSettings, effective_settings("nutrition", region))


PAGE_SIZE = 50


def rumah_gizi_on(region: Wilayah | None) -> bool:
    """Whether a region runs the Rumah Gizi part of the programme."""
    return region is None or nutrition_settings(region).rumah_gizi


def _require_rumah_gizi(region: Wilayah | None) -> None:
    """Rumah Gizi pages do not exist where the region switched the part off."""
    if not rumah_gizi_on(region):
        raise Http404


# --- referrals ---------------------------------------------------------------------------


def _referral_rows(request: HttpRequest) -> QuerySet[Referral]:
    """The referrals the user may see, with what a list row shows."""
    return scoped(
        Referral.objects.select_related("child", "pregnancy__mother", "unit", "puskesmas"),
        request.user,
        VIEW_REGISTER,
    )


def _overdue_since() -> dt.date:
    """Referred on or before this day and still not examined means overdue."""
    return timezone.localdate() - dt.timedelta(days=rg.OVERDUE_AFTER_DAYS + 1)


@module_page("nutrition", VIEW_REGISTER)
def referral_list(request: HttpRequest) -> HttpResponse:
    """Referrals of the user's area, filtered by status, reason and overdue."""
    filters = ReferralFilterForm(request.GET or None)
    rows = _referral_rows(request)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            rows = rows.filter(status=data["status"])
        if data["reason"]:
            rows = rows.filter(reason=data["reason"])
        if data["overdue"]:
            rows = rows.filter(status=rg.REFERRED, referred_on__lte=_overdue_since())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for referral in page.object_list:
        referral.overdue = rg.is_overdue(  # type: ignore[attr-defined]
            referral.status, (today - referral.referred_on).days
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "nutrition/care/referral_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


def _referral_context(request: HttpRequest, referral: Referral) -> dict[str, Any]:
    """What the referral page shows besides its forms."""
    return {
        "referral": referral,
        "events": referral.events.select_related("by"),
        "enrolments": referral.enrolments.select_related("rumah_gizi"),
        "overdue": rg.is_overdue(
            referral.status, (timezone.localdate() - referral.referred_on).days
        ),
    }


def _may(request: HttpRequest, referral: Referral, perm: str) -> bool:
    """Whether the user holds ``perm`` over this referral."""
    return scoped(Referral.objects.filter(pk=referral.pk), request.user, perm).exists()


def _enrolment_form(request: HttpRequest, referral: Referral, data: Any = None) -> Any:
    """The Rumah Gizi enrolment form, when this referral may lead there."""
    if (
        referral.child_id is None
        or not rg.can_move(referral.status, rg.RUMAH_GIZI)
        or not rumah_gizi_on(referral.region)
        or not _may(request, referral, MANAGE_RUMAH_GIZI)
    ):
        return None
    return EnrolmentForm(data, region=referral.region)


@module_page("nutrition", VIEW_REGISTER)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One referral: its timeline and, for the puskesmas, the form to advance it."""
    if request.method == "POST":
        return _referral_advance(request, pk)
    referral = get_for_user(
        Referral.objects.select_related("child", "pregnancy__mother", "unit", "region"),
        request.user,
        pk,
        VIEW_REGISTER,
    )
    form = None
    if _may(request, referral, MANAGE_REFERRAL) and rg.is_open(referral.status):
        form = ReferralAdvanceForm(current=referral.status)
    context = _referral_context(request, referral)
    context.update(form=form, enrol_form=_enrolment_form(request, referral))
    return render(request, "nutrition/care/referral_detail.html", context)


def _referral_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """Advance the referral one step; a refused step re-renders with the field's error."""
    referral = get_for_user(
        Referral.objects.select_related("child", "pregnancy__mother", "unit", "region"),
        request.user,
        pk,
        MANAGE_REFERRAL,
    )
    form = ReferralAdvanceForm(request.POST, current=referral.status)
    if form.is_valid():
        try:
            care.referral_advance(
                actor=signed_in(request),
                referral=referral,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("nutrition:referral", pk=referral.pk)
    context = _referral_context(request, referral)
    context.update(form=form, enrol_form=_enrolment_form(request, referral))
    return render(request, "nutrition/care/referral_detail.html", context, status=422)


@require_POST
@module_page("nutrition", MANAGE_RUMAH_GIZI)
def referral_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol the referred child at a Rumah Gizi."""
    referral = get_for_user(
        Referral.objects.select_related("child", "region", "unit"),
        request.user,
        pk,
        MANAGE_RUMAH_GIZI,
    )
    form = _enrolment_form(request, referral, request.POST)
    if form is None or referral.child is None:
        raise Http404
    if form.is_valid():
        try:
            enrolment = care.enrolment_start(
                actor=signed_in(request),
                child=referral.child,
                rumah_gizi=form.cleaned_data["rumah_gizi"],
                enrolled_on=form.cleaned_data["enrolled_on"],
                referral=referral,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("nutrition:enrolment", pk=enrolment.pk)
    context = _referral_context(request, referral)
    advance = None
    if _may(request, referral, MANAGE_REFERRAL) and rg.is_open(referral.status):
        advance = ReferralAdvanceForm(current=referral.status)
    context.update(form=advance, enrol_form=form)
    return render(request, "nutrition/care/referral_detail.html", context, status=422)


# --- Rumah Gizi --------------------------------------------------------------------------


@module_page("nutrition", VIEW_REGISTER)
def enrolment_list(request: HttpRequest) -> HttpResponse:
    """Children enrolled at the Rumah Gizi of the user's area."""
    _require_rumah_gizi(getattr(request, "region", None))
    filters = EnrolmentFilterForm(request.GET or None)
    rows = scoped(
        RumahGiziEnrolment.objects.select_related("child", "rumah_gizi", "unit"),
        request.user,
        VIEW_REGISTER,
    )
    if filters.is_valid() and filters.cleaned_data["status"]:
        rows = rows.filter(status=filters.cleaned_data["status"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "nutrition/care/enrolment_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


def _enrolment(request: HttpRequest, pk: int, perm: str) -> RumahGiziEnrolment:
    """One enrolment the user may act on with ``perm``, where Rumah Gizi is on."""
    enrolment = get_for_user(
        RumahGiziEnrolment.objects.select_related("child", "rumah_gizi", "unit", "region"),
        request.user,
        pk,
        perm,
    )
    _require_rumah_gizi(enrolment.region)
    return enrolment


def _enrolment_page(
    request: HttpRequest, enrolment: RumahGiziEnrolment, status: int = 200, **forms: Any
) -> HttpResponse:
    """Render the enrolment page with the forms its user may use."""
    weights = list(enrolment.weights.all())
    can_manage = (
        enrolment.status == RumahGiziStatus.ACTIVE
        and scoped(
            RumahGiziEnrolment.objects.filter(pk=enrolment.pk), request.user, MANAGE_RUMAH_GIZI
        ).exists()
    )
    context: dict[str, Any] = {
        "enrolment": enrolment,
        "feeding_days": enrolment.feeding_days.all(),
        "weights": weights,
        "recovered_run": _recovered_run(weights),
        "needed": rg.GRADUATION_WEIGHINGS,
        "can_manage": can_manage,
    }
    if can_manage:
        context["feeding_form"] = forms.get("feeding_form") or FeedingDayForm()
        context["weight_form"] = forms.get("weight_form") or WeeklyWeightForm()
        context["exit_form"] = forms.get("exit_form") or ExitForm()
    return render(request, "nutrition/care/enrolment_detail.html", context, status=status)


def _recovered_run(weights: list[Any]) -> int:
    """How many of the latest weighings in a row are at or above the graduation line."""
    run = 0
    for weighing in reversed(weights):
        if weighing.zwfl is None or weighing.zwfl < rg.GRADUATION_Z:
            break
        run += 1
    return run


@module_page("nutrition", VIEW_REGISTER)
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One child's stay at a Rumah Gizi: feeding days, weekly weights, graduation."""
    return _enrolment_page(request, _enrolment(request, pk, VIEW_REGISTER))


def _enrolment_action(
    request: HttpRequest, pk: int, form_class: type, form_key: str, run: Any
) -> HttpResponse:
    """Validate a form, call its service, and redirect or re-render with the errors."""
    enrolment = _enrolment(request, pk, MANAGE_RUMAH_GIZI)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(enrolment, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("nutrition:enrolment", pk=enrolment.pk)
    return _enrolment_page(request, enrolment, status=422, **{form_key: form})


@require_POST
@module_page("nutrition", MANAGE_RUMAH_GIZI)
def enrolment_feeding(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a feeding day."""

    def run(enrolment: RumahGiziEnrolment, data: dict[str, Any]) -> None:
        care.feeding_day_record(
            actor=signed_in(request), enrolment=enrolment, day=data["day"], menu=data["menu"]
        )

    return _enrolment_action(request, pk, FeedingDayForm, "feeding_form", run)


@require_POST
@module_page("nutrition", MANAGE_RUMAH_GIZI)
def enrolment_weight(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a weekly weighing (the child graduates automatically when recovered)."""

    def run(enrolment: RumahGiziEnrolment, data: dict[str, Any]) -> None:
        care.weekly_weight_record(
            actor=signed_in(request),
            enrolment=enrolment,
            measured_on=data["measured_on"],
            weight=data["weight"],
            lenhei=data["lenhei"],
            measure=data["measure"],
        )

    return _enrolment_action(request, pk, WeeklyWeightForm, "weight_form", run)


@require_POST
@module_page("nutrition", MANAGE_RUMAH_GIZI)
def enrolment_exit(request: HttpRequest, pk: int) -> HttpResponse:
    """End the stay before graduation, with the reason."""

    def run(enrolment: RumahGiziEnrolment, data: dict[str, Any]) -> None:
        care.enrolment_exit(
            actor=signed_in(request), enrolment=enrolment, reason=data["reason"], on=data["on"]
        )

    return _enrolment_action(request, pk, ExitForm, "exit_form", run)


urlpatterns = [
    path("rujukan/", referral_list, name="referrals"),
    path("rujukan/<int:pk>/", referral_detail, name="referral"),
    path("rujukan/<int:pk>/rumah-gizi/", referral_enrol, name="referral_enrol"),
    path("rumah-gizi/", enrolment_list, name="rumah_gizi"),
    path("rumah-gizi/<int:pk>/", enrolment_detail, name="enrolment"),
    path("rumah-gizi/<int:pk>/makan/", enrolment_feeding, name="enrolment_feeding"),
    path("rumah-gizi/<int:pk>/timbang/", enrolment_weight, name="enrolment_weight"),
    path("rumah-gizi/<int:pk>/keluar/", enrolment_exit, name="enrolment_exit"),
]
