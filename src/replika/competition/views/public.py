"""Public results: no sign-in needed, shown only once the winners are published."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from replika.competition import selectors
from replika.competition.rules import TIE_BREAK_RULE


def public_results(request: HttpRequest) -> HttpResponse:
    """Published winners of every call, for everyone (no sign-in)."""
    calls = [(call, selectors.ranking(call)) for call in selectors.published_calls()]
    return render(request, "competition/public_results.html", {"calls": calls})


def public_result(request: HttpRequest, pk: int) -> HttpResponse:
    """One call's published ranking with the panel's notes, for everyone."""
    call = selectors.published_calls().filter(pk=pk).first()
    if call is None:
        raise Http404
    return render(
        request,
        "competition/public_result.html",
        {"call": call, "ranking": selectors.ranking(call), "tie_break": TIE_BREAK_RULE},
    )
