"""WHO z-score rules, checked against values computed by hand from the WHO LMS table rows.

Every expected value below shows the table row it comes from and the arithmetic
z = ((y / M)^L - 1) / (S L), and for |z| > 3 on the skewed indicators
z = +-3 + (y - SD3) / SD23 with SDk = M (1 + L S k)^(1 / L).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from replika.nutrition.growth import zscores

NAN = np.nan


def one(result: dict[str, np.ndarray], key: str) -> float:
    """The single value of a scalar result."""
    return float(result[key])


# --- length/height-for-age: plain LMS formula ------------------------------------------


def test_length_for_age_boy_365_days():
    # lenanthro.txt sex 1 age 365: L=1, M=75.7391, S=0.03137
    # z = (72.0 / 75.7391 - 1) / 0.03137 = (0.950632 - 1) / 0.03137 = -1.5737 -> -1.57
    r = zscores(1, 365, NAN, 72.0, "l", "n")
    assert one(r, "zlen") == -1.57
    assert not r["flen"]


def test_length_for_age_girl_uses_female_table():
    # lenanthro.txt sex 2 age 500: L=1, M=79.0642, S=0.03564
    # z = (79.0 / 79.0642 - 1) / 0.03564 = -0.0228 -> -0.02
    assert one(zscores(2, 500, NAN, 79.0, "l", "n"), "zlen") == -0.02


def test_length_for_age_keeps_plain_formula_beyond_3_sd():
    # L=1 row (boy, 365 d): z = (60.0 / 75.7391 - 1) / 0.03137 = -6.6243 -> -6.62, flagged.
    r = zscores(1, 365, NAN, 60.0, "l", "n")
    assert one(r, "zlen") == -6.62
    assert r["flen"]


# --- weight-for-age: restricted beyond +-3 SD -----------------------------------------
# weianthro.txt sex 1 age 365: L=0.0645, M=9.646, S=0.10925
# SD3pos = 9.646 (1 + 0.0645*0.10925*3)^(1/0.0645) = 13.34147, SD2pos = 11.98335
# SD3neg = 9.646 (1 - 0.0645*0.10925*3)^(1/0.0645) = 6.92598, SD2neg = 7.74068


def test_weight_for_age_inside_3_sd_uses_plain_formula():
    # ((9.0 / 9.646)^0.0645 - 1) / (0.10925 * 0.0645) = (0.995539 - 1) / 0.0070466 = -0.63
    assert one(zscores(1, 365, 9.0, NAN, "", "n"), "zwei") == -0.63


def test_weight_for_age_just_below_plus_3_is_plain():
    # plain z = ((13.3 / 9.646)^0.0645 - 1) / 0.0070466 = 2.9709 -> 2.97 (< 3, not adjusted)
    assert one(zscores(1, 365, 13.3, NAN, "", "n"), "zwei") == 2.97


def test_weight_for_age_above_plus_3_is_restricted():
    # plain z would be 3.4510 (3.45); restricted: 3 + (14.0 - 13.34147) / (13.34147 - 11.98335)
    # = 3 + 0.65853 / 1.35812 = 3.4849 -> 3.48
    assert one(zscores(1, 365, 14.0, NAN, "", "n"), "zwei") == 3.48


def test_weight_for_age_just_above_minus_3_is_plain():
    # plain z = ((7.0 / 9.646)^0.0645 - 1) / 0.0070466 = -2.9047 -> -2.90
    assert one(zscores(1, 365, 7.0, NAN, "", "n"), "zwei") == -2.90


def test_weight_for_age_below_minus_3_is_restricted():
    # plain z would be -4.2800 (-4.28); restricted: -3 + (6.0 - 6.92598) / (7.74068 - 6.92598)
    # = -3 - 0.92598 / 0.81470 = -4.1366 -> -4.14
    assert one(zscores(1, 365, 6.0, NAN, "", "n"), "zwei") == -4.14


# --- BMI-for-age ----------------------------------------------------------------------
# bmianthro.txt sex 1 age 365: L=-0.4113, M=16.7992, S=0.08009


def test_bmi_for_age_uses_corrected_length():
    # BMI = 9.0 / 0.72^2 = 17.3611; z = ((17.3611/16.7992)^-0.4113 - 1) / (0.08009*-0.4113) = 0.41
    r = zscores(1, 365, 9.0, 72.0, "l", "n")
    assert one(r, "cbmi") == pytest.approx(17.36111111)
    assert one(r, "zbmi") == 0.41


def test_bmi_for_age_restricted_above_3():
    # BMI = 13 / 0.72^2 = 25.0772, plain z 4.6118 (beyond +3), so with
    # SDk = 16.7992 (1 - 0.4113 * 0.08009 * k)^(-1 / 0.4113):
    # restricted = 3 + (25.0772 - SD3pos) / (SD3pos - SD2pos) = 4.9034 -> 4.90
    assert one(zscores(1, 365, 13.0, 72.0, "l", "n"), "zbmi") == 4.90


def test_bmi_for_age_restricted_below_minus_3():
    # BMI = 6.5 / 0.72^2 = 12.5386: plain z -3.8812; restricted -3.7997 -> -3.80
    assert one(zscores(1, 365, 6.5, 72.0, "l", "n"), "zbmi") == -3.80


# --- weight-for-length/height ---------------------------------------------------------


def test_weight_for_length_interpolates_between_rows():
    # wflanthro.txt sex 2: 70.0 -> L=-0.3833 M=8.163 S=0.09068; 70.1 -> M=8.1835 S=0.09067
    # 70.05 cm is halfway: M = 8.17325, S = 0.090675
    # z = ((8.0/8.17325)^-0.3833 - 1) / (0.090675 * -0.3833) = -0.2373 -> -0.24
    # (row 70.0 alone would give -0.22, row 70.1 alone -0.25)
    assert one(zscores(2, 300, 8.0, 70.05, "l", "n"), "zwfl") == -0.24


def test_weight_for_length_under_731_days():
    # wflanthro.txt sex 1 85.0: L=-0.3521 M=11.5007 S=0.08181
    # z = ((11.0/11.5007)^-0.3521 - 1) / (0.08181 * -0.3521) = -0.5484 -> -0.55
    assert one(zscores(1, 730, 11.0, 85.0, "l", "n"), "zwfl") == -0.55


def test_weight_for_height_from_731_days():
    # wfhanthro.txt sex 1 85.0: L=-0.3521 M=11.6707 S=0.08156
    # z = ((11.0/11.6707)^-0.3521 - 1) / (0.08156 * -0.3521) = -0.7333 -> -0.73
    assert one(zscores(1, 731, 11.0, 85.0, "h", "n"), "zwfl") == -0.73


def test_weight_for_length_restricted_both_sides():
    # wfl sex 1 85.0 (L=-0.3521 M=11.5007 S=0.08181):
    # 16 kg: plain 3.8102, restricted 3 + (16 - SD3pos) / SD23pos = 3.9037 -> 3.90
    # 8 kg: plain -4.7327, restricted -3 + (8 - SD3neg) / SD23neg = -4.5102 -> -4.51
    r = zscores(1, 700, [16.0, 8.0], 85.0, "l", "n")
    assert r["zwfl"].tolist() == [3.90, -4.51]


@pytest.mark.parametrize(
    ("age", "measure", "length", "computed"),
    [
        (700, "l", 44.9, False),
        (700, "l", 45.0, True),
        (700, "l", 110.0, True),
        (700, "l", 110.1, False),
        (800, "h", 64.9, False),
        (800, "h", 65.0, True),
        (800, "h", 120.0, True),
        (800, "h", 120.1, False),
    ],
)
def test_weight_for_length_outside_table_is_nan(age, measure, length, computed):
    r = zscores(1, age, 10.0, length, measure, "n")
    assert np.isnan(one(r, "zwfl")) != computed
    assert not np.isnan(one(r, "zlen"))  # length-for-age is still computed


def test_weight_for_length_table_edges_values():
    # wfl sex 1 45.0: M=2.441 S=0.09182; z(2.441) = 0 exactly at the median.
    # wfh sex 1 120.0: M=22.353 S=0.09424; z(22.353) = 0.
    r = zscores(1, [100, 1000], [2.441, 22.353], [45.0, 120.0], ["l", "h"], "n")
    assert r["zwfl"].tolist() == [0.0, 0.0]


# --- lying/standing correction --------------------------------------------------------


def test_standing_under_731_days_adds_0_7_cm():
    # boy 730 d standing 85.0 -> 85.7 cm lying-equivalent.
    # lenanthro 730: M=87.8018 S=0.03479: z = (85.7/87.8018 - 1)/0.03479 = -0.6881 -> -0.69
    # wflanthro 85.7: M=11.6707 S=0.08156: z(11.0) = -0.7333 -> -0.73
    r = zscores(1, 730, 11.0, 85.0, "h", "n")
    assert one(r, "clenhei") == pytest.approx(85.7)
    assert one(r, "zlen") == -0.69
    assert one(r, "zwfl") == -0.73


def test_lying_from_731_days_subtracts_0_7_cm():
    # boy 731 d lying 86.4 -> 85.7 cm height-equivalent.
    # lenanthro 731: M=87.1303 S=0.03508: z = (85.7/87.1303 - 1)/0.03508 = -0.4679 -> -0.47
    # wfhanthro 85.7: M=11.8431 S=0.08131: z(11.0) = -0.9202 -> -0.92
    r = zscores(1, 731, 11.0, 86.4, "l", "n")
    assert one(r, "clenhei") == pytest.approx(85.7)
    assert one(r, "zlen") == -0.47
    assert one(r, "zwfl") == -0.92


@pytest.mark.parametrize(("age", "measure"), [(730, "l"), (731, "h"), (730, ""), (731, "")])
def test_no_correction_when_position_matches_or_is_unknown(age, measure):
    r = zscores(1, age, 11.0, 85.0, measure, "n")
    assert one(r, "clenhei") == 85.0
    assert not r["c9mo_flag"]


def test_unknown_measure_uses_recommended_position_by_age():
    # Blank measure at 730 d -> lying table (wfl 85.0: -0.55); at 731 d -> height (wfh: -0.73).
    r = zscores(1, [730, 731], 11.0, 85.0, "", "n")
    assert r["zwfl"].tolist() == [-0.55, -0.73]


def test_standing_under_9_months_is_flagged_and_not_corrected():
    # 9 months = 273.9375 days: 273 d is under 9 months, 274 d is not.
    r = zscores(1, [273, 274], 8.0, 68.0, "h", "n")
    assert r["c9mo_flag"].tolist() == [True, False]
    assert r["clenhei"].tolist() == pytest.approx([68.0, 68.7])


def test_lying_under_9_months_is_not_flagged():
    assert not zscores(1, 100, 6.0, 60.0, "l", "n")["c9mo_flag"]


# --- oedema ---------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["y", "Y"])
def test_oedema_removes_weight_based_zscores(flag):
    r = zscores(1, 365, 9.0, 72.0, "l", flag)
    assert np.isnan([one(r, "zwei"), one(r, "zwfl"), one(r, "zbmi")]).all()
    assert one(r, "zlen") == -1.57
    assert not (r["fwei"] or r["fwfl"] or r["fbmi"])


@pytest.mark.parametrize("flag", ["n", "N", "", "x"])
def test_no_oedema_keeps_weight_based_zscores(flag):
    r = zscores(1, 365, 9.0, 72.0, "l", flag)
    assert [one(r, "zwei"), one(r, "zbmi")] == [-0.63, 0.41]


# --- plausibility flags (on the rounded z-score) --------------------------------------


@pytest.mark.parametrize(
    ("z", "flagged"), [(6.0, False), (6.01, True), (-6.0, False), (-6.01, True)]
)
def test_length_flag_threshold(z, flagged):
    # L=1 so the length giving z is M (1 + S z): boy 365 d, M=75.7391, S=0.03137.
    r = zscores(1, 365, NAN, 75.7391 * (1 + 0.03137 * z), "l", "n")
    assert one(r, "zlen") == z
    assert bool(r["flen"]) is flagged


def _weight_at(z: float) -> float:
    """Weight of a 365-day boy at restricted z (inverse of the SD23 rule, weianthro row)."""
    lam, mu, sigma = 0.0645, 9.646, 0.10925

    def sd(k: float) -> float:
        return mu * (1 + lam * sigma * k) ** (1 / lam)

    if z > 0:
        return sd(3) + (z - 3) * (sd(3) - sd(2))
    return sd(-3) + (z + 3) * (sd(-2) - sd(-3))


@pytest.mark.parametrize(
    ("z", "flagged"), [(5.0, False), (5.01, True), (-6.0, False), (-6.01, True), (-5.5, False)]
)
def test_weight_for_age_flag_thresholds(z, flagged):
    r = zscores(1, 365, _weight_at(z), NAN, "", "n")
    assert one(r, "zwei") == z
    assert bool(r["fwei"]) is flagged


def test_weight_for_length_and_bmi_flags():
    # wfl sex 1 85.0: 20 kg is far above +5, 11.5 kg is the median.
    r = zscores(1, 700, [20.0, 11.5007], 85.0, "l", "n")
    assert r["fwfl"].tolist() == [True, False]
    assert r["fbmi"].tolist() == [True, False]
    assert r["zwfl"][0] > 5


# --- rounding --------------------------------------------------------------------------


def test_zscores_are_rounded_to_two_decimals_without_negative_zero():
    # girl 500 d, 79.06 cm: z = (79.06/79.0642 - 1)/0.03564 = -0.0015 -> 0.00 (not -0.00)
    r = zscores(2, 500, NAN, 79.06, "l", "n")
    assert one(r, "zlen") == 0.0
    assert not np.signbit(r["zlen"])
    rng = np.random.default_rng(3)
    many = zscores(1, rng.integers(0, 1827, 500), rng.uniform(3, 25, 500), 80.0, "", "n")
    for key in ("zlen", "zwei", "zwfl", "zbmi"):
        values = many[key][~np.isnan(many[key])]
        assert np.array_equal(values, np.round(values, 2))


# --- age range -------------------------------------------------------------------------


def test_age_cutoff_is_under_60_months():
    # 1826 d = 59.99 months (computed), 1827 d = 60.02 months (not computed, anthro's
    # "age in months < 60"); the tables end at 1826 d too.
    r = zscores(1, [1826, 1827], 18.0, 110.0, "h", "n")
    for key in ("zlen", "zwei", "zwfl", "zbmi"):
        assert not np.isnan(r[key][0])
        assert np.isnan(r[key][1])


def test_non_integer_age_is_rounded_half_up_like_anthro():
    r = zscores(1, [364.5, 365.0, 364.4, 364.0], NAN, 72.0, "l", "n")
    assert r["zlen"][0] == r["zlen"][1]
    assert r["zlen"][2] == r["zlen"][3]


def test_missing_age_weight_for_length_follows_measure_then_87_cm():
    # Without age only weight-for-length/height is computable (anthro): the table follows the
    # measure, and without measure lengths < 87 cm use the length table.
    # wfl sex 1 86.9: M=11.9668 -> z(11.9668) = 0; wfh sex 1 87.0: M=12.1645 -> z = 0.
    r = zscores(
        1,
        NAN,
        [11.9668, 12.1645, 11.9668, 12.1645],
        [86.9, 87.0, 86.9, 87.0],
        ["", "", "l", "h"],
        "n",
    )
    assert r["zwfl"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert np.isnan(r["zlen"]).all() and np.isnan(r["zwei"]).all() and np.isnan(r["zbmi"]).all()
    assert r["clenhei"].tolist() == [86.9, 87.0, 86.9, 87.0]  # no age, no correction


# --- head and arm circumference -------------------------------------------------------


def test_head_circumference_plain_formula():
    # hcanthro sex 1 age 365: L=1 M=46.0637 S=0.02789: (45.0/46.0637 - 1)/0.02789 = -0.83
    r = zscores(1, 365, NAN, NAN, "", "", headc=45.0)
    assert one(r, "zhc") == -0.83


def test_arm_circumference_is_restricted_beyond_3_sd():
    # acanthro sex 1 age 365: L=0.1263 M=14.6447 S=0.07689
    # 14.0 cm: ((14/14.6447)^0.1263 - 1)/(0.07689*0.1263) = -0.58
    # 20.0 cm: plain 4.1341, restricted 3 + (20 - SD3pos)/SD23pos = 4.2159 -> 4.22 (anthro
    # computes arm circumference with its adjusted z-score function)
    r = zscores(1, 365, NAN, NAN, "", "", armc=[14.0, 20.0])
    assert r["zac"].tolist() == [-0.58, 4.22]


def test_arm_circumference_table_starts_at_91_days():
    # acanthro sex 2 age 91: L=-0.1733 M=13.0245 S=0.08262 -> z(13.0) = -0.0228 -> -0.02
    r = zscores(2, [90, 91], NAN, NAN, "", "", armc=13.0)
    assert np.isnan(r["zac"][0])
    assert r["zac"][1] == -0.02


def test_head_and_arm_default_to_nan():
    r = zscores(1, 365, 9.0, 72.0, "l", "n")
    assert np.isnan(one(r, "zhc")) and np.isnan(one(r, "zac"))
    assert not (r["fhc"] or r["fac"])


# --- bad values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "age", "weight", "length", "nan_keys"),
    [
        (1, 365, 0.0, 72.0, {"zwei", "zwfl", "zbmi"}),
        (1, 365, -9.0, 72.0, {"zwei", "zwfl", "zbmi"}),
        (1, 365, NAN, 72.0, {"zwei", "zwfl", "zbmi"}),
        (1, 365, np.inf, 72.0, {"zwei", "zwfl", "zbmi"}),
        (1, 365, 9.0, 0.0, {"zlen", "zwfl", "zbmi"}),
        (1, 365, 9.0, -72.0, {"zlen", "zwfl", "zbmi"}),
        (1, 365, 9.0, NAN, {"zlen", "zwfl", "zbmi"}),
        (0, 365, 9.0, 72.0, {"zlen", "zwei", "zwfl", "zbmi"}),
        (3, 365, 9.0, 72.0, {"zlen", "zwei", "zwfl", "zbmi"}),
        (NAN, 365, 9.0, 72.0, {"zlen", "zwei", "zwfl", "zbmi"}),
        ("x", 365, 9.0, 72.0, {"zlen", "zwei", "zwfl", "zbmi"}),
        (1, -1, 9.0, 72.0, {"zlen", "zwei", "zwfl", "zbmi"}),
        (1, 2000, 9.0, 72.0, {"zlen", "zwei", "zwfl", "zbmi"}),
        (1, np.inf, 9.0, 72.0, {"zlen", "zwei", "zwfl", "zbmi"}),
        (1, NAN, 9.0, 72.0, {"zlen", "zwei", "zbmi"}),
    ],
)
def test_bad_values_give_nan_only_where_they_matter(sex, age, weight, length, nan_keys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning either
        r = zscores(np.array([sex], dtype=object), age, weight, length, "l", "n")
    for key in ("zlen", "zwei", "zwfl", "zbmi"):
        assert bool(np.isnan(r[key][0])) == (key in nan_keys), key


def test_bad_text_in_numeric_arrays_becomes_nan():
    r = zscores(1, 365, np.array(["abc", "9.0", None], dtype=object), 72.0, "l", "n")
    assert np.isnan(r["zwei"][0]) and r["zwei"][1] == -0.63 and np.isnan(r["zwei"][2])


# --- inputs: scalars, arrays, codes ---------------------------------------------------


def test_scalars_give_zero_dimensional_arrays():
    r = zscores(1, 365, 9.0, 72.0, "l", "n")
    assert r["zlen"].shape == ()
    assert r["flen"].dtype == bool


def test_arrays_match_one_at_a_time_and_keep_shape():
    sex = np.array([[1, 2], [2, 1]])
    age = np.array([[100, 400], [800, 1500]])
    weight = np.array([[6.0, 9.5], [12.0, 16.0]])
    length = np.array([[60.0, 76.0], [88.0, 100.0]])
    batch = zscores(sex, age, weight, length, "", "n")
    assert batch["zwfl"].shape == (2, 2)
    for i in range(2):
        for j in range(2):
            single = zscores(sex[i, j], age[i, j], weight[i, j], length[i, j], "", "n")
            for key in ("zlen", "zwei", "zwfl", "zbmi"):
                assert batch[key][i, j] == single[key]


def test_text_codes_any_case_and_words():
    r = zscores(["L", "P", "m", "F", "1", "2"], 365, 9.0, 72.0, "l", "n")
    assert r["zlen"][0] == r["zlen"][2] == r["zlen"][4]  # male
    assert r["zlen"][1] == r["zlen"][3] == r["zlen"][5]  # female
    assert r["zlen"][0] != r["zlen"][1]
    measures = np.array(["H", " h ", "berdiri", "L", "terlentang", "?"], dtype=object)
    c = zscores(1, 730, 11.0, 85.0, measures, "n")["clenhei"]
    assert c.tolist() == pytest.approx([85.7, 85.7, 85.7, 85.0, 85.0, 85.0])


def test_result_keys():
    r = zscores(1, 365, 9.0, 72.0, "l", "n")
    assert set(r) == {
        "clenhei", "cbmi", "c9mo_flag",
        "zlen", "zwei", "zwfl", "zbmi", "zhc", "zac",
        "flen", "fwei", "fwfl", "fbmi", "fhc", "fac",
    }  # fmt: skip
