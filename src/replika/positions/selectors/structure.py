"""Reads of OPDs, their trees and positions, and the job map (need versus holders)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from replika.core.access import get_for_user, regions_for, scoped
from replika.core.activation import live_region_ids
from replika.core.models import Job, Unit, User, Wilayah
from replika.positions import unit_kinds
from replika.positions.models import AnjabVersion, OrgUnit, Position, Status, Structure, Task
from replika.positions.rules import (
    HIGHEST_EXECUTOR_CLASS,
    PELAKSANA,
    anjab_diff,
    title_migration,
    unit_totals,
)
from replika.positions.rules.catalogue import CATALOGUE, known_version
from replika.positions.settings_schema import PositionsSettings, settings_for


def opds_for(user: User, perm: str, region: Wilayah | None = None) -> QuerySet[Unit]:
    """The OPDs the user may act on with ``perm`` where SI JABPRI is live."""
    qs = Unit.objects.filter(kind=unit_kinds.OPD, region_id__in=live_region_ids("positions"))
    if region is not None:
        qs = qs.filter(region=region)
    return scoped(qs.select_related("region"), user, perm)


def opd_for(user: User, pk: Any, perm: str) -> Unit:
    """One OPD the user may act on (404 otherwise)."""
    return get_for_user(opds_for(user, perm), user, pk, perm)


def opd_rows(user: User, perm: str, region: Wilayah | None = None) -> list[dict[str, Any]]:
    """The OPD list: per OPD its positions, how many verified, submitted and returned."""
    opds = list(opds_for(user, perm, region))
    counts: dict[int, dict[str, Any]] = {
        row["opd_id"]: dict(row)
        for row in scoped(Position.objects.filter(org_unit__structure__is_current=True), user, perm)
        .filter(opd__in=opds)
        .values("opd_id")
        .annotate(
            total=Count("pk"),
            verified=Count("pk", filter=Q(verified_version__isnull=False)),
            submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
            returned=Count("pk", filter=Q(status=Status.RETURNED)),
        )
    }
    empty = {"total": 0, "verified": 0, "submitted": 0, "returned": 0}
    return [{"opd": opd, **{k: counts.get(opd.pk, empty)[k] for k in empty}} for opd in opds]


def structures_of(user: User, opd: Unit, perm: str) -> QuerySet[Structure]:
    """Every SOTK version of the OPD, newest first."""
    return scoped(Structure.objects.filter(opd=opd), user, perm).order_by("-number")


def structure_of(user: User, opd: Unit, perm: str, number: int | None = None) -> Structure:
    """The current SOTK version of the OPD, or version ``number``."""
    qs = structures_of(user, opd, perm)
    found = qs.filter(number=number).first() if number else qs.filter(is_current=True).first()
    if found is None:
        found = qs.first()
    if found is None:
        raise Structure.DoesNotExist
    return found


def orgunit_for(user: User, pk: Any, perm: str) -> OrgUnit:
    """One unit of a tree (404 otherwise)."""
    qs = OrgUnit.objects.select_related("structure", "opd", "region")
    return get_for_user(qs, user, pk, perm)


def orgunits_of(user: User, structure: Structure, perm: str) -> QuerySet[OrgUnit]:
    """The units of one structure, tree order."""
    return scoped(OrgUnit.objects.filter(structure=structure), user, perm)


def position_for(user: User, pk: Any, perm: str) -> Position:
    """One position with its place (404 otherwise)."""
    qs = Position.objects.select_related("org_unit__structure", "opd", "region", "origin")
    return get_for_user(qs, user, pk, perm)


def task_for(user: User, pk: Any, perm: str) -> Task:
    """One task (404 otherwise)."""
    return get_for_user(Task.objects.select_related("position__region"), user, pk, perm)


def tasks_of(position: Position) -> QuerySet[Task]:
    """The tasks of a position the caller already holds."""
    return position.tasks.all()


def versions_of(position: Position) -> QuerySet[AnjabVersion]:
    """The versions of a position the caller already holds, newest first."""
    return position.versions.select_related("submitted_by", "reviewed_by").order_by("-number")


def version_diff(position: Position, number: int) -> tuple[AnjabVersion, Any]:
    """A version and its readable diff against the version before it (404 when missing)."""
    version = position.versions.filter(number=number).first()
    if version is None:
        from django.http import Http404

        raise Http404
    before = position.versions.filter(number__lt=number).order_by("-number").first()
    return version, anjab_diff(before.document if before else {}, version.document)


def migration_of(position: Position, target: str) -> Any:
    """Where the position's executor title must migrate, or None."""
    if position.kind != PELAKSANA or not known_version(position.nomenclature_version):
        return None
    if not known_version(target):
        return None
    try:
        return title_migration(
            title=position.title,
            version=position.nomenclature_version,
            nomenclature=CATALOGUE,
            target_version=target,
        )
    except ValueError:
        return None


