"""A region's replication page, and its report for the ministry (xlsx and PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from replika.core.access import regions_for
from replika.core.http import AuthedHttpRequest
from replika.core.models import Wilayah
from replika.replication import exports, selectors
from replika.replication.permissions import VIEW_COMMITMENT
from replika.replication.views.monitoring import report_letterhead


def _region(request: HttpRequest, code: str) -> Wilayah:
    """A kab/kota the user may see, else 404."""
    region = regions_for(request.user, VIEW_COMMITMENT).filter(code=code).first()
    if region is None:
        raise Http404
    return region


def _context(request: HttpRequest, region: Wilayah) -> dict[str, Any]:
    commitments = list(selectors.commitment_list(user=request.user).filter(region=region))
    return {
        "region": region,
        "today": timezone.localdate(),
        "entries": [
            {
                "c": c,
                "kpis": selectors.kpis_for(c),
                "milestones": list(c.milestones.all()),
                "sessions": list(c.mentoring_sessions.select_related("mentor")[:5]),
            }
            for c in commitments
        ],
    }


@login_required
def region_page(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """Everything a region replicates: stages, KPIs, action plans, mentoring."""
    return render(request, "replication/region.html", _context(request, _region(request, code)))


@login_required
def region_pdf(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """The region's report as PDF, rendered locally (WeasyPrint, no internet)."""
    from weasyprint import HTML

    region = _region(request, code)
    context = {
        **_context(request, region),
        "letterhead": report_letterhead(),
        "report_date": timezone.localdate(),
    }
    html = render_to_string("replication/report_region.html", context, request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="replikasi-{region.code}.pdf"'
    return response


@login_required
def region_xlsx(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """The region's commitments, milestones and mentoring as a spreadsheet."""
    region = _region(request, code)
    content = exports.region_xlsx(_context(request, region))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="replikasi-{region.code}.xlsx"'
    return response
