"""The module's start page: where to go for each role."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest
from replika.outbreak.permissions import VIEW_CASE, VIEW_DASHBOARD
from replika.outbreak.selectors.cases import holds


@module_page("outbreak", VIEW_DASHBOARD)
def home(request: AuthedHttpRequest) -> HttpResponse:
    """Cases for facility and Dinas staff, the dashboard for the others."""
    if holds(request.user, VIEW_CASE):
        return redirect("outbreak:cases")
    return redirect("outbreak:dashboard")