@dataclass
class MapNode:
    """A unit of the job map with its positions and totals."""

    unit: OrgUnit
    depth: int
    positions: list[dict[str, Any]] = field(default_factory=list)
    children: list[MapNode] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)


def _position_row(p: Position, target: str) -> dict[str, Any]:
    need = p.verified_need_people
    gap = None if need is None else p.holders - need
    top_executor = p.kind == PELAKSANA and p.job_class == HIGHEST_EXECUTOR_CLASS
    return {
        "position": p,
        "need": need,
        "draft_need": p.need_people,
        "gap": gap,
        "shortfall": gap is not None and gap < 0,
        "surplus": gap is not None and gap > 0,
        "top_executor_surplus": top_executor and gap is not None and gap > 0,
        "migration": migration_of(p, target),
    }


def _totals(rows: list[dict[str, Any]], minutes: int, pooled: bool) -> dict[str, Any]:
    verified = [r for r in rows if r["need"] is not None]
    pairs = [
        (r["position"].verified_total_minutes or Decimal(0), r["position"].holders)
        for r in verified
    ]
    abk = unit_totals(positions=pairs, effective_minutes=minutes)
    need = abk["need_people_pooled"] if pooled else abk["need_people"]
    holders = sum(r["position"].holders for r in rows)
    return {
        "positions": len(rows),
        "verified": len(verified),
        "holders": holders,
        "verified_holders": abk["holders"],
        "need": need,
        "gap": abk["holders"] - need,
        "eu": abk["eu"],
        "pu": abk["pu"],
    }


# What the job map and the agency page show of a position: the Anjab document stays behind.
_MAP_FIELDS = (
    "id",
    "org_unit_id",
    "title",
    "kind",
    "job_class",
    "holders",
    "nomenclature_version",
    "status",
    "need",
    "need_people",
    "verified_need_people",
    "verified_total_minutes",
)


def job_map(
    user: User, structure: Structure, perm: str, settings: PositionsSettings | None = None
) -> MapNode | None:
    """The tree of a structure with need versus holders per position and unit totals.

    The need is the verified one (the latest approved version); a position not yet verified
    shows its draft need apart and counts in no total but the holders. ``settings`` are the
    region's, when the caller already holds them (one query fewer).
    """
    settings = settings or settings_for(structure.region)
    units = list(orgunits_of(user, structure, perm))
    positions = scoped(Position.objects.filter(org_unit__structure=structure), user, perm)
    by_unit: dict[int, list[dict[str, Any]]] = {}
    target = settings.nomenclature_target
    for p in positions.only(*_MAP_FIELDS).order_by("-job_class", "title"):
        by_unit.setdefault(p.org_unit_id, []).append(_position_row(p, target))
    nodes = {u.pk: MapNode(unit=u, depth=u.level, positions=by_unit.get(u.pk, [])) for u in units}
    root = None
    for u in units:
        if u.parent_id and u.parent_id in nodes:
            nodes[u.parent_id].children.append(nodes[u.pk])
        elif u.parent_id is None:
            root = nodes[u.pk]
    if root is None:
        return None
    pooled = settings.unit_rounding == "pooled"
    _fill_totals(root, settings.effective_minutes, pooled)
    return root


