"""BPS indicators: APK, APM, APS and the dropout rate, with half-up rounding."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.schooling.rules import (
    AGE_BANDS,
    DROPOUT_BASES,
    dropout_rate,
    enrolment_rates,
    level_of_age,
)


def test_domain_note_example_gives_apk_105_apm_94_aps_97():
    # Note: pop 7-12 = 10,000; SD/MI/Paket A pupils 10,500 of whom 9,400 aged 7-12;
    # 7-12s in any school 9,700.
    rates = enrolment_rates(
        population=10_000,
        pupils_at_level=10_500,
        pupils_at_level_of_age=9_400,
        of_age_in_school=9_700,
    )
    assert rates == {"apk": 105.00, "apm": 94.00, "aps": 97.00}


def test_enrolment_rates_round_half_up_to_two_decimals():
    # Population 8: APK 9/8 = 112.5; APM 1/8 = 12.5; APS 3/8 = 37.5 (exact, no rounding).
    assert enrolment_rates(
        population=8, pupils_at_level=9, pupils_at_level_of_age=1, of_age_in_school=3
    ) == {"apk": 112.5, "apm": 12.5, "aps": 37.5}
    # Population 200,000: APM 4,690/200,000 = 2.345 % → 2.35 (half-up; banker's gives 2.34);
    # APS 4,709/200,000 = 2.3545 % → 2.35; APK 4,709/200,000 likewise 2.35.
    assert enrolment_rates(
        population=200_000,
        pupils_at_level=4_709,
        pupils_at_level_of_age=4_690,
        of_age_in_school=4_709,
    ) == {"apk": 2.35, "apm": 2.35, "aps": 2.35}


def test_enrolment_rates_repeating_fractions_round_to_nearest():
    # Population 3: APK 2/3 = 66.666… → 66.67 (truncation would give 66.66);
    # APM 1/3 = 33.333… → 33.33; APS 1/3 → 33.33.
    assert enrolment_rates(
        population=3, pupils_at_level=2, pupils_at_level_of_age=1, of_age_in_school=1
    ) == {"apk": 66.67, "apm": 33.33, "aps": 33.33}


def test_apk_may_pass_100_with_over_age_pupils():
    # 12,000 pupils over a band of 10,000 people = 120 %; of them 9,000 of age = 90 %.
    rates = enrolment_rates(
        population=10_000,
        pupils_at_level=12_000,
        pupils_at_level_of_age=9_000,
        of_age_in_school=9_500,
    )
    assert rates["apk"] == 120.0
    assert rates["apm"] == 90.0
    assert rates["aps"] == 95.0


def test_full_enrolment_is_exactly_100():
    rates = enrolment_rates(
        population=500, pupils_at_level=500, pupils_at_level_of_age=500, of_age_in_school=500
    )
    assert rates == {"apk": 100.0, "apm": 100.0, "aps": 100.0}


def test_zero_population_gives_none_for_every_rate():
    assert enrolment_rates(
        population=0, pupils_at_level=0, pupils_at_level_of_age=0, of_age_in_school=0
    ) == {"apk": None, "apm": None, "aps": None}
    # Pupils entered before the population figure: still nothing to divide by.
    assert enrolment_rates(
        population=0, pupils_at_level=40, pupils_at_level_of_age=30, of_age_in_school=35
    ) == {"apk": None, "apm": None, "aps": None}


def test_no_pupils_gives_zero_rates():
    assert enrolment_rates(
        population=1_000, pupils_at_level=0, pupils_at_level_of_age=0, of_age_in_school=0
    ) == {"apk": 0.0, "apm": 0.0, "aps": 0.0}


def test_rates_are_floats():
    rates = enrolment_rates(
        population=7, pupils_at_level=5, pupils_at_level_of_age=4, of_age_in_school=6
    )
    assert all(type(value) is float for value in rates.values())


@pytest.mark.parametrize(
    "argument", ["population", "pupils_at_level", "pupils_at_level_of_age", "of_age_in_school"]
)
def test_negative_counts_are_refused_by_name(argument):
    counts = {
        "population": 100,
        "pupils_at_level": 50,
        "pupils_at_level_of_age": 40,
        "of_age_in_school": 45,
    }
    counts[argument] = -1
    with pytest.raises(ValueError, match=argument):
        enrolment_rates(**counts)


@pytest.mark.parametrize(
    "bad", [None, True, 1.5, float("nan"), float("inf"), "100", Decimal("2.5")]
)
def test_counts_that_are_not_whole_numbers_are_refused(bad):
    with pytest.raises(ValueError, match="population"):
        enrolment_rates(
            population=bad, pupils_at_level=1, pupils_at_level_of_age=1, of_age_in_school=1
        )


def test_whole_numbers_from_spreadsheets_and_numpy_are_accepted():
    # 50/200 = 25 %; 40/200 = 20 %; 45/200 = 22.5 %.
    rates = enrolment_rates(
        population=np.int64(200),
        pupils_at_level=50.0,
        pupils_at_level_of_age=Decimal("40"),
        of_age_in_school=np.int32(45),
    )
    assert rates == {"apk": 25.0, "apm": 20.0, "aps": 22.5}


def test_pupils_of_age_cannot_outnumber_pupils_at_level():
    with pytest.raises(ValueError, match="pupils_at_level_of_age"):
        enrolment_rates(
            population=1_000, pupils_at_level=90, pupils_at_level_of_age=91, of_age_in_school=95
        )


def test_pupils_of_age_at_level_cannot_outnumber_the_age_band_in_school():
    with pytest.raises(ValueError, match="of_age_in_school"):
        enrolment_rates(
            population=1_000, pupils_at_level=95, pupils_at_level_of_age=91, of_age_in_school=90
        )


def test_aps_above_100_is_refused():
    # 1,001 people of the band in school out of a band of 1,000 contradicts the definition.
    with pytest.raises(ValueError, match="of_age_in_school"):
        enrolment_rates(
            population=1_000,
            pupils_at_level=1_001,
            pupils_at_level_of_age=900,
            of_age_in_school=1_001,
        )


def test_enrolment_rates_are_keyword_only():
    with pytest.raises(TypeError):
        enrolment_rates(10, 10, 10, 10)  # type: ignore[misc]


@given(
    population=st.integers(min_value=1, max_value=10**7),
    data=st.data(),
)
def test_rate_invariants(population, data):
    in_school = data.draw(st.integers(min_value=0, max_value=population))
    of_age = data.draw(st.integers(min_value=0, max_value=in_school))
    at_level = data.draw(st.integers(min_value=of_age, max_value=3 * population))
    rates = enrolment_rates(
        population=population,
        pupils_at_level=at_level,
        pupils_at_level_of_age=of_age,
        of_age_in_school=in_school,
    )
    apk, apm, aps = rates["apk"], rates["apm"], rates["aps"]
    assert apk is not None and apm is not None and aps is not None
    # APM never exceeds APS (subset of the band's people in school) nor APK (subset of
    # the pupils at the level); APS never passes 100.
    assert 0 <= apm <= aps <= 100
    assert apm <= apk
    # Each rate is within half a hundredth of the exact ratio.
    assert abs(Decimal(str(apk)) - Decimal(at_level * 100) / population) <= Decimal("0.005")
    assert round(apm, 2) == apm


def test_domain_note_dropout_example_is_two_percent():
    # 60 of 3,000 ever enrolled = 2.00 %.
    assert dropout_rate(left=60, ever_enrolled=3_000) == 2.00


def test_dropout_rate_rounds_half_up():
    # 1/8 = 12.5 % exactly; 1/3 = 33.333… → 33.33; 2/3 = 66.666… → 66.67;
    # 469/200,000 = 0.2345 % → 0.23 (the third decimal is 4); 4,690/200,000 = 2.345 → 2.35.
    assert dropout_rate(left=1, ever_enrolled=8) == 12.5
    assert dropout_rate(left=1, ever_enrolled=3) == 33.33
    assert dropout_rate(left=2, ever_enrolled=3) == 66.67
    assert dropout_rate(left=469, ever_enrolled=200_000) == 0.23
    assert dropout_rate(left=4_690, ever_enrolled=200_000) == 2.35
    # 1/160,000 = 0.000625 % → 0.00; 8/1,000 = 0.8 % → 0.8.
    assert dropout_rate(left=1, ever_enrolled=160_000) == 0.0
    # 201/20,000 = 1.005 % → 1.01; float rounding would give 1.0 (1.005 is 1.00499… in binary).
    assert dropout_rate(left=201, ever_enrolled=20_000) == 1.01
    assert dropout_rate(left=8, ever_enrolled=1_000) == 0.8


def test_dropout_rate_boundaries():
    assert dropout_rate(left=0, ever_enrolled=50) == 0.0
    assert dropout_rate(left=50, ever_enrolled=50) == 100.0


def test_dropout_rate_is_none_when_nobody_was_enrolled():
    assert dropout_rate(left=0, ever_enrolled=0) is None


def test_more_dropouts_than_enrolled_is_refused():
    with pytest.raises(ValueError, match="left"):
        dropout_rate(left=61, ever_enrolled=60)
    with pytest.raises(ValueError, match="left"):
        dropout_rate(left=1, ever_enrolled=0)


@pytest.mark.parametrize(("left", "ever", "name"), [(-1, 10, "left"), (1, -10, "ever_enrolled")])
def test_negative_dropout_counts_are_refused_by_name(left, ever, name):
    with pytest.raises(ValueError, match=name):
        dropout_rate(left=left, ever_enrolled=ever)


@given(st.integers(min_value=1, max_value=10**9), st.data())
def test_dropout_rate_stays_between_0_and_100_and_grows_with_dropouts(ever, data):
    left = data.draw(st.integers(min_value=0, max_value=ever - 1))
    lower = dropout_rate(left=left, ever_enrolled=ever)
    higher = dropout_rate(left=left + 1, ever_enrolled=ever)
    assert lower is not None and higher is not None
    assert 0 <= lower <= higher <= 100


@pytest.mark.parametrize(
    ("age", "level"),
    [
        (2, None),
        (3, "PAUD"),
        (6, "PAUD"),
        (7, "SD"),
        (12, "SD"),
        (13, "SMP"),
        (15, "SMP"),
        (16, "SM"),
        (18, "SM"),
        (19, "PT"),
        (24, "PT"),
        (25, None),
    ],
)
def test_age_bands_follow_bps_with_both_ends_included(age, level):
    assert level_of_age(age) == level


def test_age_bands_do_not_overlap():
    ages = [age for low, high in AGE_BANDS.values() for age in range(low, high + 1)]
    assert len(ages) == len(set(ages))


def test_dropout_bases_name_both_variants():
    assert set(DROPOUT_BASES) == {"age_band", "school_flow"}
