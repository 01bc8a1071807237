"""ABK of one position: need, gap, EJ and PJ, with exact half-up rounding."""

from __future__ import annotations

import inspect
import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replika.positions.rules import DEFAULT_EFFECTIVE_MINUTES, efficiency_grade, workload

# CI machines are shared: slow example generation is not a failure of the rules.
on_busy_machines = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The domain note's worked example: "Pengadministrasi Perkantoran", Subbag Umum.
PENGADMINISTRASI = [
    (2400, 5),  # agenda surat masuk: 12,000
    (600, 30),  # konsep surat: 18,000
    (3000, 4),  # arsip dokumen: 12,000
    (12, 240),  # laporan bulanan: 2,880
    (1200, 10),  # input data pegawai: 12,000
]


def test_worked_example_with_two_holders_is_a_surplus_graded_e():
    result = workload(tasks=PENGADMINISTRASI, holders=2)
    # 56,880 / 75,000 = 0.7584 → 1 person; 2 − 1 = 1; 56,880 / 150,000 = 0.3792 → E
    assert result == {
        "total_minutes": 56880,
        "need": 0.7584,
        "need_people": 1,
        "gap": 1,
        "ej": 0.3792,
        "pj": "E",
    }


def test_worked_example_with_one_holder_is_balanced_and_graded_c():
    result = workload(tasks=PENGADMINISTRASI, holders=1)
    # 56,880 / 75,000 = 0.7584 → C (0.70 to < 0.90)
    assert result["gap"] == 0
    assert result["ej"] == 0.7584
    assert result["pj"] == "C"


def test_worked_example_at_72000_minutes_needs_079():
    result = workload(tasks=PENGADMINISTRASI, holders=2, effective_minutes=72000)
    # 56,880 / 72,000 = 0.79; EJ 56,880 / 144,000 = 0.395 → E
    assert result["need"] == 0.79
    assert result["need_people"] == 1
    assert result["ej"] == 0.395
    assert result["pj"] == "E"


def test_effective_minutes_default_to_1250_hours():
    default = inspect.signature(workload).parameters["effective_minutes"].default
    assert default == DEFAULT_EFFECTIVE_MINUTES == 1250 * 60


def test_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        workload(PENGADMINISTRASI, 2)  # type: ignore[misc]


def test_need_people_rounds_half_up_not_to_even():
    # 187,500 / 75,000 = 2.5 → 3 (banker's rounding would give 2)
    assert workload(tasks=[(187500, 1)], holders=0)["need_people"] == 3
    # 112,500 / 75,000 = 1.5 → 2; 2.4999 stays 2
    assert workload(tasks=[(112500, 1)], holders=0)["need_people"] == 2
    assert workload(tasks=[(187492.5, 1)], holders=0)["need_people"] == 2


def test_need_rounds_to_four_decimals_half_up_on_exact_decimals():
    # 3,703.5 × 2.5 = 9,258.75; / 75,000 = 0.12345 exactly → 0.1235 (to even: 0.1234)
    assert workload(tasks=[(3703.5, 2.5)], holders=1)["need"] == 0.1235


def test_ej_rounds_to_four_decimals_half_up_on_exact_decimals():
    # 60,007.5 / (2 × 75,000) = 0.40005 exactly → 0.4001 (binary floats give 0.40004999…)
    assert workload(tasks=[(60007.5, 1)], holders=2)["ej"] == 0.4001


def test_any_workload_needs_at_least_one_person():
    # 1 / 75,000 = 0.0000133 → need shows 0.0, yet the task needs somebody
    result = workload(tasks=[(1, 1)], holders=0)
    assert result["need"] == 0.0
    assert result["need_people"] == 1
    assert result["gap"] == -1


def test_a_need_just_under_a_half_still_needs_one_person():
    # 37,492.5 / 75,000 = 0.4999 → half-up gives 0, the floor of one person gives 1
    assert workload(tasks=[(37492.5, 1)], holders=1)["need_people"] == 1


