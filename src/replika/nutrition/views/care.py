"""Follow-up pages: referrals to the puskesmas and the Rumah Gizi programme."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page
from replika.core.models import Wilayah
from replika.nutrition.forms.care import (
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
from replika.nutrition.rules import followup as rg
from replika.nutrition.selectors import care as sel
from replika.nutrition.selectors.registers import child_measurements, posyandu_for
from replika.nutrition.services import care
from replika.nutrition.settings_schema import settings_for
from replika.nutrition.views.child import growth_svgs

PAGE_SIZE = 50
RECENT_MEASUREMENTS = 6  # the referral page and slip show the child's last six visits
REFERRAL_PAGE = "nutrition/care/referral_detail.html"
ENROLMENT_PAGE = "nutrition/care/enrolment_detail.html"


def rumah_gizi_on(region: Wilayah | None) -> bool:
    """Whether a region runs the Rumah Gizi part of the programme."""
    return region is None or settings_for(region).rumah_gizi


def _require_rumah_gizi(region: Wilayah | None) -> None:
    """Rumah Gizi pages do not exist where the region switched the part off."""
    if not rumah_gizi_on(region):
        raise Http404


# --- referrals ---------------------------------------------------------------------------


@module_page("nutrition", VIEW_REGISTER)
def referral_list(request: AuthedHttpRequest) -> HttpResponse:
    """Referrals of the user's area, filtered by status, reason and overdue."""
    filters = ReferralFilterForm(
        request.GET or None, units=posyandu_for(request.user, VIEW_REGISTER)
    )
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = sel.referrals_for(request.user, VIEW_REGISTER, chosen)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for referral in page.object_list:
        referral.overdue = rg.is_overdue(  # type: ignore[attr-defined]
            referral.status, (today - referral.referred_on).days
        )
    return render(request, "nutrition/care/referral_list.html", {"filters": filters, "page": page})


def _referral_context(request: AuthedHttpRequest, referral: Referral) -> dict[str, Any]:
    """What the referral page shows besides its forms: for a child, its latest measurements
    (z-scores, categories and the reasons stored on them) and its growth charts."""
    context: dict[str, Any] = {
        "referral": referral,
        **sel.referral_timeline(referral),
        "overdue": rg.is_overdue(
            referral.status, (timezone.localdate() - referral.referred_on).days
        ),
        "measurements": [],
        "charts": [],
    }
    if referral.child is not None:
        measurements = list(child_measurements(referral.child))
        context["measurements"] = list(reversed(measurements))[:RECENT_MEASUREMENTS]
        context["charts"] = growth_svgs(referral.child, measurements)
    return context


def _may(request: AuthedHttpRequest, referral: Referral, perm: str) -> bool:
    """Whether the user holds ``perm`` over this referral."""
    return sel.may_act_on(request.user, referral, perm)


def _advance_form(request: AuthedHttpRequest, referral: Referral) -> ReferralAdvanceForm | None:
    """The form to advance the referral, for the puskesmas while it is open."""
    if _may(request, referral, MANAGE_REFERRAL) and rg.is_open(referral.status):
        return ReferralAdvanceForm(current=referral.status)
    return None


def _enrolment_form(request: AuthedHttpRequest, referral: Referral, data: Any = None) -> Any:
    """The Rumah Gizi enrolment form, when this referral may lead there."""
    if (
        referral.child_id is None
        or not rg.can_move(referral.status, rg.RUMAH_GIZI)
        or not rumah_gizi_on(referral.region)
        or not _may(request, referral, MANAGE_RUMAH_GIZI)
    ):
        return None
    return EnrolmentForm(data, units=sel.rumah_gizi_units(referral.region))


@module_page("nutrition", VIEW_REGISTER)
def referral_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One referral: its timeline and, for the puskesmas, the form to advance it."""
    if request.method == "POST":
        return _referral_advance(request, pk)
    referral = sel.referral_for(request.user, pk, VIEW_REGISTER)
    context = _referral_context(request, referral)
    context.update(
        form=_advance_form(request, referral), enrol_form=_enrolment_form(request, referral)
    )
    return render(request, REFERRAL_PAGE, context)


@module_page("nutrition", VIEW_REGISTER)
def referral_slip(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The referral slip the family carries to the puskesmas, laid out for printing."""
    referral = sel.referral_for(request.user, pk, VIEW_REGISTER)
    context = _referral_context(request, referral)
    context["printed_on"] = timezone.localdate()
    return render(request, "nutrition/care/referral_slip.html", context)


