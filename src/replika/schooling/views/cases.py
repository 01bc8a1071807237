"""Case pages: the phone report, the register, a child's page with every workflow step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.access import has_any
from replika.core.decorators import module_page
from replika.core.forms import add_service_errors
from replika.core.http import AuthedHttpRequest
from replika.core.offline import offline_worker
from replika.schooling.forms.cases import (
    AssessForm,
    AttendanceForm,
    CloseForm,
    CompleteForm,
    PlaceForm,
    ReportForm,
    SearchForm,
    StepForm,
    SupportForm,
)
from replika.schooling.models import Case, Status
from replika.schooling.permissions import (
    PLACE_CASE,
    RECORD_ATTENDANCE,
    RECORD_SUPPORT,
    REPORT_CASE,
    VERIFY_CASE,
    VIEW_REGISTER,
)
from replika.schooling.selectors import cases as sel
from replika.schooling.services import cases as case_services
from replika.schooling.services import followup
from replika.schooling.services.common import status_of_refusal
from replika.schooling.settings_schema import settings_for

PAGE_SIZE = 50


def _reasons(request: AuthedHttpRequest) -> list[tuple[str, str]]:
    return settings_for(getattr(request, "region", None)).reason_choices()


def child_of(d: dict[str, Any]) -> case_services.ChildIn:
    """A found child from the report (or correction) form's cleaned data."""
    return case_services.ChildIn(
        location=d["location"],
        name=d["name"],
        sex=d["sex"],
        birth_date=d["birth_date"],
        ats_type=d["ats_type"],
        reason=d["reason"],
        source=d["source"],
        nik=d["nik"],
        no_kk=d["no_kk"],
        nisn=d.get("nisn", ""),
        address=d["address"],
        rt=d["rt"],
        rw=d["rw"],
        guardian_name=d["guardian_name"],
        guardian_phone=d["guardian_phone"],
        last_school_npsn=d["last_school_npsn"],
        last_level=d["last_level"],
        last_grade=d["last_grade"],
        dtks=d["dtks"],
        kip=d["kip"],
        pkh=d["pkh"],
    )


@module_page("schooling", REPORT_CASE)
def report(request: AuthedHttpRequest) -> HttpResponse:
    """Record a found child on a phone: the few fields first, the rest folded away.

    The page's outbox posts each report with an id it made (``entry``) and asks for the
    short answer (``X-Requested-With``): the report's state in ``X-Row-State`` (saved,
    replayed or invalid) and the message or the errors as the body.
    """
    locations = sel.locations_for(request.user, REPORT_CASE)
    form = ReportForm(request.POST or None, locations=locations, reasons=_reasons(request))
    outbox = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            child = child_of(form.cleaned_data)
            entry = form.cleaned_data.get("entry")
            try:
                if entry is not None:
                    case, replayed = case_services.case_report_entry(
                        actor=request.user, child=child, entry=entry
                    )
                else:
                    case = case_services.case_report(actor=request.user, child=child)
                    replayed = False
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = status_of_refusal(exc)
            else:
                done = _("Case %(number)s recorded: %(name)s.") % {
                    "number": case.pk,
                    "name": case.name,
                }
                if outbox:
                    answer = render(request, "schooling/_report_answer.html", {"done": done})
                    answer["X-Row-State"] = "replayed" if replayed else "saved"
                    return answer
                messages.success(request, done)
                return redirect("schooling:report")
        if outbox:
            answer = render(request, "schooling/_report_answer.html", {"form": form}, status=status)
            answer["X-Row-State"] = "invalid"
            return answer
    context = {"form": form, "worker_url": reverse("schooling:report_worker")}
    return render(request, "schooling/report.html", context, status=status)


@module_page("schooling", REPORT_CASE)
def report_worker(request: AuthedHttpRequest) -> HttpResponse:
    """The service worker that keeps the survey page and its assets for offline use."""
    return offline_worker(request, cache="replika-survey-v1")


