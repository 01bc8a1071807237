"""Registers the replication programme with the platform: its permissions, menu and home card."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from replika.core import humanize, modules
from replika.core.access import has_any
from replika.core.roles import ADMIN_DAERAH, MENTOR, grant
from replika.replication import permissions as p
from replika.replication.models import Stage
from replika.replication.rules import LIVE_STAGES
from replika.replication.selectors import commitment_list, public_progress

# A commitment that has not moved for this long before going live deserves a look.
STALE_AFTER = dt.timedelta(days=180)

grant(ADMIN_DAERAH.code, p.VIEW_COMMITMENT, p.CHANGE_COMMITMENT, p.CHANGE_SETTINGS)
grant(MENTOR.code, p.VIEW_COMMITMENT, p.LOG_MENTORING)

humanize.register_action_labels(
    {
        "commitment.create": _("Commitment recorded"),
        "commitment.update": _("Commitment changed"),
        "commitment.transition": _("Commitment moved to another stage"),
        "commitment.settings": _("Adapted settings changed"),
        "innovation.add": _("Innovation added to the catalogue"),
        "milestone.create": _("Milestone added to the action plan"),
        "milestone.update": _("Milestone changed"),
        "milestone.comment": _("Comment on a milestone"),
        "milestone.evidence": _("Evidence added to a milestone"),
        "mentoring.log": _("Mentoring session recorded"),
        "replication.export_commitments": _("Export of the commitments"),
    }
)
modules.register_menu(
    modules.MenuEntry(_("Replication"), "replication:commitments", p.VIEW_COMMITMENT),
    before_modules=True,
    group="replication",
    group_label=_("Replication"),
)
modules.register_menu(
    modules.MenuEntry(_("Matrix"), "replication:matrix", p.VIEW_COMMITMENT),
    before_modules=True,
    group="replication",
    group_label=_("Replication"),
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
    # The origin region runs the defaults by definition: it is never "still on" them.
    unconfigured = [
        c
        for c in commitments.filter(stage__in=LIVE_STAGES, settings={})
        if modules.get_module(c.innovation.module_code) is not None
        and c.region.name != c.innovation.origin_region
    ][:10]
    return {
        "stage_counts": [(label, counts.get(value, 0), value) for value, label in Stage.choices],
        "total_commitments": sum(counts.values()),
        "stale_commitments": list(stale),
        "unconfigured": unconfigured,
        "region_commitments": list(commitments) if region is not None else [],
        # Only those who may change settings are sent to the settings page; others read.
        "may_change_settings": has_any(request.user, p.CHANGE_SETTINGS),
    }


def _render_home_panel(request: HttpRequest) -> str:
    """The replication card of the home page."""
    return render_to_string(
        "replication/_home_panel.html", _commitment_summary(request), request=request
    )


modules.register_home_panel(
    modules.HomePanel(code="replication", permission=p.VIEW_COMMITMENT, render=_render_home_panel)
)


def _public_context() -> dict[str, Any]:
    """The front page's replication figures: a table, a map and its legend."""
    innovations, regions = public_progress()
    stage_labels = dict(Stage.choices)
    rows = []
    map_regions = {}
    for item in regions:
        cells = [item.commitments.get(innovation.pk) for innovation in innovations]
        rows.append({"item": item, "cells": cells})
        map_regions[item.region.code] = {
            "bucket": str(min(item.live, 5)),
            "title": item.region.name,
            "lines": [
                gettext("%(live)s of %(count)s innovations live")
                % {"live": item.live, "count": len(item.commitments)},
                *(
                    f"{c.innovation.acronym}: {stage_labels.get(c.stage, c.stage)}"
                    for c in cells
                    if c is not None
                ),
            ],
            "href": f"#wilayah-{item.region.code}",
        }
    committed = sum(len(item.commitments) for item in regions)
    return {
        "innovations": innovations,
        "rows": rows,
        "map_data": {"regions": map_regions},
        "legend": [
            (str(n), ngettext("%(n)s innovation", "%(n)s innovations", n) % {"n": n})
            for n in range(min(len(innovations), 5) + 1)
        ],
        "regions_live": sum(1 for item in regions if item.live),
        "committed": committed,
        "live_total": sum(item.live for item in regions),
        "has_demo": any(item.has_demo for item in regions),
        "region_count": len(regions),
    }


def _render_public_section(request: HttpRequest) -> str:
    """The replication part of the public front page."""
    return render_to_string("replication/_public_section.html", _public_context(), request=request)


modules.register_public_section(
    modules.PublicSection(code="replication", order=10, render=_render_public_section)
)