def test_no_tasks_need_nobody_and_grade_e_with_holders():
    result = workload(tasks=[], holders=3)
    assert result == {
        "total_minutes": 0,
        "need": 0.0,
        "need_people": 0,
        "gap": 3,
        "ej": 0.0,
        "pj": "E",
    }


def test_tasks_with_zero_volume_or_zero_norm_add_nothing():
    assert workload(tasks=[(0, 30), (500, 0)], holders=1)["need_people"] == 0


def test_without_holders_ej_and_pj_are_none_and_the_gap_is_the_whole_need():
    result = workload(tasks=PENGADMINISTRASI, holders=0)
    assert result["ej"] is None
    assert result["pj"] is None
    assert result["gap"] == -1


def test_shortfall_is_a_negative_gap():
    # 5 × 75,000 = 375,000 → need 5; 2 holders → −3; EJ 375,000 / 150,000 = 2.5 → A
    result = workload(tasks=[(1500, 250)], holders=2)
    assert result["need_people"] == 5
    assert result["gap"] == -3
    assert result["ej"] == 2.5
    assert result["pj"] == "A"


def test_fractional_norms_and_volumes_are_exact():
    # 10 × 2.5 + 0.5 × 3 = 26.5 minutes
    assert workload(tasks=[(10, 2.5), (0.5, 3)], holders=1)["total_minutes"] == 26.5


def test_decimal_and_numpy_numbers_are_accepted():
    result = workload(
        tasks=[(Decimal("2400"), np.int64(5)), (np.float64(600.0), Decimal(30))],
        holders=np.int64(1),  # type: ignore[arg-type]
        effective_minutes=Decimal(75000),
    )
    # 12,000 + 18,000 = 30,000 → 0.4 → 1 person; EJ 0.4 → E
    assert result["total_minutes"] == 30000
    assert result["need"] == 0.4
    assert result["pj"] == "E"


def test_floats_are_returned_for_need_and_ej():
    result = workload(tasks=PENGADMINISTRASI, holders=2)
    assert isinstance(result["need"], float)
    assert isinstance(result["ej"], float)
    assert isinstance(result["need_people"], int)
    assert isinstance(result["gap"], int)


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (75375, "A"),  # 1.005 → 1.01, above 1.00
        (150000, "A"),  # 2.00
        (75367.5, "B"),  # 1.0049 → 1.00, "up to and including" 1.00
        (75000, "B"),  # 1.00
        (67500, "B"),  # 0.90
        (67125, "B"),  # 0.895 → 0.90
        (67117.5, "C"),  # 0.8949 → 0.89
        (52500, "C"),  # 0.70
        (52125, "C"),  # 0.695 → 0.70
        (52117.5, "D"),  # 0.6949 → 0.69
        (37500, "D"),  # 0.50
        (37125, "D"),  # 0.495 → 0.50
        (37117.5, "E"),  # 0.4949 → 0.49
        (0, "E"),  # 0.00
    ],
)
def test_pj_grades_the_ej_rounded_to_two_decimals(total, grade):
    # One holder at 75,000 minutes: EJ = total / 75,000.
    assert workload(tasks=[(total, 1)], holders=1)["pj"] == grade


@pytest.mark.parametrize(
    ("ej", "grade"),
    [
        (None, None),
        (0.3792, "E"),
        (0.7584, "C"),
        (Decimal("0.8950"), "B"),
        (1.0, "B"),
        (1.01, "A"),
        (0.9, "B"),
        (0.5, "D"),
    ],
)
def test_efficiency_grade_follows_the_bands(ej, grade):
    assert efficiency_grade(ej) == grade


