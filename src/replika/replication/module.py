"""Registers the replication programme with the platform: its permissions, menu and home card."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core import modules
from replika.core.roles import ADMIN_DAERAH, MENTOR, grant
from replika.replication import permissions as p
from replika.replication.models import Stage
from replika.replication.rules import LIVE_STAGES
from replika.replication.selectors import commitment_list

# A commitment that has not moved for this long before going live deserves a look.
STALE_AFTER = dt.timedelta(days=180)

grant(ADMIN_DAERAH.code, p.VIEW_COMMITMENT, p.CHANGE_COMMITMENT, p.CHANGE_SETTINGS)
grant(MENTOR.code, p.VIEW_COMMITMENT, p.LOG_MENTORING)

modules.register_menu(
    modules.MenuEntry(_("Replication"), "replication:commitments", p.VIEW_COMMITMENT),
    before_modules=True,
)
modules.register_menu(
    modules.MenuEntry(_("Matrix"), "replication:matrix", p.VIEW_COMMITMENT),
    before_modules=True,
)


def _commitment_summary(request: HttpRequest) -> dict[str, Any]:
    """Stage counts, stale commitments and unconfigured live modules the user may see."""
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


def _render_home_panel(request: HttpRequest) -> str:
    """The replication card of the home page."""
    return render_to_string(
        "replication/_home_panel.html", _commitment_summary(request), request=request
    )


modules.register_home_panel(
    modules.HomePanel(code="replication", permission=p.VIEW_COMMITMENT, render=_render_home_panel)
)
