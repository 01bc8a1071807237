"""SKDR weekly reports and alerts; the disease catalogue of a region."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.outbreak.forms.other import AdoptForm, DiseaseForm, SkdrForm
from replika.outbreak.permissions import MANAGE_DISEASE, REPORT_SKDR, VIEW_ALERT
from replika.outbreak.rules import epi_week
from replika.outbreak.selectors import cases as case_sel
from replika.outbreak.selectors import skdr as sel
from replika.outbreak.services import catalogue as catalogue_services
from replika.outbreak.services import skdr as services

M = "outbreak"


@module_page(M, REPORT_SKDR)
def skdr(request: AuthedHttpRequest) -> HttpResponse:
    """The weekly form (last week by default) and the reports sent so far."""
    year, week = epi_week(timezone.localdate() - dt.timedelta(days=7))
    form = SkdrForm(
        request.POST or None,
        units=case_sel.facilities_for(request.user, REPORT_SKDR),
        diseases=case_sel.diseases_for(request.user, REPORT_SKDR),
        initial={"year": year, "week": week, "deaths": 0},
    )
    page = Paginator(sel.weekly_reports(request.user), 50).get_page(request.GET.get("page"))
    return form_page(
        request,
        form,
        "outbreak/skdr/skdr.html",
        save=lambda d: services.weekly_report_submit(actor=request.user, **d),
        done=lambda r: saved(
            request,
            _("Week %(week)s of %(year)s saved.") % {"week": r.week, "year": r.year},
            "outbreak:skdr",
        ),
        context={"page": page},
    )


@module_page(M, VIEW_ALERT)
def alerts(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(sel.alerts(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "outbreak/skdr/alerts.html", {"page": page})


@module_page(M, MANAGE_DISEASE)
def diseases(request: AuthedHttpRequest) -> HttpResponse:
    """The region's catalogue, and adopting a disease from the province list."""
    regions = case_sel.regions_with(request.user, MANAGE_DISEASE)
    form = AdoptForm(request.POST or None, regions=regions)
    return form_page(
        request,
        form,
        "outbreak/skdr/diseases.html",
        save=lambda d: catalogue_services.disease_adopt(actor=request.user, **d),
        done=lambda d: saved(
            request, _("%(name)s adopted.") % {"name": d.name}, "outbreak:disease", pk=d.pk
        ),
        context={
            "diseases": case_sel.diseases_for(request.user, MANAGE_DISEASE, active_only=False)
        },
    )


@module_page(M, MANAGE_DISEASE)
def disease_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    disease = case_sel.disease_for(request.user, pk)
    initial = {f: getattr(disease, f) for f in DiseaseForm.base_fields}
    initial["classifications"] = disease.classification_codes
    form = DiseaseForm(request.POST or None, initial=initial, disease=disease)
    return form_page(
        request,
        form,
        "outbreak/skdr/disease.html",
        save=lambda d: catalogue_services.disease_adapt(actor=request.user, disease=disease, **d),
        done=lambda d: saved(request, _("Disease settings saved."), "outbreak:diseases"),
        context={"disease": disease},
    )


urlpatterns = [
    path("skdr/", skdr, name="skdr"),
    path("peringatan/", alerts, name="alerts"),
    path("penyakit/", diseases, name="diseases"),
    path("penyakit/<int:pk>/", disease_edit, name="disease"),
]