def _referral_advance(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Advance the referral one step; a refused step re-renders with the field's error."""
    referral = sel.referral_for(request.user, pk, MANAGE_REFERRAL)
    return form_page(
        request,
        ReferralAdvanceForm(request.POST, current=referral.status),
        REFERRAL_PAGE,
        save=lambda data: care.referral_advance(actor=request.user, referral=referral, **data),
        done=lambda _referral: redirect("nutrition:referral", pk=referral.pk),
        context={
            **_referral_context(request, referral),
            "enrol_form": _enrolment_form(request, referral),
        },
    )


@require_POST
@module_page("nutrition", MANAGE_RUMAH_GIZI)
def referral_enrol(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Enrol the referred child at a Rumah Gizi."""
    referral = sel.referral_for(request.user, pk, MANAGE_RUMAH_GIZI)
    form = _enrolment_form(request, referral, request.POST)
    child = referral.child
    if form is None or child is None:
        raise Http404
    return form_page(
        request,
        form,
        REFERRAL_PAGE,
        save=lambda data: care.enrolment_start(
            actor=request.user, child=child, referral=referral, **data
        ),
        done=lambda enrolment: redirect("nutrition:enrolment", pk=enrolment.pk),
        # The page's "form" is the advance form; this one is its enrolment form.
        context={
            **_referral_context(request, referral),
            "form": _advance_form(request, referral),
            "enrol_form": form,
        },
    )


# --- Rumah Gizi --------------------------------------------------------------------------


@module_page("nutrition", VIEW_REGISTER)
def enrolment_list(request: AuthedHttpRequest) -> HttpResponse:
    """Children enrolled at the Rumah Gizi of the user's area."""
    _require_rumah_gizi(request.region)
    filters = EnrolmentFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    rows = sel.enrolments_for(request.user, VIEW_REGISTER, status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "nutrition/care/enrolment_list.html", {"filters": filters, "page": page})


def _enrolment(request: AuthedHttpRequest, pk: int, perm: str) -> RumahGiziEnrolment:
    """One enrolment the user may act on with ``perm``, where Rumah Gizi is on."""
    enrolment = sel.enrolment_for(request.user, pk, perm)
    _require_rumah_gizi(enrolment.region)
    return enrolment


def _enrolment_context(
    request: AuthedHttpRequest, enrolment: RumahGiziEnrolment, **forms: Any
) -> dict[str, Any]:
    """What the enrolment page shows, with the forms its user may use."""
    weights = list(enrolment.weights.all())
    can_manage = enrolment.status == RumahGiziStatus.ACTIVE and sel.may_act_on(
        request.user, enrolment, MANAGE_RUMAH_GIZI
    )
    context: dict[str, Any] = {
        "enrolment": enrolment,
        "feeding_days": enrolment.feeding_days.all(),
        "weights": weights,
        "recovered_run": _recovered_run(weights),
        "needed": rg.GRADUATION_WEIGHINGS,
        "admitted_on": enrolment.admitted_on.split(","),
        "missing": sel.discharge_missing(enrolment)
        if enrolment.status == RumahGiziStatus.ACTIVE
        else [],
        "can_manage": can_manage,
    }
    if can_manage:
        context["feeding_form"] = forms.get("feeding_form") or FeedingDayForm()
        context["weight_form"] = forms.get("weight_form") or WeeklyWeightForm()
        context["exit_form"] = forms.get("exit_form") or ExitForm()
    return context


def _recovered_run(weights: list[Any]) -> int:
    """How many of the latest weighings in a row are at or above the graduation line."""
    run = 0
    for weighing in reversed(weights):
        if weighing.zwfl is None or weighing.zwfl < rg.GRADUATION_Z:
            break
        run += 1
    return run


@module_page("nutrition", VIEW_REGISTER)
def enrolment_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One child's stay at a Rumah Gizi: feeding days, weekly weights, graduation."""
    context = _enrolment_context(request, _enrolment(request, pk, VIEW_REGISTER))
    return render(request, ENROLMENT_PAGE, context)


def _enrolment_action(
    request: AuthedHttpRequest,
    pk: int,
    form: forms.Form,
    form_key: str,
    save: Callable[[RumahGiziEnrolment, dict[str, Any]], object],
) -> HttpResponse:
    """One of the enrolment page's forms: its service, then the page again or its errors."""
    enrolment = _enrolment(request, pk, MANAGE_RUMAH_GIZI)
    return form_page(
        request,
        form,
        ENROLMENT_PAGE,
        save=lambda data: save(enrolment, data),
        done=lambda _saved: redirect("nutrition:enrolment", pk=enrolment.pk),
        context=_enrolment_context(request, enrolment, **{form_key: form}),
    )


# The enrolment page's forms: the context key of each, its form and the service it calls.
ENROLMENT_FORMS: dict[str, tuple[type[forms.Form], Callable[..., object]]] = {
    "feeding_form": (FeedingDayForm, care.feeding_day_record),
    "weight_form": (WeeklyWeightForm, care.weekly_weight_record),
    "exit_form": (ExitForm, care.enrolment_exit),
}


def _enrolment_form_view(form_key: str, doc: str) -> Callable[..., HttpResponse]:
    """The POST view of one enrolment form, for the Rumah Gizi staff."""
    form_class, service = ENROLMENT_FORMS[form_key]

    def view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
        return _enrolment_action(
            request,
            pk,
            form_class(request.POST),
            form_key,
            lambda enrolment, data: service(actor=request.user, enrolment=enrolment, **data),
        )

    view.__doc__ = doc
    view.__name__ = f"enrolment_{form_key.removesuffix('_form')}"
    return require_POST(module_page("nutrition", MANAGE_RUMAH_GIZI)(view))


enrolment_feeding = _enrolment_form_view("feeding_form", "Record a feeding day.")
enrolment_weight = _enrolment_form_view(
    "weight_form", "Record a weekly weighing (the child graduates automatically when recovered)."
)
enrolment_exit = _enrolment_form_view(
    "exit_form", "End the stay before graduation, with the reason."
)


urlpatterns = [
    path("rujukan/", referral_list, name="referrals"),
    path("rujukan/<int:pk>/", referral_detail, name="referral"),
    path("rujukan/<int:pk>/surat/", referral_slip, name="referral_slip"),
    path("rujukan/<int:pk>/rumah-gizi/", referral_enrol, name="referral_enrol"),
    path("rumah-gizi/", enrolment_list, name="rumah_gizi"),
    path("rumah-gizi/<int:pk>/", enrolment_detail, name="enrolment"),
    path("rumah-gizi/<int:pk>/makan/", enrolment_feeding, name="enrolment_feeding"),
    path("rumah-gizi/<int:pk>/timbang/", enrolment_weight, name="enrolment_weight"),
    path("rumah-gizi/<int:pk>/keluar/", enrolment_exit, name="enrolment_exit"),
]
