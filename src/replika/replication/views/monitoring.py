"""Monitoring for the province and mentors: the matrix, overdue milestones, the timeline."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from replika.core.access import has_any
from replika.core.http import AuthedHttpRequest
from replika.replication import exports, selectors
from replika.replication.models import Stage
from replika.replication.permissions import VIEW_COMMITMENT


def _require_view(request: HttpRequest) -> None:
    if not has_any(request.user, VIEW_COMMITMENT):
        raise Http404


@login_required
def matrix(request: AuthedHttpRequest) -> HttpResponse:
    """Region × innovation, coloured by stage, with overdue counts and last mentoring."""
    _require_view(request)
    innovations, rows = selectors.matrix(user=request.user)
    return render(
        request,
        "replication/matrix.html",
        {
            "innovations": innovations,
            "rows": rows,
            "timeline": selectors.timeline(user=request.user, limit=30),
        },
    )


@login_required
def overdue(request: AuthedHttpRequest) -> HttpResponse:
    """Every overdue milestone the user may see."""
    _require_view(request)
    return render(
        request,
        "replication/overdue.html",
        {
            "milestones": selectors.overdue_milestones(user=request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def matrix_xlsx(request: AuthedHttpRequest) -> HttpResponse:
    """The matrix as a spreadsheet for the ministry."""
    _require_view(request)
    innovations, rows = selectors.matrix(user=request.user)
    response = HttpResponse(
        exports.matrix_xlsx(
            innovations, rows, as_of=timezone.localdate(), letterhead=report_letterhead()
        ),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="matriks-replikasi.xlsx"'
    return response


@login_required
def matrix_pdf(request: AuthedHttpRequest) -> HttpResponse:
    """The matrix as a landscape PDF, rendered locally."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    _require_view(request)
    innovations, rows = selectors.matrix(user=request.user)
    html = render_to_string(
        "replication/report_matrix.html",
        {
            "innovations": innovations,
            "rows": rows,
            "today": timezone.localdate(),
            "totals": exports.stage_totals(innovations, rows),
            "stages": Stage.choices,
            "letterhead": report_letterhead(),
        },
        request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="matriks-replikasi.pdf"'
    return response


def report_letterhead() -> list[str]:
    """The lines the province puts at the head of its reports (``REPLIKA_REPORT_LETTERHEAD``)."""
    return [line.strip() for line in settings.REPLIKA_REPORT_LETTERHEAD.split("|") if line.strip()]
