"""ABK totals of a unit (or an OPD): need, holders, gap, EU and PU."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replika.positions.rules import unit_totals, workload

# CI machines are shared: slow example generation is not a failure of the rules.
on_busy_machines = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_unit_totals_add_positions_and_grade_the_unit():
    # Pengadministrasi 56,880 min × 2 holders; a post of 112,500 min × 1; a vacant empty post.
    result = unit_totals(positions=[(56880, 2), (112500, 1), (0, 0)])
    # Σ total 169,380; need 169,380 / 75,000 = 2.2584; people 1 + 2 + 0 = 3; holders 3;
    # EU 169,380 / (3 × 75,000) = 0.75280 → C
    assert result == {
        "positions": 3,
        "total_minutes": 169380,
        "need": 2.2584,
        "need_people": 3,
        "need_people_pooled": 2,
        "holders": 3,
        "gap": 0,
        "eu": 0.7528,
        "pu": "C",
    }


def test_per_position_people_differ_from_the_pooled_unit_need():
    # Three posts of 37,500 min: each 0.5 → 1 person (3 in all); pooled 1.5 → 2 people.
    result = unit_totals(positions=[(37500, 1), (37500, 1), (37500, 1)])
    assert result["need_people"] == 3
    assert result["need_people_pooled"] == 2
    assert result["gap"] == 0
    # EU 112,500 / 225,000 = 0.5 → D
    assert result["eu"] == 0.5
    assert result["pu"] == "D"


def test_unit_eu_uses_the_sums_not_the_average_of_position_ejs():
    # EJs 150,000/75,000 = 2.0 and 15,000/(3 × 75,000) = 0.0667 average 1.0333 (A),
    # but EU = 165,000 / (4 × 75,000) = 0.55 → D.
    result = unit_totals(positions=[(150000, 1), (15000, 3)])
    assert result["eu"] == 0.55
    assert result["pu"] == "D"


def test_unit_without_holders_has_no_efficiency():
    result = unit_totals(positions=[(56880, 0)])
    assert result["eu"] is None
    assert result["pu"] is None
    assert result["gap"] == -1


def test_empty_unit_is_all_zeros():
    result = unit_totals(positions=[])
    assert result["positions"] == 0
    assert result["total_minutes"] == 0
    assert result["need"] == 0.0
    assert result["need_people"] == 0
    assert result["need_people_pooled"] == 0
    assert result["holders"] == 0
    assert result["eu"] is None


def test_unit_totals_honour_the_region_effective_minutes():
    # 56,880 / 72,000 = 0.79; EU 56,880 / (2 × 72,000) = 0.395 → 2 decimals 0.40 → E
    result = unit_totals(positions=[(56880, 2)], effective_minutes=72000)
    assert result["need"] == 0.79
    assert result["eu"] == 0.395
    assert result["pu"] == "E"


def test_unit_eu_rounds_to_two_decimals_before_grading():
    # EU 134,250 / (2 × 75,000) = 0.895 → 0.90 → B
    assert unit_totals(positions=[(67125, 1), (67125, 1)])["pu"] == "B"


@pytest.mark.parametrize(
    ("positions", "named"),
    [
        ([(-1, 1)], r"positions\[0\] total_minutes"),
        ([(1, 1), (1, -1)], r"positions\[1\] holders"),
        ([(1, 1.5)], "holders"),
        ([(None, 1)], "total_minutes"),
        ([(1,)], r"positions\[0\]"),
        (["ab"], r"positions\[0\]"),
        (None, "positions"),
    ],
)
def test_bad_positions_raise_value_error_naming_them(positions, named):
    with pytest.raises(ValueError, match=named):
        unit_totals(positions=positions)


def test_bad_effective_minutes_are_refused():
    with pytest.raises(ValueError, match="effective_minutes"):
        unit_totals(positions=[], effective_minutes=0)


totals = st.integers(min_value=0, max_value=500_000)
holders = st.integers(min_value=0, max_value=20)


@on_busy_machines
@given(totals, holders)
def test_a_unit_of_one_position_matches_the_position(total, people):
    unit = unit_totals(positions=[(total, people)])
    alone = workload(tasks=[(total, 1)], holders=people)
    assert unit["need"] == alone["need"]
    assert unit["need_people"] == alone["need_people"]
    assert unit["gap"] == alone["gap"]
    assert unit["eu"] == alone["ej"]
    assert unit["pu"] == alone["pj"]


@on_busy_machines
@given(st.lists(st.tuples(totals, holders), max_size=10))
def test_unit_people_and_holders_are_sums_over_positions(positions):
    unit = unit_totals(positions=positions)
    each = [workload(tasks=[(t, 1)], holders=h) for t, h in positions]
    assert unit["need_people"] == sum(r["need_people"] for r in each)
    assert unit["holders"] == sum(h for _, h in positions)
    assert unit["total_minutes"] == sum(t for t, _ in positions)
    assert unit["gap"] == unit["holders"] - unit["need_people"]


@on_busy_machines
@given(st.lists(st.tuples(totals, holders), max_size=10))
def test_splitting_a_unit_does_not_change_an_opd_total(positions):
    half = len(positions) // 2
    first = unit_totals(positions=positions[:half])
    second = unit_totals(positions=positions[half:])
    whole = unit_totals(positions=positions)
    assert whole["need_people"] == first["need_people"] + second["need_people"]
    assert whole["holders"] == first["holders"] + second["holders"]
