"""The vectorised ABK of many positions agrees with the ABK of each position."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replika.positions.rules import workload, workload_many

# CI machines are shared: slow example generation is not a failure of the rules.
on_busy_machines = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_worked_example_and_an_empty_vacant_post_in_one_batch():
    result = workload_many(
        volumes=[2400, 600, 3000, 12, 1200],
        norms=[5, 30, 4, 240, 10],
        task_position=[0, 0, 0, 0, 0],
        holders=[2, 0],
    )
    # Post 0: 56,880 min → need 0.7584, 1 person, surplus 1, EJ 0.3792 → E.
    # Post 1: no tasks, no holders → nothing needed, no EJ.
    assert result["total_minutes"].tolist() == [56880.0, 0.0]
    assert result["need"].tolist() == [0.7584, 0.0]
    assert result["need_people"].tolist() == [1, 0]
    assert result["gap"].tolist() == [1, 0]
    assert result["ej"][0] == 0.3792
    assert math.isnan(result["ej"][1])
    assert result["pj"].tolist() == ["E", ""]


def test_ties_round_half_up_in_the_batch_too():
    # 9,258.75 / 75,000 = 0.12345 → 0.1235; 60,007.5 / 150,000 = 0.40005 → 0.4001;
    # 67,125 / 75,000 = 0.895 → 0.90 → B; 187,500 / 75,000 = 2.5 → 3 people.
    result = workload_many(
        volumes=[3703.5, 60007.5, 67125, 187500],
        norms=[2.5, 1, 1, 1],
        task_position=[0, 1, 2, 3],
        holders=[1, 2, 1, 1],
    )
    assert result["need"][0] == 0.1235
    assert result["ej"][1] == 0.4001
    assert result["pj"][2] == "B"
    assert result["need_people"][3] == 3


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"volumes": [-1], "norms": [1], "task_position": [0], "holders": [1]}, "volumes"),
        ({"volumes": [1], "norms": [np.nan], "task_position": [0], "holders": [1]}, "norms"),
        ({"volumes": [1], "norms": [1], "task_position": [1], "holders": [1]}, "task_position"),
        ({"volumes": [1], "norms": [1], "task_position": [-1], "holders": [1]}, "task_position"),
        ({"volumes": [1], "norms": [1, 2], "task_position": [0], "holders": [1]}, "length"),
        ({"volumes": [], "norms": [], "task_position": [], "holders": [-1]}, "holders"),
        ({"volumes": [], "norms": [], "task_position": [], "holders": [1.5]}, "holders"),
        (
            {
                "volumes": [],
                "norms": [],
                "task_position": [],
                "holders": [1],
                "effective_minutes": 0,
            },
            "effective_minutes",
        ),
        (
            {
                "volumes": [],
                "norms": [],
                "task_position": [],
                "holders": [1],
                "effective_minutes": 75000.5,
            },
            "effective_minutes",
        ),
    ],
)
def test_bad_columns_raise_value_error_naming_them(kwargs, named):
    with pytest.raises(ValueError, match=named):
        workload_many(**kwargs)


positions = st.lists(
    st.tuples(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=20_000),
                st.decimals(min_value=0, max_value=480, places=2),
            ),
            max_size=6,
        ),
        st.integers(min_value=0, max_value=12),
    ),
    min_size=1,
    max_size=12,
)


@on_busy_machines
@given(positions, st.sampled_from([72000, 75000]))
def test_the_batch_agrees_with_workload_position_by_position(posts, effective):
    volumes = [v for tasks, _ in posts for v, _ in tasks]
    norms = [float(n) for tasks, _ in posts for _, n in tasks]
    where = [i for i, (tasks, _) in enumerate(posts) for _ in tasks]
    batch = workload_many(
        volumes=volumes,
        norms=norms,
        task_position=np.array(where, dtype=np.int64),
        holders=[h for _, h in posts],
        effective_minutes=effective,
    )
    for i, (tasks, holders) in enumerate(posts):
        alone = workload(
            tasks=[(v, Decimal(n)) for v, n in tasks], holders=holders, effective_minutes=effective
        )
        assert batch["total_minutes"][i] == alone["total_minutes"]
        assert batch["need"][i] == alone["need"]
        assert batch["need_people"][i] == alone["need_people"]
        assert batch["gap"][i] == alone["gap"]
        assert (batch["pj"][i] or None) == alone["pj"]
        if alone["ej"] is None:
            assert math.isnan(batch["ej"][i])
        else:
            assert batch["ej"][i] == alone["ej"]