@module_page("schooling", VIEW_REGISTER)
def case_list(request: AuthedHttpRequest) -> HttpResponse:
    """The register: searched (posted when it holds a NIK), filtered by queue and status."""
    data = request.POST if request.method == "POST" else request.GET
    form = SearchForm(data or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    qs = sel.cases_for(
        request.user,
        wilayah=filters.get("wilayah", ""),
        status=filters.get("status", ""),
        queue=filters.get("queue", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    sees = sel.shows_personal(request.user)
    query = filters.get("q", "")
    if query.isdigit():
        audit.record_read(
            actor=request.user,
            what="schooling_nik_search",
            model=Case._meta.label_lower,
            region=getattr(request, "region", None),
            detail={"found": page.paginator.count},
        )
    rows = [(c, sel.masked(sees, c.nik)) for c in page.object_list]
    context = {"form": form, "page": page, "rows": rows, "counts": sel.queue_counts(request.user)}
    return render(request, "schooling/cases.html", context)


@module_page("schooling", VERIFY_CASE)
def queue(request: AuthedHttpRequest) -> HttpResponse:
    """The verification queue and the residu bin (the ATS check at Dinas)."""
    waiting = sel.cases_for(request.user, perm=VERIFY_CASE, queue="verify")[:200]
    residu = sel.cases_for(request.user, perm=VERIFY_CASE, queue="residu")[:200]
    at_risk = sel.cases_for(request.user, perm=VERIFY_CASE, queue="at_risk")[:200]
    context = {
        "waiting": waiting,
        "residu": residu,
        "at_risk": at_risk,
        "counts": sel.queue_counts(request.user),
    }
    return render(request, "schooling/queue.html", context)


def _forms(
    request: AuthedHttpRequest, case: Case, bound: str = "", data: Any = None
) -> dict[str, forms.Form]:
    """The step forms the user may use on this case now (one of them bound after a POST)."""
    user = request.user
    region = case.region
    found: dict[str, forms.Form] = {}

    def make(name: str, cls: Callable[..., forms.Form], **kwargs: Any) -> None:
        found[name] = cls(data if bound == name else None, prefix=name, **kwargs)

    open_case = case.status not in (Status.COMPLETED, Status.CLOSED)
    if case.status == Status.REPORTED and has_any(user, VERIFY_CASE):
        make("verify", StepForm)
        if not case.residu:
            make("residu", StepForm)
    if case.status == Status.VERIFIED and has_any(user, PLACE_CASE):
        make("assess", AssessForm)
    if case.status == Status.ASSESSED and has_any(user, PLACE_CASE):
        make("place", PlaceForm, places=sel.places_for(user, PLACE_CASE, region=region))
    if case.status in (Status.PLACED, Status.ATTENDING) and has_any(user, RECORD_ATTENDANCE):
        make("attendance", AttendanceForm)
    if case.status == Status.ATTENDING and has_any(user, RECORD_ATTENDANCE):
        make("complete", CompleteForm)
    if open_case and has_any(user, RECORD_SUPPORT):
        items = [
            (code, f"{label} (Rp {cost:,.0f})".replace(",", "."))
            for code, (label, cost) in settings_for(region).support_items().items()
        ]
        make("support", SupportForm, items=items)
    if open_case and has_any(user, PLACE_CASE):
        make("close", CloseForm)
    return found


STEP_PERMS = {
    "verify": VERIFY_CASE,
    "residu": VERIFY_CASE,
    "assess": PLACE_CASE,
    "place": PLACE_CASE,
    "attendance": RECORD_ATTENDANCE,
    "complete": RECORD_ATTENDANCE,
    "support": RECORD_SUPPORT,
    "close": PLACE_CASE,
}


def _run(user: Any, case: Case, step: str, d: dict[str, Any]) -> str:
    """Call the one service of a step; returns the message of success."""
    if step == "verify":
        case_services.case_verify(actor=user, case=case, on=d["on"], note=d["note"])
        return _("Verified.")
    if step == "residu":
        case_services.case_residu(actor=user, case=case, on=d["on"], note=d["note"])
        return _("Moved to the residu bin.")
    if step == "assess":
        case_services.case_assess(
            actor=user, case=case, route=d["route"], on=d["on"], note=d["note"]
        )
        return _("Assessed.")
    if step == "place":
        case_services.case_place(
            actor=user, case=case, place=d["place"], on=d["on"], note=d["note"]
        )
        return _("Placed.")
    if step == "attendance":
        followup.attendance_record(
            actor=user,
            case=case,
            month=d["month"],
            school_days=d["school_days"],
            days_present=d["days_present"],
            stopped_coming=d["stopped_coming"],
        )
        return _("Attendance recorded.")
    if step == "complete":
        case_services.case_complete(
            actor=user,
            case=case,
            on=d["on"],
            certificate=d["certificate"],
            next_level=d["next_level"],
        )
        return _("Completed.")
    if step == "support":
        followup.support_give(
            actor=user,
            case=case,
            item=d["item"],
            quantity=d["quantity"],
            given_on=d["given_on"],
            unit_cost=d["unit_cost"],
            note=d["note"],
        )
        return _("Support recorded.")
    case_services.case_close(actor=user, case=case, reason=d["reason"], on=d["on"], note=d["note"])
    return _("Closed.")


def _page(
    request: AuthedHttpRequest, case: Case, step_forms: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    attendance = sel.attendance_of(case)
    support, support_total = sel.support_of(case)
    sees = sel.shows_personal(request.user)
    context = {
        "case": case,
        "nik": sel.masked(sees, case.nik),
        "no_kk": sel.masked(sees, case.no_kk),
        "phone": sel.masked(sees, case.guardian_phone),
        "sees": sees,
        "events": sel.timeline(case),
        "attendance": attendance,
        "support": support,
        "support_total": support_total,
        "forms": step_forms,
        "suggestions": sel.suggestions(request.user, case, PLACE_CASE)
        if "place" in step_forms
        else [],
        "pathway": case_services.pathway_of(case, case.reported_on)
        if case.status != Status.CLOSED
        else "",
        "corrects": sel.correction_right(request.user, case),
    }
    return render(request, "schooling/case.html", context, status=status)


@module_page("schooling", VIEW_REGISTER)
def case_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A child's page: identity, timeline, attendance, support, and the steps allowed now."""
    case = sel.case_for(request.user, pk)
    audit.record_read(actor=request.user, what="schooling_case", instance=case)
    return _page(request, case, _forms(request, case))


@module_page("schooling", VIEW_REGISTER)
def case_step(request: AuthedHttpRequest, pk: int, step: str) -> HttpResponse:
    """Post one step of the workflow; a refusal shows the page again with the reason (422)."""
    perm = STEP_PERMS.get(step)
    if perm is None or request.method != "POST":
        raise Http404
    case = sel.case_for(request.user, pk, perm)
    step_forms = _forms(request, case, bound=step, data=request.POST)
    form = step_forms.get(step)
    if form is None:
        messages.error(request, _("This step is not possible for this case now."))
        return _page(request, case, _forms(request, case), status=422)
    if form.is_valid():
        try:
            done = _run(request.user, case, step, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _page(request, case, step_forms, status=status_of_refusal(exc))
        messages.success(request, done)
        return redirect(reverse("schooling:case", args=[case.pk]))
    return _page(request, case, step_forms, status=422)


urlpatterns = [
    path("lapor/", report, name="report"),
    path("lapor/sw.js", report_worker, name="report_worker"),
    path("kasus/", case_list, name="cases"),
    path("antrian/", queue, name="queue"),
    path("kasus/<int:pk>/", case_detail, name="case"),
    path("kasus/<int:pk>/<slug:step>/", case_step, name="case_step"),
]
