"""Keeping each position's ABK in step with its tasks, holders and the region's settings."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction

from replika.core.models import Wilayah
from replika.positions.models import Position
from replika.positions.rules import workload
from replika.positions.rules.numbers import half_up
from replika.positions.settings_schema import settings_for


def _decimal(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def position_recompute(position: Position, *, save: bool = True) -> Position:
    """Recompute one position's ABK from its tasks (stored on the position)."""
    minutes = settings_for(position.region).effective_minutes
    tasks = [(t.volume, t.norm_minutes) for t in position.tasks.all()]
    result = workload(tasks=tasks, holders=position.holders, effective_minutes=minutes)
    # The column keeps 2 decimals; say half-up here, or Django's quantize rounds half-even.
    position.total_minutes = half_up(Decimal(str(result["total_minutes"])), 2)
    position.need = Decimal(str(result["need"]))
    position.need_people = result["need_people"]
    position.ej = _decimal(result["ej"])
    position.pj = result["pj"] or ""
    if save:
        position.save(
            update_fields=["total_minutes", "need", "need_people", "ej", "pj", "updated_at"]
        )
    return position


@transaction.atomic
def abk_recompute(*, regions: list[Wilayah] | None = None) -> int:
    """Recompute the ABK of every position (of ``regions``, default all) in the database.

    One UPDATE per distinct effective-minutes setting does it all: the database adds up each
    position's minutes and applies the rules of ``rules.workload`` in whole numbers, and only
    rows whose stored figures differ are written. Returns how many changed.
    """
    region_ids = (
        [r.pk for r in regions]
        if regions is not None
        else list(Position.objects.order_by().values_list("region_id", flat=True).distinct())
    )
    by_minutes: dict[int, list[int]] = {}
    for region in Wilayah.objects.filter(pk__in=region_ids):
        by_minutes.setdefault(settings_for(region).effective_minutes, []).append(region.pk)
    changed = 0
    with connection.cursor() as cursor:
        for minutes, ids in by_minutes.items():
            cursor.execute(_update_sql(minutes, len(ids)), ids)
            changed += max(cursor.rowcount, 0)
    return changed


# Exact half-up rounding in whole numbers, the same on PostgreSQL and SQLite. Volumes and
# norms carry two decimals, so T = Σ (volume × 100) × (norm × 100) is the exact workload in
# ten-thousandths of a minute, and for non-negative a, b: round-half-up(a / b) = (2a + b) / 2b
# with integer division. With E the effective minutes and h the holders:
#   total minutes, 2 decimals  = round(T / 100) / 100
#   need, 4 decimals           = round(T / E) / 10^4        (need = T / (E × 10^4))
#   need in whole people       = round(T / (E × 10^4)), at least 1 when T > 0
#   EJ, 4 decimals             = round(T / (h × E)) / 10^4  (None without holders)
#   EJ, 2 decimals, for the PJ = round(T / (h × E × 100)) / 100
_CALC = """
UPDATE positions_position
SET total_minutes = fresh.total_minutes, need = fresh.need, need_people = fresh.need_people,
    ej = fresh.ej, pj = fresh.pj
FROM (
    SELECT id, {t} AS total_minutes, {n} AS need, k AS need_people, {ej} AS ej,
        CASE WHEN e2 IS NULL THEN '' WHEN e2 > 100 THEN 'A' WHEN e2 >= 90 THEN 'B'
             WHEN e2 >= 70 THEN 'C' WHEN e2 >= 50 THEN 'D' ELSE 'E' END AS pj
    FROM (
        SELECT id,
            (2 * tt + 100) / 200 AS t2,
            (2 * tt + {e}) / (2 * {e}) AS n4,
            CASE WHEN tt = 0 THEN 0
                 WHEN (2 * tt + {e10000}) / (2 * {e10000}) < 1 THEN 1
                 ELSE (2 * tt + {e10000}) / (2 * {e10000}) END AS k,
            CASE WHEN h = 0 THEN NULL ELSE (2 * tt + h * {e}) / (2 * h * {e}) END AS e4,
            CASE WHEN h = 0 THEN NULL ELSE (2 * tt + h * {e100}) / (2 * h * {e100}) END AS e2
        FROM (
            SELECT p.id AS id, p.holders AS h,
                CAST(COALESCE(SUM(CAST(ROUND(t.volume * 100) AS BIGINT)
                                  * CAST(ROUND(t.norm_minutes * 100) AS BIGINT)), 0) AS BIGINT)
                    AS tt
            FROM positions_position p
            LEFT JOIN positions_task t ON t.position_id = p.id
            WHERE p.region_id IN ({regions})
            GROUP BY p.id, p.holders
        ) AS agg
    ) AS calc
) AS fresh
WHERE positions_position.id = fresh.id AND (
    positions_position.total_minutes {ne} fresh.total_minutes
    OR positions_position.need {ne} fresh.need
    OR positions_position.need_people {ne} fresh.need_people
    OR positions_position.ej {ne} fresh.ej
    OR positions_position.pj {ne} fresh.pj)
"""


def _update_sql(effective_minutes: int, regions: int) -> str:
    """The one UPDATE for the positions of ``regions`` placeholders at ``effective_minutes``."""
    e = int(effective_minutes)  # an int from validated settings, never text from a request
    if connection.vendor == "postgresql":
        scaled = {"t": "t2::numeric / 100", "n": "n4::numeric / 10000", "ej": "e4::numeric / 10000"}
        ne = "IS DISTINCT FROM"
    else:
        scaled = {"t": "t2 / 100.0", "n": "n4 / 10000.0", "ej": "e4 / 10000.0"}
        ne = "IS NOT"
    return _CALC.format(
        regions=", ".join(["%s"] * regions), e=e, e100=e * 100, e10000=e * 10_000, ne=ne, **scaled
    )
