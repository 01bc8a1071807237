"""The job map (page and print), the dashboard, the formation export and the public page."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify

from replika.core import jobs
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest
from replika.positions import tasks
from replika.positions.forms import ExportForm
from replika.positions.permissions import EXPORT_FORMATION, VIEW_DASHBOARD, VIEW_POSITIONS
from replika.positions.selectors import dashboards
from replika.positions.selectors import structure as sel
from replika.positions.settings_schema import settings_for

EXPORT_KIND = "positions.export"


def _map_context(request: AuthedHttpRequest, pk: int) -> dict:
    agency = sel.opd_for(request.user, pk, VIEW_POSITIONS)
    try:
        structure = sel.structure_of(request.user, agency, VIEW_POSITIONS)
    except sel.Structure.DoesNotExist:
        raise Http404 from None
    settings = settings_for(agency.region)
    root = sel.job_map(request.user, structure, VIEW_POSITIONS, settings)
    return {
        "opd": agency,
        "structure": structure,
        "nodes": sel.flatten(root),
        "root": root,
        "settings": settings,
        "today": timezone.localdate(),
    }


@module_page("positions", VIEW_POSITIONS)
def job_map(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The job map of an agency: verified need versus holders, shortfalls and surpluses."""
    return render(request, "positions/map.html", _map_context(request, pk))


@module_page("positions", VIEW_POSITIONS)
def job_map_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The job map as a landscape PDF."""
    from weasyprint import HTML

    context = _map_context(request, pk)
    html = render_to_string("positions/map_print.html", context, request)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    name = slugify(context["opd"].name) or "opd"
    response["Content-Disposition"] = f'attachment; filename="peta-jabatan-{name}.pdf"'
    return response


@module_page("positions", VIEW_DASHBOARD)
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    """EJ per OPD, verification progress, verified share, shortfall/surplus by kind and class."""
    region = request.region if request.region and request.region.level == 2 else None
    data = dashboards.dashboard(request.user, VIEW_DASHBOARD, region)
    return render(request, "positions/dashboard.html", {"d": data, "region": region})


@module_page("positions", EXPORT_FORMATION)
def export(request: AuthedHttpRequest) -> HttpResponse:
    """Ask for a region's formation sheet (e-Formasi / SIASN columns), made in the background."""
    regions = [(r.pk, r.name) for r in sel.regions_with_module(request.user, EXPORT_FORMATION)]
    form = ExportForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        region = sel.region_for(request.user, EXPORT_FORMATION, form.cleaned_data["region"])
        jobs.start(
            owner=request.user,
            kind=EXPORT_KIND,
            task=tasks.export_formation,
            region=region,
            permission=EXPORT_FORMATION,
            user_id=request.user.pk,
            region_id=region.pk,
            file_format=form.cleaned_data["file_format"],
        )
        return redirect("positions:export")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "jobs": sel.recent_jobs(request.user, EXPORT_KIND)}
    return render(request, "positions/export.html", context, status=status)


def public(request: AuthedHttpRequest) -> HttpResponse:
    """Public figures: per region, agencies, positions, verified share, approved job maps."""
    return render(request, "positions/public.html", {"rows": dashboards.public_figures()})


urlpatterns = [
    path("opd/<int:pk>/peta/", job_map, name="map"),
    path("opd/<int:pk>/peta/pdf/", job_map_pdf, name="map_pdf"),
    path("dasbor/", dashboard, name="dashboard"),
    path("ekspor/", export, name="export"),
    path("publik/", public, name="public"),
]
