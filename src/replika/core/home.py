"""What the home page shows each role: the things that need their attention."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from replika.core import modules
from replika.core.roles import VIEW_AUDIT, VIEW_COMMITMENT, role_allows

# A commitment that has not moved for this long before going live deserves a look.
STALE_AFTER = dt.timedelta(days=180)


def _commitment_summary(request: HttpRequest) -> dict[str, Any]:
    """Stage counts, stale commitments and unconfigured live modules the user may see."""
    from replika.replication.models import Stage
    from replika.replication.rules import LIVE_STAGES
    from replika.replication.selectors import commitment_list

    commitments = commitment_list(user=request.user)
    region = getattr(request, "region", None)
    if region is not None:
        commitments = commitments.filter(region=region)
    counts = dict(
        commitments.order_by()
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    stale_before = timezone.localdate() - STALE_AFTER
    stale = (
        commitments.exclude(stage__in=[*LIVE_STAGES, Stage.STOPPED])
        .filter(stage_since__lt=stale_before)
        .order_by("stage_since")[:10]
    )
    unconfigured = [
        c
        for c in commitments.filter(stage__in=LIVE_STAGES, settings={})
        if modules.get_module(c.innovation.module_code) is not None
    ][:10]
    return {
        "stage_counts": [(label, counts.get(value, 0), value) for value, label in Stage.choices],
        "total_commitments": sum(counts.values()),
        "stale_commitments": list(stale),
        "unconfigured": unconfigured,
        "region_commitments": list(commitments) if region is not None else [],
    }


def _module_links(request: HttpRequest) -> list[dict[str, Any]]:
    """The live modules' entry points the active role may open."""
    from replika.core.nav import _module_codes_for

    membership = request.membership  # type: ignore[attr-defined]
    links = []
    for code in _module_codes_for(request):
        module = modules.get_module(code)
        if module is None:
            continue
        entries = [e for e in module.menu if role_allows(membership.role, e.permission)]
        if entries:
            links.append({"module": module, "entries": entries})
    return links


def home_context(request: HttpRequest) -> dict[str, Any]:
    """Context for the home page under the active membership."""
    membership = getattr(request, "membership", None)
    context: dict[str, Any] = {"membership": membership}
    if membership is None:
        return context
    if role_allows(membership.role, VIEW_COMMITMENT):
        context.update(_commitment_summary(request))
    if role_allows(membership.role, VIEW_AUDIT):
        from replika.core.selectors import audit_recent

        context["recent_audit"] = list(audit_recent(user=request.user)[:5])
    context["module_links"] = _module_links(request)
    return context
