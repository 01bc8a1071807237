"""Permenkes 2/2020 category boundaries, inclusive and exclusive exactly as the regulation says."""

from __future__ import annotations

import numpy as np
import pytest

from replika.nutrition.growth import (
    classify,
    classify_bmi_for_age,
    classify_length_for_age,
    classify_weight_for_age,
    classify_weight_for_length,
    zscores,
)

# PB/U-TB/U: sangat pendek < -3; pendek -3 to < -2; normal -2 to +3; tinggi > +3.
LENGTH_CASES = [
    (-6.5, "sangat_pendek"),
    (-3.01, "sangat_pendek"),
    (-3.0, "pendek"),
    (-2.01, "pendek"),
    (-2.0, "normal"),
    (0.0, "normal"),
    (3.0, "normal"),
    (3.01, "tinggi"),
    (np.nan, ""),
]

# BB/U: sangat kurang < -3; kurang -3 to < -2; normal -2 to +1; risiko berat badan lebih > +1.
WEIGHT_CASES = [
    (-3.01, "sangat_kurang"),
    (-3.0, "kurang"),
    (-2.01, "kurang"),
    (-2.0, "normal"),
    (1.0, "normal"),
    (1.01, "risiko_lebih"),
    (5.0, "risiko_lebih"),
    (np.nan, ""),
]

# BB/PB-BB/TB and IMT/U: gizi buruk < -3; gizi kurang -3 to < -2; gizi baik -2 to +1;
# berisiko gizi lebih > +1 to +2; gizi lebih > +2 to +3; obesitas > +3.
WASTING_CASES = [
    (-3.01, "gizi_buruk"),
    (-3.0, "gizi_kurang"),
    (-2.01, "gizi_kurang"),
    (-2.0, "gizi_baik"),
    (1.0, "gizi_baik"),
    (1.01, "risiko_gizi_lebih"),
    (2.0, "risiko_gizi_lebih"),
    (2.01, "gizi_lebih"),
    (3.0, "gizi_lebih"),
    (3.01, "obesitas"),
    (np.nan, ""),
]


@pytest.mark.parametrize(("z", "expected"), LENGTH_CASES)
def test_length_for_age_boundaries(z, expected):
    assert classify_length_for_age(z) == expected


@pytest.mark.parametrize(("z", "expected"), WEIGHT_CASES)
def test_weight_for_age_boundaries(z, expected):
    assert classify_weight_for_age(z) == expected


@pytest.mark.parametrize(("z", "expected"), WASTING_CASES)
def test_weight_for_length_boundaries(z, expected):
    assert classify_weight_for_length(z) == expected


@pytest.mark.parametrize(("z", "expected"), WASTING_CASES)
def test_bmi_for_age_boundaries(z, expected):
    assert classify_bmi_for_age(z) == expected


def test_arrays_are_classified_elementwise():
    z = np.array([c[0] for c in WASTING_CASES])
    assert classify_weight_for_length(z).tolist() == [c[1] for c in WASTING_CASES]


def test_classify_takes_the_zscores_result():
    r = zscores([1, 1], [365, 365], [9.0, 6.0], [72.0, 60.0], "l", ["n", "y"])
    cats = classify(r)
    assert set(cats) == {"cat_zlen", "cat_zwei", "cat_zwfl", "cat_zbmi"}
    # row 0: zlen -1.57, zwei -0.63, zbmi 0.41; row 1: zlen -6.62, oedema -> weight z blank
    assert cats["cat_zlen"].tolist() == ["normal", "sangat_pendek"]
    assert cats["cat_zwei"].tolist() == ["normal", ""]
    assert cats["cat_zbmi"].tolist() == ["gizi_baik", ""]
    assert cats["cat_zwfl"][1] == ""


def test_classify_uses_reported_two_decimal_value():
    # zlen rounds to exactly -2.00 (normal) even though the unrounded value is below -2:
    # L=1 boy 365 d (M=75.7391, S=0.03137): length M (1 + S * -2.004) gives z -2.004.
    r = zscores(1, 365, np.nan, 75.7391 * (1 + 0.03137 * -2.004), "l", "n")
    assert float(r["zlen"]) == -2.0
    assert classify(r)["cat_zlen"] == "normal"


@pytest.mark.parametrize(
    ("zbfa", "category"),
    [
        (-3.01, "gizi_buruk"),
        (-3.0, "gizi_kurang"),
        (-2.01, "gizi_kurang"),
        (-2.0, "gizi_baik"),
        (1.0, "gizi_baik"),
        (1.01, "gizi_lebih"),
        (2.0, "gizi_lebih"),
        (2.01, "obesitas"),
        (float("nan"), ""),
    ],
)
def test_permenkes_imt_u_for_5_to_18_years(zbfa, category):
    from replika.nutrition.growth import classify_bmi_for_age_5_18

    assert classify_bmi_for_age_5_18(zbfa).item() == category