def test_efficiency_grade_refuses_a_negative_efficiency():
    with pytest.raises(ValueError, match="ej"):
        efficiency_grade(-0.1)


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"tasks": [(-1, 5)], "holders": 1}, r"tasks\[0\] volume_per_year"),
        ({"tasks": [(1, 5), (3, -5)], "holders": 1}, r"tasks\[1\] norm_minutes"),
        ({"tasks": [(None, 5)], "holders": 1}, "volume_per_year"),
        ({"tasks": [("12", 5)], "holders": 1}, "volume_per_year"),
        ({"tasks": [(math.nan, 5)], "holders": 1}, "volume_per_year"),
        ({"tasks": [(1, math.inf)], "holders": 1}, "norm_minutes"),
        ({"tasks": [(True, 5)], "holders": 1}, "volume_per_year"),
        ({"tasks": [(1, 2, 3)], "holders": 1}, r"tasks\[0\]"),
        ({"tasks": ["ab"], "holders": 1}, r"tasks\[0\]"),
        ({"tasks": [5], "holders": 1}, r"tasks\[0\]"),
        ({"tasks": None, "holders": 1}, "tasks"),
        ({"tasks": "2400,5", "holders": 1}, "tasks"),
        ({"tasks": [], "holders": -1}, "holders"),
        ({"tasks": [], "holders": 1.5}, "holders"),
        ({"tasks": [], "holders": None}, "holders"),
        ({"tasks": [], "holders": True}, "holders"),
        ({"tasks": [], "holders": 1, "effective_minutes": 0}, "effective_minutes"),
        ({"tasks": [], "holders": 1, "effective_minutes": -75000}, "effective_minutes"),
        ({"tasks": [], "holders": 1, "effective_minutes": None}, "effective_minutes"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(kwargs, named):
    with pytest.raises(ValueError, match=named):
        workload(**kwargs)


volumes = st.integers(min_value=0, max_value=100_000)
norms = st.decimals(min_value=0, max_value=600, places=2, allow_nan=False, allow_infinity=False)
task_lists = st.lists(st.tuples(volumes, norms), max_size=8)
holder_counts = st.integers(min_value=0, max_value=50)
minutes = st.sampled_from([72000, 75000])


@on_busy_machines
@given(task_lists, holder_counts, minutes)
def test_gap_is_holders_minus_need_people(tasks, holders, effective):
    result = workload(tasks=tasks, holders=holders, effective_minutes=effective)
    assert result["gap"] == holders - result["need_people"]


@on_busy_machines
@given(task_lists, minutes)
def test_need_people_is_the_need_rounded_half_up_with_a_floor_of_one(tasks, effective):
    result = workload(tasks=tasks, holders=1, effective_minutes=effective)
    exact = Decimal(sum(Decimal(v) * n for v, n in tasks)) / effective
    if exact == 0:
        assert result["need_people"] == 0
    elif exact < 1:
        assert result["need_people"] == 1
    else:
        # Half-up: the whole number within half a person, halves going up.
        assert exact - Decimal("0.5") <= result["need_people"] < exact + Decimal("0.5")


@on_busy_machines
@given(task_lists, st.integers(min_value=1, max_value=50), minutes)
def test_ej_times_holders_is_the_need(tasks, holders, effective):
    result = workload(tasks=tasks, holders=holders, effective_minutes=effective)
    assert result["ej"] is not None
    # Each is rounded to 4 decimals, so they agree within the rounding of both.
    assert abs(result["ej"] * holders - result["need"]) <= 0.00005 * holders + 0.00005


@on_busy_machines
@given(task_lists, holder_counts)
def test_task_order_does_not_change_the_result(tasks, holders):
    assert workload(tasks=tasks, holders=holders) == workload(
        tasks=list(reversed(tasks)), holders=holders
    )


@on_busy_machines
@given(st.integers(min_value=0, max_value=300_000), st.integers(min_value=0, max_value=300_000))
def test_more_work_for_the_same_holders_never_lowers_the_grade(a, b):
    low, high = sorted((a, b))
    grade_low = workload(tasks=[(low, 1)], holders=1)["pj"]
    grade_high = workload(tasks=[(high, 1)], holders=1)["pj"]
    assert grade_low is not None
    assert grade_high is not None
    # "A" is the highest efficiency: later letters mean less work per holder.
    assert grade_high <= grade_low


@on_busy_machines
@given(task_lists, holder_counts)
def test_ej_and_pj_exist_exactly_when_there_are_holders(tasks, holders):
    result = workload(tasks=tasks, holders=holders)
    assert (result["ej"] is None) == (holders == 0)
    assert (result["pj"] is None) == (holders == 0)
