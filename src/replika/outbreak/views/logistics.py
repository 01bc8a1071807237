"""Logistics pages: requests from facilities, their steps at the Dinas, warehouse stock."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core import audit
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, flash_refusal, form_page, saved
from replika.outbreak.forms.other import (
    LINES,
    ApproveForm,
    RealiseForm,
    RejectForm,
    RequestForm,
    StockForm,
)
from replika.outbreak.permissions import APPROVE_LOGISTICS, REQUEST_LOGISTICS
from replika.outbreak.selectors import cases as case_sel
from replika.outbreak.selectors import skdr as sel
from replika.outbreak.services import logistics as services

M = "outbreak"


@module_page(M, REQUEST_LOGISTICS)
def logistics(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(sel.requests_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "outbreak/logistics/list.html", {"page": page})


def _lines(data: dict[str, Any]) -> list[services.LineIn]:
    return [
        services.LineIn(
            item=data[f"item_{n}"],
            quantity=data[f"quantity_{n}"],
            usage=data.get(f"usage_{n}") or "",
            priority=data.get(f"priority_{n}") or "menengah",
        )
        for n in range(LINES)
        if data.get(f"item_{n}") is not None
    ]


@module_page(M, REQUEST_LOGISTICS)
def request_new(request: AuthedHttpRequest) -> HttpResponse:
    form = RequestForm(
        request.POST or None,
        request.FILES or None,
        units=case_sel.facilities_for(request.user, REQUEST_LOGISTICS),
    )

    def save(data: dict[str, Any]) -> Any:
        return services.request_submit(
            actor=request.user,
            unit=data["unit"],
            applicant=data["applicant"],
            letter_number=data["letter_number"],
            letter=data.get("letter"),
            note=data.get("note") or "",
            lines=_lines(data),
        )

    return form_page(
        request,
        form,
        "outbreak/logistics/form.html",
        save=save,
        done=lambda r: saved(request, _("Request sent."), "outbreak:request", pk=r.pk),
        context={"lines": range(LINES)},
    )


@module_page(M, REQUEST_LOGISTICS)
def request_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A request with its lines and, for the Dinas, its next step."""
    return _detail(request, sel.request_for(request.user, pk, REQUEST_LOGISTICS))


