"""Case pages: the list, reporting, a case's page and every step of its workflow."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core import audit
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, flash_refusal, form_page, saved
from replika.outbreak.forms.cases import (
    CaseEditForm,
    CaseFilter,
    CaseForm,
    ClassifyForm,
    ClusterLinkForm,
    ContactForm,
    DeclineForm,
    LabResultForm,
    LabTestForm,
    OutcomeForm,
    TransferAnswerForm,
    TransferForm,
)
from replika.outbreak.permissions import (
    MANAGE_CLUSTER,
    MANAGE_CONTACT,
    REPORT_CASE,
    TRANSFER_CASE,
    VERIFY_CASE,
    VIEW_CASE,
)
from replika.outbreak.selectors import cases as sel
from replika.outbreak.services import cases as services
from replika.outbreak.services import contacts as contact_services

M = "outbreak"
PAGE_SIZE = 50


def _case_url(case: Any) -> HttpResponse:
    return redirect("outbreak:case", case.pk)


@module_page(M, VIEW_CASE)
def case_list(request: AuthedHttpRequest) -> HttpResponse:
    """Cases the user may see; the search is POSTed so a NIK never lands in a URL."""
    data = request.POST if request.method == "POST" else request.GET
    form = CaseFilter(data or None, diseases=sel.diseases_for(request.user, VIEW_CASE))
    form.is_valid()
    clean = getattr(form, "cleaned_data", {})
    disease = clean.get("disease")
    qs = sel.case_list(
        request.user,
        disease_id=disease.pk if disease else None,
        status=clean.get("status", ""),
        query=clean.get("q", ""),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    if clean.get("q", "").isdigit():
        audit.record_read(
            actor=request.user,
            what="outbreak.nik_search",
            model="outbreak.case",
            region=getattr(request, "region", None),
            detail={"found": page.paginator.count},
        )
    rows = [(case, sel.nik_for(request.user, case.nik)) for case in page.object_list]
    return render(request, "outbreak/cases/list.html", {"form": form, "page": page, "rows": rows})


@module_page(M, VERIFY_CASE)
def verification(request: AuthedHttpRequest) -> HttpResponse:
    """Cases waiting for the Dinas, oldest first."""
    qs = sel.pending_verification(request.user).order_by("submitted_at", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outbreak/cases/verification.html", {"page": page})


@module_page(M, REPORT_CASE)
def case_new(request: AuthedHttpRequest) -> HttpResponse:
    form = CaseForm(
        request.POST or None,
        units=sel.facilities_for(request.user, REPORT_CASE),
        diseases=sel.diseases_for(request.user, REPORT_CASE),
        initial={"reported_on": timezone.localdate(), "submit": True},
    )

    def save(data: dict[str, Any]) -> Any:
        return services.case_report(actor=request.user, **data)

    return form_page(
        request,
        form,
        "outbreak/cases/form.html",
        save=save,
        done=lambda case: saved(
            request, _("Case %(code)s saved.") % {"code": case.code}, "outbreak:case", pk=case.pk
        ),
        context={"title": _("Report a case")},
    )


@module_page(M, VIEW_CASE)
def case_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = sel.case_for(request.user, pk)
    audit.record_read(actor=request.user, what="outbreak.case", instance=case)
    context = {
        "case": case,
        "nik": sel.nik_for(request.user, case.nik),
        "personal": sel.shows_personal(request.user),
        "isolation_end": sel.isolation_end_of(case),
        "window": sel.window_of(case),
        **sel.case_detail(request.user, case),
    }
    return render(request, "outbreak/cases/detail.html", context)


@module_page(M, REPORT_CASE)
def case_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = sel.case_for(request.user, pk, REPORT_CASE)
    initial = {f: getattr(case, f) for f in CaseEditForm.base_fields}
    form = CaseEditForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        "outbreak/cases/form.html",
        save=lambda data: services.case_update(actor=request.user, case=case, **data),
        done=lambda c: saved(request, _("Case updated."), "outbreak:case", pk=c.pk),
        context={"title": _("Correct case %(code)s") % {"code": case.code}, "case": case},
    )


def _action(request: HttpRequest, pk: int, perm: str, run: Any, ok: str) -> HttpResponse:
    """A one-button step on a case: run it, say so, back to the case (or why not)."""
    case = sel.case_for(request.user, pk, perm)
    try:
        run(case)
    except ValidationError as exc:
        flash_refusal(request, exc)
        return render(
            request,
            "outbreak/refused.html",
            {"back": reverse("outbreak:case", args=[case.pk]), "exc": exc},
            status=422,
        )
    messages.success(request, ok)
    return _case_url(case)


@require_POST
@module_page(M, REPORT_CASE)
def case_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        REPORT_CASE,
        lambda c: services.case_submit(actor=request.user, case=c),
        _("Sent for verification."),
    )


@require_POST
@module_page(M, VERIFY_CASE)
def case_verify(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        VERIFY_CASE,
        lambda c: services.case_verify(actor=request.user, case=c),
        _("Case verified."),
    )


def _form_action(
    request: HttpRequest, pk: int, perm: str, form_class: Any, run: Any, ok: str, **form_kwargs: Any
) -> HttpResponse:
    """A step on a case that takes a small form (decline reason, new classification, …)."""
    case = sel.case_for(request.user, pk, perm)
    kwargs = {key: value(case) for key, value in form_kwargs.items()}
    form = form_class(request.POST or None, **kwargs)
    return form_page(
        request,
        form,
        "outbreak/cases/step.html",
        save=lambda data: run(case, data),
        done=lambda _result: saved(request, ok, "outbreak:case", pk=case.pk),
        context={"case": case},
    )


@module_page(M, VERIFY_CASE)
def case_decline(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        VERIFY_CASE,
        DeclineForm,
        lambda c, d: services.case_decline(actor=request.user, case=c, reason=d["reason"]),
        _("Case declined and sent back."),
    )


@module_page(M, REPORT_CASE)
def case_classify(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        REPORT_CASE,
        ClassifyForm,
        lambda c, d: services.case_classify(actor=request.user, case=c, **d),
        _("Classification changed."),
        disease=lambda c: c.disease,
    )


@module_page(M, REPORT_CASE)
def case_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        REPORT_CASE,
        OutcomeForm,
        lambda c, d: services.case_close(actor=request.user, case=c, **d),
        _("Outcome recorded."),
    )


@module_page(M, REPORT_CASE)
def labtest_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        REPORT_CASE,
        LabTestForm,
        lambda c, d: services.labtest_record(actor=request.user, case=c, **d),
        _("Test recorded."),
        labs=lambda c: sel.facilities_for(request.user, REPORT_CASE),
    )


@module_page(M, REPORT_CASE)
def labtest_result(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    test = sel.labtest_for(request.user, pk, REPORT_CASE)
    form = LabResultForm(request.POST or None)
    return form_page(
        request,
        form,
        "outbreak/cases/step.html",
        save=lambda d: services.labtest_result(actor=request.user, test=test, **d),
        done=lambda _t: saved(request, _("Result recorded."), "outbreak:case", pk=test.case_id),
        context={"case": test.case},
    )


@module_page(M, TRANSFER_CASE)
def case_transfer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        TRANSFER_CASE,
        TransferForm,
        lambda c, d: services.case_transfer(actor=request.user, case=c, **d),
        _("Transfer sent; the case moves when the receiving side accepts it."),
        units=lambda c: sel.transfer_targets(request.user, c),
    )


@module_page(M, REPORT_CASE)
def transfers_incoming(request: AuthedHttpRequest) -> HttpResponse:
    """Cases other facilities or regions want to hand over to the user's facility."""
    rows = list(sel.incoming_transfers(request.user))
    return render(request, "outbreak/cases/transfers.html", {"rows": rows})


