"""The province-wide recompute in SQL gives exactly what the pure ``workload`` rule gives."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

import pytest

from replika.positions.models import Position, Task
from replika.positions.rules import title_key, workload
from replika.positions.services import abk

# Volumes and norms as people type them (two decimals at most), and the ties of the
# rounding rules: 9,258.75 / 75,000 = 0.12345 (need to 4 decimals), 60,007.5 / 150,000 =
# 0.40005 (EJ to 4 decimals), 67,125 / 75,000 = 0.895 (EJ to 2 decimals → B), 37,500 /
# 75,000 = 0.5 (half a person → 1), and a few minutes a year (still 1 person).
TIES = [
    ([(Decimal("3703.50"), Decimal("2.50"))], 1),
    ([(Decimal("60007.50"), Decimal("1"))], 2),
    ([(Decimal("67125"), Decimal("1"))], 1),
    ([(Decimal("37500"), Decimal("1"))], 0),
    ([(Decimal("1"), Decimal("0.25"))], 3),
    ([(Decimal("187500"), Decimal("1"))], 1),
    ([], 2),
    ([], 0),
]


def _random_tasks(rng: random.Random) -> list[tuple[Decimal, Decimal]]:
    return [
        (
            Decimal(rng.randint(0, 400_000)) / 100,
            Decimal(rng.choice([0, 25, 50, 250, 500, 1000, 1500, 3000, 24000])) / 100,
        )
        for _ in range(rng.randint(0, 6))
    ]


def _store(world: SimpleNamespace, cases: list) -> list[Position]:
    """Store each (tasks, holders) as a position of the world's unit, with stale figures."""
    positions = Position.objects.bulk_create(
        Position(
            region=world.region,
            opd=world.opd,
            org_unit=world.unit,
            title=f"Jabatan Uji {n}",
            title_key=title_key(f"Jabatan Uji {n}"),
            kind="pelaksana",
            job_class=5,
            holders=holders,
        )
        for n, (_, holders) in enumerate(cases)
    )
    Task.objects.bulk_create(
        Task(
            position=p,
            description="Tugas",
            output="Hasil",
            output_unit="berkas",
            volume=v,
            norm_minutes=n,
        )
        for p, (tasks, _) in zip(positions, cases, strict=True)
        for v, n in tasks
    )
    return positions


def _expected(tasks: list, holders: int, minutes: int) -> tuple:
    result = workload(tasks=tasks, holders=holders, effective_minutes=minutes)
    ej = result["ej"]
    return (
        Decimal(str(result["total_minutes"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        Decimal(str(result["need"])).quantize(Decimal("0.0001")),
        result["need_people"],
        None if ej is None else Decimal(str(ej)).quantize(Decimal("0.0001")),
        result["pj"] or "",
    )


def _stored(position: Position) -> tuple:
    p = Position.objects.get(pk=position.pk)
    return (p.total_minutes, p.need, p.need_people, p.ej, p.pj)


@pytest.mark.parametrize("minutes", [75_000, 72_000])
def test_sql_recompute_equals_the_pure_rule_for_random_positions(world, monkeypatch, minutes):
    monkeypatch.setattr(
        abk, "settings_for", lambda region: SimpleNamespace(effective_minutes=minutes)
    )
    rng = random.Random(minutes)
    cases = TIES + [(_random_tasks(rng), rng.randint(0, 5)) for _ in range(150)]
    positions = _store(world, cases)
    Position.objects.update(total_minutes=0, need=0, need_people=0, ej=None, pj="")

    changed = abk.abk_recompute()

    zero = (Decimal("0.00"), Decimal("0.0000"), 0, None, "")
    # The world's own three positions carry the worked example: they change too.
    assert changed == sum(_expected(t, h, minutes) != zero for t, h in cases) + 3
    for position, (tasks, holders) in zip(positions, cases, strict=True):
        assert _stored(position) == _expected(tasks, holders, minutes), (tasks, holders)
    assert abk.abk_recompute() == 0  # a second pass finds nothing to change


def test_ties_land_where_the_rule_puts_them(world):
    positions = _store(world, TIES)
    abk.abk_recompute()
    need_tie, ej4_tie, ej2_tie, half_person, few_minutes = (_stored(p) for p in positions[:5])
    assert need_tie[1] == Decimal("0.1235")
    assert ej4_tie[3] == Decimal("0.4001")
    assert ej2_tie[4] == "B"
    assert half_person[2] == 1 and half_person[3] is None and half_person[4] == ""
    assert few_minutes[2] == 1


def test_one_position_and_the_province_pass_store_the_same_figures(world):
    cases = [([(Decimal("1628.27"), Decimal("15")), (Decimal("11.30"), Decimal("0.25"))], 2)]
    (position,) = _store(world, cases)
    abk.abk_recompute()
    bulk = _stored(position)
    abk.position_recompute(Position.objects.get(pk=position.pk))
    # 24,426.875 minutes: half-up to 24,426.88 on both paths, never half-even.
    assert _stored(position) == bulk
    assert bulk[0] == Decimal("24426.88")


def test_recompute_of_one_region_leaves_the_others_alone(world):
    Position.objects.update(total_minutes=0, need=0, need_people=0, ej=None, pj="")
    abk.abk_recompute(regions=[world.region])
    assert Position.objects.get(pk=world.position.pk).need_people == 1
    assert Position.objects.get(pk=world.td_position.pk).need_people == 0