@module_page(M, REQUEST_LOGISTICS)
def request_letter(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """The stored request letter (PDF), to whoever may see the request; the read is audited."""
    req = sel.request_for(request.user, pk, REQUEST_LOGISTICS)
    stored = req.letter.name if req.letter else None
    if not stored or not default_storage.exists(stored):
        raise Http404
    audit.record_read(actor=request.user, what="outbreak.logistics.letter", instance=req)
    response = FileResponse(
        default_storage.open(stored, "rb"),
        as_attachment=True,
        filename=req.letter_name or f"{req.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@module_page(M, REQUEST_LOGISTICS)
def facility_stock(request: AuthedHttpRequest) -> HttpResponse:
    """What facilities hold from the logistics they received."""
    page = Paginator(sel.facility_stock_for(request.user), 100).get_page(request.GET.get("page"))
    return render(request, "outbreak/logistics/facility_stock.html", {"page": page})


def _detail(request: AuthedHttpRequest, req: Any) -> HttpResponse:
    approver = case_sel.may(request.user, APPROVE_LOGISTICS, req)
    context = {
        "req": req,
        "lines": sel.request_lines(req),
        "approver": approver,
        "requester": case_sel.may(request.user, REQUEST_LOGISTICS, req),
        "approve_form": ApproveForm(
            warehouses=case_sel.warehouses_for(request.user, APPROVE_LOGISTICS)
        ),
        "reject_form": RejectForm(),
    }
    return render(request, "outbreak/logistics/detail.html", context)


def _step(request: AuthedHttpRequest, pk: int, perm: str, run: Any, ok: str) -> HttpResponse:
    req = sel.request_for(request.user, pk, perm)
    try:
        run(req)
    except ValidationError as exc:
        flash_refusal(request, exc)
        return render(
            request,
            "outbreak/refused.html",
            {"back": reverse("outbreak:request", args=[req.pk]), "exc": exc},
            status=422,
        )
    messages.success(request, ok)
    return redirect("outbreak:request", req.pk)


@require_POST
@module_page(M, APPROVE_LOGISTICS)
def request_verify(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        APPROVE_LOGISTICS,
        lambda r: services.request_verify(actor=request.user, request=r),
        _("Request verified."),
    )


@require_POST
@module_page(M, REQUEST_LOGISTICS)
def request_receive(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        REQUEST_LOGISTICS,
        lambda r: services.request_receive(actor=request.user, request=r),
        _("Receipt confirmed."),
    )


def _form_step(
    request: AuthedHttpRequest, pk: int, form_class: Any, run: Any, ok: str, **kwargs: Any
) -> HttpResponse:
    req = sel.request_for(request.user, pk, APPROVE_LOGISTICS)
    built = {key: value(req) for key, value in kwargs.items()}
    form = form_class(request.POST or None, **built)
    return form_page(
        request,
        form,
        "outbreak/logistics/step.html",
        save=lambda d: run(req, d),
        done=lambda _r: saved(request, ok, "outbreak:request", pk=req.pk),
        context={"req": req},
    )


@module_page(M, APPROVE_LOGISTICS)
def request_approve(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _form_step(
        request,
        pk,
        ApproveForm,
        lambda r, d: services.request_approve(actor=request.user, request=r, **d),
        _("Request approved."),
        warehouses=lambda r: case_sel.warehouses_for(request.user, APPROVE_LOGISTICS).filter(
            region_id=r.region_id
        ),
    )


@module_page(M, APPROVE_LOGISTICS)
def request_reject(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _form_step(
        request,
        pk,
        RejectForm,
        lambda r, d: services.request_reject(actor=request.user, request=r, **d),
        _("Request rejected."),
    )


@module_page(M, APPROVE_LOGISTICS)
def request_realise(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    def run(req: Any, data: dict[str, Any]) -> Any:
        sent = [
            services.RealisedIn(
                line_id=line.pk, item=data[f"item_{line.pk}"], quantity=data[f"quantity_{line.pk}"]
            )
            for line in sel.request_lines(req)
        ]
        return services.request_realise(actor=request.user, request=req, sent=sent)

    return _form_step(
        request,
        pk,
        RealiseForm,
        run,
        _("Items sent."),
        lines=sel.request_lines,
    )


@module_page(M, APPROVE_LOGISTICS)
def stock(request: AuthedHttpRequest) -> HttpResponse:
    form = StockForm(
        request.POST or None, warehouses=case_sel.warehouses_for(request.user, APPROVE_LOGISTICS)
    )
    return form_page(
        request,
        form,
        "outbreak/logistics/stock.html",
        save=lambda d: services.stock_set(actor=request.user, **d),
        done=lambda s: saved(request, _("Stock saved."), "outbreak:stock"),
        context={"stock": sel.stock_for(request.user)[:500]},
    )


urlpatterns = [
    path("logistik/", logistics, name="logistics"),
    path("logistik/baru/", request_new, name="request_new"),
    path("logistik/<int:pk>/", request_detail, name="request"),
    path("logistik/<int:pk>/verifikasi/", request_verify, name="request_verify"),
    path("logistik/<int:pk>/setujui/", request_approve, name="request_approve"),
    path("logistik/<int:pk>/tolak/", request_reject, name="request_reject"),
    path("logistik/<int:pk>/realisasi/", request_realise, name="request_realise"),
    path("logistik/<int:pk>/terima/", request_receive, name="request_receive"),
    path("logistik/<int:pk>/surat/", request_letter, name="request_letter"),
    path("logistik/stok/", stock, name="stock"),
    path("logistik/stok-faskes/", facility_stock, name="facility_stock"),
]