@module_page(M, REPORT_CASE)
def transfer_answer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The receiving side accepts or declines a transfer, with a comment."""
    transfer = sel.incoming_transfer_for(request.user, pk)
    form = TransferAnswerForm(request.POST or None)

    def save(data: dict[str, Any]) -> Any:
        if data["decision"] == TransferAnswerForm.ACCEPT:
            return services.transfer_accept(
                actor=request.user, transfer=transfer, answer=data["answer"]
            )
        return services.transfer_decline(
            actor=request.user, transfer=transfer, answer=data["answer"]
        )

    def done(t: Any) -> HttpResponse:
        if t.status == "accepted":
            return saved(request, _("Case accepted."), "outbreak:case", pk=t.case_id)
        return saved(request, _("Transfer declined."), "outbreak:transfers")

    return form_page(
        request,
        form,
        "outbreak/cases/transfer_answer.html",
        save=save,
        done=done,
        context={"transfer": transfer},
    )


@module_page(M, MANAGE_CLUSTER)
def case_cluster(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        MANAGE_CLUSTER,
        ClusterLinkForm,
        lambda c, d: services.case_link_cluster(actor=request.user, case=c, cluster=d["cluster"]),
        _("Cluster saved."),
        clusters=lambda c: sel.clusters_for(request.user).filter(disease=c.disease),
    )


@module_page(M, MANAGE_CONTACT)
def contact_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = sel.case_for(request.user, pk, MANAGE_CONTACT)
    form = ContactForm(request.POST or None, region=case.region)
    return form_page(
        request,
        form,
        "outbreak/cases/step.html",
        save=lambda d: contact_services.contact_add(actor=request.user, case=case, **d),
        done=lambda k: saved(
            request, _("Contact added; follow-up days planned."), "outbreak:contact", pk=k.pk
        ),
        context={"case": case, "window": sel.window_of(case)},
    )


urlpatterns = [
    path("kasus/", case_list, name="cases"),
    path("kasus/baru/", case_new, name="case_new"),
    path("kasus/verifikasi/", verification, name="verification"),
    path("kasus/<int:pk>/", case_detail, name="case"),
    path("kasus/<int:pk>/ubah/", case_edit, name="case_edit"),
    path("kasus/<int:pk>/kirim/", case_submit, name="case_submit"),
    path("kasus/<int:pk>/verifikasi/", case_verify, name="case_verify"),
    path("kasus/<int:pk>/tolak/", case_decline, name="case_decline"),
    path("kasus/<int:pk>/klasifikasi/", case_classify, name="case_classify"),
    path("kasus/<int:pk>/hasil-akhir/", case_close, name="case_close"),
    path("kasus/<int:pk>/lab/", labtest_new, name="labtest_new"),
    path("lab/<int:pk>/hasil/", labtest_result, name="labtest_result"),
    path("kasus/<int:pk>/pindah/", case_transfer, name="case_transfer"),
    path("kasus/pindahan/", transfers_incoming, name="transfers"),
    path("pindahan/<int:pk>/", transfer_answer, name="transfer_answer"),
    path("kasus/<int:pk>/klaster/", case_cluster, name="case_cluster"),
    path("kasus/<int:pk>/kontak/", contact_new, name="contact_new"),
]
