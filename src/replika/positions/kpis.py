"""Live KPIs of SI JABPRI for the replication matrix (counts of posts, not of people)."""

from __future__ import annotations

import datetime as dt

from replika.core.models import Wilayah
from replika.positions.selectors import dashboards


def verified_abk_share(region: Wilayah, period: dt.date) -> float | None:
    """Share (%) of the region's positions whose ABK Bagian Organisasi verified."""
    return dashboards.verified_share(region)


def approved_job_maps(region: Wilayah, period: dt.date) -> float | None:
    """OPDs whose whole current job map is verified."""
    return float(dashboards.opds_with_approved_map(region))
