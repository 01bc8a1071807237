"""Keeping each position's ABK in step with its tasks, holders and the region's settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction

from replika.core.models import Wilayah
from replika.positions.models import Position, Task
from replika.positions.rules import workload, workload_many
from replika.positions.settings_schema import settings_for


def _decimal(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def position_recompute(position: Position, *, save: bool = True) -> Position:
    """Recompute one position's ABK from its tasks (stored on the position)."""
    minutes = settings_for(position.region).effective_minutes
    tasks = [(t.volume, t.norm_minutes) for t in position.tasks.all()]
    result = workload(tasks=tasks, holders=position.holders, effective_minutes=minutes)
    position.total_minutes = Decimal(str(result["total_minutes"]))
    position.need = Decimal(str(result["need"]))
    position.need_people = result["need_people"]
    position.ej = _decimal(result["ej"])
    position.pj = result["pj"] or ""
    if save:
        position.save(
            update_fields=["total_minutes", "need", "need_people", "ej", "pj", "updated_at"]
        )
    return position


FIELDS = ["total_minutes", "need", "need_people", "ej", "pj"]


@transaction.atomic
def abk_recompute(*, regions: list[Wilayah] | None = None, batch: int = 5000) -> int:
    """Recompute the ABK of every position (of ``regions``, default all) in one pass.

    The tasks are read as flat columns and computed at once (``workload_many``); only
    positions whose figures changed are written back. Returns how many changed.
    """
    minutes_of: dict[int, int] = {}
    positions = Position.objects.all()
    if regions is not None:
        positions = positions.filter(region__in=regions)
    rows = list(
        positions.values_list("pk", "region_id", "holders", *FIELDS).order_by("region_id", "pk")
    )
    if not rows:
        return 0
    index = {row[0]: i for i, row in enumerate(rows)}
    tasks = Task.objects.filter(position_id__in=positions.values("pk")).values_list(
        "position_id", "volume", "norm_minutes"
    )
    owner, volumes, norms = [], [], []
    for position_id, volume, norm in tasks.iterator(chunk_size=20_000):
        owner.append(index[position_id])
        volumes.append(float(volume))
        norms.append(float(norm))
    changed: list[Position] = []
    for region_id in sorted({row[1] for row in rows}):
        if region_id not in minutes_of:
            region = Wilayah.objects.get(pk=region_id)
            minutes_of[region_id] = settings_for(region).effective_minutes
    by_region: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        by_region.setdefault(row[1], []).append(i)
    owner_a = np.asarray(owner, dtype=np.int64)
    volumes_a = np.asarray(volumes, dtype=np.float64)
    norms_a = np.asarray(norms, dtype=np.float64)
    for region_id, members in by_region.items():
        changed += _changed_in_region(
            rows, members, owner_a, volumes_a, norms_a, minutes_of[region_id]
        )
    Position.objects.bulk_update(changed, FIELDS, batch_size=batch)
    return len(changed)


def _changed_in_region(
    rows: list[Any],
    members: list[int],
    owner: Any,
    volumes: Any,
    norms: Any,
    minutes: int,
) -> list[Position]:
    """Positions of one region (row indexes ``members``) whose ABK differs from the stored."""
    local = np.full(len(rows), -1, dtype=np.int64)
    local[members] = np.arange(len(members))
    mask = local[owner] >= 0 if owner.size else np.zeros(0, dtype=bool)
    result = workload_many(
        volumes=volumes[mask],
        norms=norms[mask],
        task_position=local[owner[mask]] if owner.size else np.zeros(0, dtype=np.int64),
        holders=np.asarray([rows[i][2] for i in members], dtype=np.int64),
        effective_minutes=minutes,
    )
    changed = []
    for k, i in enumerate(members):
        pk, _region, _holders, total, need, need_people, ej, pj = rows[i]
        new_ej = None if np.isnan(result["ej"][k]) else Decimal(str(result["ej"][k]))
        new = (
            Decimal(str(result["total_minutes"][k])).quantize(Decimal("0.01")),
            Decimal(str(result["need"][k])).quantize(Decimal("0.0001")),
            int(result["need_people"][k]),
            None if new_ej is None else new_ej.quantize(Decimal("0.0001")),
            str(result["pj"][k]),
        )
        old = (total, need, need_people, ej, pj)
        if new != old:
            changed.append(
                Position(
                    pk=pk,
                    total_minutes=new[0],
                    need=new[1],
                    need_people=new[2],
                    ej=new[3],
                    pj=new[4],
                )
            )
    return changed
