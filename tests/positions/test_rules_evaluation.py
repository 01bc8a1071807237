"""Job evaluation: factor levels → points → class, with the worked examples of the sources."""

from __future__ import annotations

import pytest

from replika.positions.rules.evaluation import (
    CLASS_FLOORS,
    FUNCTIONAL,
    FUNCTIONAL_FACTORS,
    STRUCTURAL,
    STRUCTURAL_FACTORS,
    FactorError,
    class_band,
    class_for_points,
    evaluate,
    factors_for,
)


def test_lahat_administrator_form_comes_to_1715_points_and_class_10():
    # Perka BKN 21/2011 form filled in by Kabupaten Lahat for an administrator (kelas 10):
    # 1-1 175, 2-1 100, 3-1 450, 4A-3 75, 4B-3 100, 5-4 505, 6-1 310 → 1,715 → 10 (1605-1850).
    result = evaluate(
        kind="administrator",
        levels={"1": 1, "2": 1, "3": 1, "4a": 3, "4b": 3, "5": 4, "6": 1},
    )
    assert result.method == STRUCTURAL
    assert result.points == {"1": 175, "2": 100, "3": 450, "4a": 75, "4b": 100, "5": 505, "6": 310}
    assert result.total == 1715
    assert result.job_class == 10
    assert class_band(10) == (1605, 1850)


def test_factor_one_of_a_functional_post_scores_the_published_points():
    # Perka BKN 21/2011 anak lampiran 2: knowledge levels 1-1 = 50 … 1-9 = 1,850.
    lowest = {f.code: 1 for f in FUNCTIONAL_FACTORS}
    totals = [
        evaluate(kind="fungsional", levels={**lowest, "1": n}).points["1"] for n in range(1, 10)
    ]
    assert totals == [50, 200, 350, 550, 750, 950, 1250, 1550, 1850]


def test_the_lowest_functional_post_is_190_points_class_3_and_the_highest_is_class_17():
    lowest = evaluate(kind="pelaksana", levels={f.code: 1 for f in FUNCTIONAL_FACTORS})
    assert (lowest.method, lowest.total, lowest.job_class) == (FUNCTIONAL, 190, 3)
    highest = evaluate(kind="fungsional", levels={f.code: f.levels for f in FUNCTIONAL_FACTORS})
    assert highest.total == 1850 + 650 + 650 + 450 + 450 + 110 + 220 + 50 + 50 == 4480
    assert highest.job_class == 17


def test_a_typical_executor_post_lands_in_its_band():
    # 1-2 200, 2-2 125, 3-2 125, 4-2 75, 5-2 75, 6-2 25, 7-1 20, 8-1 5, 9-1 5 = 655 → class 6.
    levels = {"1": 2, "2": 2, "3": 2, "4": 2, "5": 2, "6": 2, "7": 1, "8": 1, "9": 1}
    result = evaluate(kind="pelaksana", levels=levels)
    assert (result.total, result.job_class) == (655, 6)
    assert class_band(6) == (655, 850)


def test_the_lowest_structural_post_cannot_fall_below_class_8():
    result = evaluate(kind="pengawas", levels={f.code: 1 for f in STRUCTURAL_FACTORS})
    assert result.total == 175 + 100 + 450 + 25 + 30 + 75 + 310 == 1165
    assert result.job_class == 8


@pytest.mark.parametrize(
    ("total", "job_class"),
    [
        (189, None),
        (190, 3),
        (250, 3),
        (255, 4),
        (450, 4),
        (455, 5),
        (1850, 10),
        (1855, 11),
        (4050, 16),
        (4055, 17),
        (9999, 17),
    ],
)
def test_band_edges(total, job_class):
    assert class_for_points(total) == job_class


def test_bands_follow_each_other_without_gaps_in_steps_of_five():
    floors = sorted(floor for _, floor in CLASS_FLOORS)
    for job_class in range(3, 17):
        low, high = class_band(job_class)
        assert high is not None and high + 5 == class_band(job_class + 1)[0]
        assert low in floors
    assert class_band(17) == (4055, None)


def test_kinds_choose_their_factors():
    assert [f.code for f in factors_for("jpt")] == ["1", "2", "3", "4a", "4b", "5", "6"]
    assert len(factors_for("fungsional")) == len(factors_for("pelaksana")) == 9
    with pytest.raises(ValueError, match="unknown kind"):
        factors_for("eselon")


@pytest.mark.parametrize(
    ("levels", "factor"),
    [
        ({"1": 1, "2": 1, "3": 1, "4a": 1, "4b": 1, "5": 1}, "6"),  # missing
        ({"1": 6, "2": 1, "3": 1, "4a": 1, "4b": 1, "5": 1, "6": 1}, "1"),  # too high
        ({"1": 0, "2": 1, "3": 1, "4a": 1, "4b": 1, "5": 1, "6": 1}, "1"),  # too low
        ({"1": 1, "2": "2", "3": 1, "4a": 1, "4b": 1, "5": 1, "6": 1}, "2"),  # text
        ({"1": 1, "2": True, "3": 1, "4a": 1, "4b": 1, "5": 1, "6": 1}, "2"),  # bool
        ({"1": 1, "2": 1, "3": 1, "4a": 1, "4b": 1, "5": 1, "6": 1, "9": 1}, "9"),  # unknown
    ],
)
def test_bad_levels_name_their_factor(levels, factor):
    with pytest.raises(FactorError) as exc:
        evaluate(kind="administrator", levels=levels)
    assert exc.value.factor == factor
