"""Keeping each position's ABK in step with its tasks, holders and the region's settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce

from replika.core.models import Wilayah
from replika.positions.models import Position
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
_MINUTES = DecimalField(max_digits=24, decimal_places=4)


@transaction.atomic
def abk_recompute(*, regions: list[Wilayah] | None = None) -> int:
    """Recompute the ABK of every position (of ``regions``, default all) in one pass.

    The database adds up each position's minutes (Σ volume × norm, exact numerics on
    PostgreSQL), the rules compute the rest for all positions at once (``workload_many``),
    and only positions whose figures changed are written back, in one statement. Returns
    how many changed.
    """
    positions = Position.objects.all()
    if regions is not None:
        positions = positions.filter(region__in=regions)
    minutes = Coalesce(
        Sum(F("tasks__volume") * F("tasks__norm_minutes"), output_field=_MINUTES),
        Value(Decimal(0)),
        output_field=_MINUTES,
    )
    rows = list(
        positions.order_by()
        .annotate(minutes=minutes)
        .values_list("pk", "region_id", "holders", "minutes", *FIELDS)
    )
    by_region: dict[int, list[Any]] = {}
    for row in rows:
        by_region.setdefault(row[1], []).append(row)
    changed: list[tuple[Any, ...]] = []
    for region_id, members in by_region.items():
        effective = settings_for(Wilayah.objects.get(pk=region_id)).effective_minutes
        changed += _changed(members, effective)
    _write(changed)
    return len(changed)


def _changed(rows: list[Any], effective_minutes: int) -> list[tuple[Any, ...]]:
    """(pk, total, need, people, ej, pj) of the rows whose stored ABK differs, as text.

    Compared as the text the columns hold (2 and 4 decimals): no Decimal per value, which
    matters for a province of 25,000 positions.
    """
    totals = np.asarray([float(row[3]) for row in rows], dtype=np.float64)
    result = workload_many(
        volumes=totals,
        norms=np.ones(len(rows)),
        task_position=np.arange(len(rows), dtype=np.int64),
        holders=np.asarray([row[2] for row in rows], dtype=np.int64),
        effective_minutes=effective_minutes,
    )
    total_text = [f"{v:.2f}" for v in result["total_minutes"].tolist()]
    need_text = [f"{v:.4f}" for v in result["need"].tolist()]
    ej_text = [None if v != v else f"{v:.4f}" for v in result["ej"].tolist()]
    people = result["need_people"].tolist()
    grades = result["pj"].tolist()
    out = []
    for k, row in enumerate(rows):
        new = (total_text[k], need_text[k], people[k], ej_text[k], grades[k])
        old = (
            f"{row[4]:.2f}",
            f"{row[5]:.4f}",
            row[6],
            None if row[7] is None else f"{row[7]:.4f}",
            row[8],
        )
        if new != old:
            out.append((row[0], *new))
    return out


def _write(changed: list[tuple[Any, ...]]) -> None:
    """Store the new figures: one UPDATE … FROM unnest on PostgreSQL, else executemany."""
    if not changed:
        return
    if connection.vendor == "postgresql":
        columns = list(zip(*changed, strict=True))
        sql = (
            "UPDATE positions_position AS p SET total_minutes = v.t, need = v.n, "
            "need_people = v.k, ej = v.e, pj = v.g FROM (SELECT unnest(%s::bigint[]) AS id, "
            "unnest(%s::numeric[]) AS t, unnest(%s::numeric[]) AS n, "
            "unnest(%s::integer[]) AS k, unnest(%s::numeric[]) AS e, "
            "unnest(%s::varchar[]) AS g) AS v WHERE p.id = v.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(c) for c in columns])
        return
    sql = (
        "UPDATE positions_position SET total_minutes = %s, need = %s, need_people = %s, "
        "ej = %s, pj = %s WHERE id = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [(t, n, k, e, g, pk) for pk, t, n, k, e, g in changed],
        )
