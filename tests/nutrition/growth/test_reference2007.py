"""WHO Growth Reference 2007 (5-19 years): WHO's own test survey, reproduced to 0.01."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from replika.nutrition.growth import zscores_5_19

SURVEY = Path(__file__).parent / "data" / "survey_who2007_z.csv"
KEYS = ("zhfa", "zwfa", "zbfa", "fhfa", "fwfa", "fbfa")


def _survey() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    with SURVEY.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def column(name: str) -> np.ndarray:
        return np.array([float(r[name]) if r[name] not in ("", "NA") else np.nan for r in rows])

    given = {
        "sex": np.array([int(r["sex"]) for r in rows]),
        "age": column("agemons"),
        "weight": column("weight"),
        "height": column("height"),
        "oedema": np.array([r["oedema"] for r in rows], dtype=object),
    }
    return given, {key: column(key) for key in KEYS}


def test_who_test_survey_is_reproduced_value_for_value():
    given, expected = _survey()
    got = zscores_5_19(
        given["sex"], given["age"], given["weight"], given["height"], given["oedema"]
    )
    assert len(given["age"]) > 400
    for key in KEYS:
        np.testing.assert_array_equal(np.isnan(got[key]), np.isnan(expected[key]), err_msg=key)
        both = ~np.isnan(expected[key])
        np.testing.assert_allclose(got[key][both], expected[key][both], atol=0.005, err_msg=key)


def test_the_survey_covers_the_edges_that_matter():
    given, expected = _survey()
    # Ages just below 121 months still have weight-for-age; the 229th month has none.
    assert np.any((given["age"] > 120) & (given["age"] < 121) & ~np.isnan(expected["zwfa"]))
    assert np.any((given["age"] > 228) & ~np.isnan(expected["zhfa"]))
    assert np.any(given["oedema"] == "y")
    assert np.nansum(expected["fwfa"]) >= 1


@pytest.mark.parametrize(
    ("age", "has_hfa", "has_wfa"),
    [
        (60.9, False, False),
        (61.0, True, True),
        (120.99, True, True),
        (121.0, True, False),
        (228.99, True, False),
        (229.0, False, False),
    ],
)
def test_ages_outside_the_reference_have_no_z_score(age, has_hfa, has_wfa):
    r = zscores_5_19(2, age, 30.0, 140.0)
    assert (not np.isnan(r["zhfa"])) is has_hfa
    assert (not np.isnan(r["zbfa"])) is has_hfa
    assert (not np.isnan(r["zwfa"])) is has_wfa


def test_a_whole_month_reads_its_row_and_a_fraction_interpolates():
    # hfawho2007.txt, girls: month 120 L 1, M 138.6363, S 0.04614; month 121 M 139.1575,
    # S 0.04612. At 120.5 months M = 138.8969 and S = 0.04613, so 138.6363 cm gives
    # (138.6363 / 138.8969 - 1) / 0.04613 = -0.0407 -> -0.04.
    assert float(zscores_5_19(2, 120, np.nan, 138.6363)["zhfa"]) == 0.0
    assert float(zscores_5_19(2, 120.5, np.nan, 138.6363)["zhfa"]) == -0.04


def test_oedema_removes_the_weight_based_scores_only():
    r = zscores_5_19("P", 100, 25.0, 130.0, "y")
    assert np.isnan(r["zwfa"]) and np.isnan(r["zbfa"])
    assert np.isnan(r["fwfa"]) and np.isnan(r["fbfa"])
    assert not np.isnan(r["zhfa"])
    assert r["fhfa"] == 0.0


def test_scalars_words_and_bad_values():
    r = zscores_5_19("L", 150, "40", 150)
    assert r["zhfa"].shape == ()
    assert not np.isnan(r["zbfa"])
    bad = zscores_5_19([1, 3, 1], 150, [40, 40, -1], [150, 150, 150])
    assert np.isnan(bad["zhfa"][1])  # sex 3 is unknown
    assert np.isnan(bad["zwfa"][2]) and np.isnan(bad["zbfa"][2])  # a negative weight
