"""Aggregates of SI JABPRI: EJ per OPD, verification progress, shortfall and surplus."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, Sum

from replika.core.access import scoped
from replika.core.activation import live_region_ids
from replika.core.models import Unit, User, Wilayah
from replika.positions import unit_kinds
from replika.positions.models import Position, Status, Structure
from replika.positions.rules import GRADES, KINDS, PELAKSANA, title_migration
from replika.positions.rules.catalogue import CATALOGUE
from replika.positions.settings_schema import settings_for


def _current(user: User, perm: str, region: Wilayah | None) -> Any:
    qs = scoped(Position.objects.filter(org_unit__structure__is_current=True), user, perm)
    return qs.filter(region=region) if region is not None else qs


def dashboard(user: User, perm: str, region: Wilayah | None) -> dict[str, Any]:
    """The dashboard of the positions the user may see (of one region when given)."""
    qs = _current(user, perm, region)
    per_opd: dict[int, dict[str, Any]] = defaultdict(lambda: {g: 0 for g in (*GRADES, "none")})
    names: dict[int, str] = {}
    for row in qs.values("opd_id", "opd__name", "region__name", "pj").annotate(n=Count("pk")):
        per_opd[row["opd_id"]][row["pj"] or "none"] += row["n"]
        # Across regions agencies share names (every region has a Diskominfo).
        names[row["opd_id"]] = (
            row["opd__name"]
            if region is not None
            else f"{row['opd__name']} — {row['region__name']}"
        )
    status = {s: 0 for s in Status.values}
    for row in qs.values("status").annotate(n=Count("pk")):
        status[row["status"]] = row["n"]
    total = sum(status.values())
    verified = qs.filter(verified_version__isnull=False).count()
    gaps = []
    by_kind_class = (
        qs.filter(verified_version__isnull=False)
        .values("kind", "job_class")
        .annotate(holders=Sum("holders"), need=Sum("verified_need_people"), n=Count("pk"))
        .order_by("kind", "-job_class")
    )
    for row in by_kind_class:
        gaps.append({**row, "gap": (row["holders"] or 0) - (row["need"] or 0)})
    return {
        "to_migrate": titles_to_migrate(qs, region),
        "ej_rows": [
            {"opd": names[k], "grades": [v[g] for g in (*GRADES, "none")]}
            for k, v in sorted(per_opd.items(), key=lambda kv: names[kv[0]])
        ],
        "grades": [*GRADES, "-"],
        "status": status,
        "status_rows": [(Status(code).label, n) for code, n in status.items()],
        "total": total,
        "verified": verified,
        "verified_share": None if not total else round(100.0 * verified / total, 1),
        "gaps": gaps,
        "kinds": KINDS,
    }


def titles_to_migrate(qs: Any, region: Wilayah | None) -> int:
    """Executor posts whose title a later catalogue renamed or abolished."""
    target = settings_for(region).nomenclature_target
    rows = (
        qs.filter(kind=PELAKSANA)
        .exclude(nomenclature_version="")
        .exclude(nomenclature_version=target)
    )
    count = 0
    for title, version in rows.values_list("title", "nomenclature_version"):
        try:
            moved = title_migration(
                title=title, version=version, nomenclature=CATALOGUE, target_version=target
            )
        except ValueError:
            continue
        count += moved is not None
    return count


def verified_share(region: Wilayah) -> float | None:
    """Share (%) of the region's current positions with a verified ABK (None without any)."""
    qs = Position.objects.filter(region=region, org_unit__structure__is_current=True)
    agg = qs.aggregate(
        total=Count("pk"), verified=Count("pk", filter=Q(verified_version__isnull=False))
    )
    return None if not agg["total"] else round(100.0 * agg["verified"] / agg["total"], 1)


def opds_with_approved_map(region: Wilayah) -> int:
    """OPDs of the region whose current job map is fully verified (every position approved)."""
    opds = Structure.objects.filter(region=region, is_current=True).values_list("opd_id", flat=True)
    unverified = set(
        Position.objects.filter(
            region=region, org_unit__structure__is_current=True, verified_version__isnull=True
        ).values_list("opd_id", flat=True)
    )
    with_positions = set(
        Position.objects.filter(region=region, org_unit__structure__is_current=True).values_list(
            "opd_id", flat=True
        )
    )
    return sum(1 for opd in opds if opd in with_positions and opd not in unverified)


def public_figures() -> list[dict[str, Any]]:
    """Per region where SI JABPRI is live: OPDs, positions, verified share, approved maps.

    Counts of posts, not of people: nothing here is personal.
    """
    out = []
    for region in Wilayah.objects.filter(pk__in=live_region_ids("positions")).order_by("code"):
        positions = Position.objects.filter(region=region, org_unit__structure__is_current=True)
        out.append(
            {
                "region": region,
                "opds": Unit.objects.filter(region=region, kind=unit_kinds.OPD).count(),
                "positions": positions.count(),
                "verified_share": verified_share(region),
                "approved_maps": opds_with_approved_map(region),
            }
        )
    return out