def _fill_totals(node: MapNode, minutes: int, pooled: bool) -> list[dict[str, Any]]:
    """Fill each node's totals over its subtree; returns the subtree's position rows."""
    rows = list(node.positions)
    for child in node.children:
        rows += _fill_totals(child, minutes, pooled)
    node.totals = _totals(rows, minutes, pooled)
    node.totals["top_executor_surplus"] = sum(r["gap"] for r in rows if r["top_executor_surplus"])
    return rows


def flatten(node: MapNode | None) -> list[MapNode]:
    """The nodes of a tree in display order (depth first)."""
    if node is None:
        return []
    out = [node]
    for child in node.children:
        out += flatten(child)
    return out


def regions_with_module(user: User, perm: str) -> QuerySet[Wilayah]:
    """The kab/kota where the user holds ``perm`` and SI JABPRI is live."""
    return regions_for(user, perm).filter(pk__in=live_region_ids("positions"))


def units_to_copy_into(user: User, perm: str) -> list[tuple[int, str]]:
    """(id, label) of every unit of a current structure the user may draft in."""
    qs = scoped(
        OrgUnit.objects.filter(structure__is_current=True).select_related("opd", "region"),
        user,
        perm,
    ).order_by("region__code", "opd__name", "level", "order", "name")
    return [(u.pk, f"{u.region.name} · {u.opd.name} · {u.name}") for u in qs[:2000]]


def formation_positions(user: User, perm: str, region: Wilayah) -> QuerySet[Position]:
    """The current positions of a region the user may export, in tree order."""
    qs = scoped(
        Position.objects.filter(region=region, org_unit__structure__is_current=True),
        user,
        perm,
    )
    return qs.select_related("opd", "org_unit").order_by(
        "opd__name", "org_unit__level", "org_unit__order", "-job_class", "title"
    )


def recent_jobs(user: User, kind: str) -> QuerySet[Job]:
    """The user's own latest jobs of one kind (a job and its file belong to who started it)."""
    return Job.objects.filter(owner=user, kind=kind).order_by("-created_at")[:10]


def parents_in(user: User, structure: Structure, perm: str) -> list[tuple[int, str]]:
    """(id, indented name) of the units of a structure, as choices of a parent."""
    return [
        (u.pk, "— " * u.level + u.name)
        for u in _tree_order(list(orgunits_of(user, structure, perm)))
    ]


def _tree_order(units: list[OrgUnit]) -> list[OrgUnit]:
    """Units depth first under their parents."""
    children: dict[int | None, list[OrgUnit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    out: list[OrgUnit] = []

    def walk(parent: int | None) -> None:
        for u in sorted(children.get(parent, []), key=lambda x: (x.order, x.name)):
            out.append(u)
            walk(u.pk)

    walk(None)
    return out


def holds_on_opd(user: User, opd_id: int, perm: str) -> bool:
    """Whether the user holds ``perm`` over the OPD (to show an action's button)."""
    return opds_for(user, perm).filter(pk=opd_id).exists()


def holds_in_region(user: User, perm: str, region: Wilayah | None) -> bool:
    """Whether the user holds ``perm`` over a whole kab/kota where SI JABPRI is live."""
    return region is not None and regions_with_module(user, perm).filter(pk=region.pk).exists()


def region_for(user: User, perm: str, pk: int) -> Wilayah:
    """One kab/kota where the user holds ``perm`` and SI JABPRI is live (404 otherwise)."""
    found = regions_with_module(user, perm).filter(pk=pk).first()
    if found is None:
        from django.http import Http404

        raise Http404
    return found
