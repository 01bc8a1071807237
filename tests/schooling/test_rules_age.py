"""Age in completed years and the filial/kesetaraan pathway, leap days included."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.schooling.rules import DEFAULT_MAX_AGE, age_in_years, pathway

JAKARTA = dt.timezone(dt.timedelta(hours=7))


def test_domain_note_example_22nd_birthday_is_filial_23rd_is_paket():
    born = dt.date(2003, 5, 10)
    assert pathway(birth_date=born, on=dt.date(2025, 5, 10)) == "filial"
    assert pathway(birth_date=born, on=dt.date(2026, 5, 10)) == "kesetaraan"


def test_the_day_before_the_23rd_birthday_is_still_filial():
    # Born 2003-05-10; on 2026-05-09 the 23rd birthday is one day away: age 22.
    born = dt.date(2003, 5, 10)
    assert age_in_years(birth_date=born, on=dt.date(2026, 5, 9)) == 22
    assert pathway(birth_date=born, on=dt.date(2026, 5, 9)) == "filial"


def test_default_max_age_is_poltabes_22():
    assert DEFAULT_MAX_AGE == 22


def test_region_max_age_moves_the_boundary_inclusively():
    # Born 2005-01-15; on 2025-01-15 age 20.
    born = dt.date(2005, 1, 15)
    on = dt.date(2025, 1, 15)
    assert pathway(birth_date=born, on=on, max_age=20) == "filial"
    assert pathway(birth_date=born, on=on, max_age=19) == "kesetaraan"
    assert pathway(birth_date=born, on=on, max_age=0) == "kesetaraan"


def test_a_young_child_is_filial():
    born = dt.date(2018, 7, 1)
    assert pathway(birth_date=born, on=dt.date(2025, 7, 1)) == "filial"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (dt.date(2010, 3, 15), dt.date(2010, 3, 15), 0),  # the day of birth
        (dt.date(2010, 3, 15), dt.date(2011, 3, 14), 0),  # one day short of a year
        (dt.date(2010, 3, 15), dt.date(2011, 3, 15), 1),
        (dt.date(2010, 12, 31), dt.date(2025, 1, 1), 14),  # 2025-2010 = 15, birthday not yet
        (dt.date(2010, 1, 1), dt.date(2024, 12, 31), 14),  # 2024-2010 = 14, birthday passed
        (dt.date(2000, 6, 30), dt.date(2025, 7, 1), 25),
    ],
)
def test_age_in_completed_years(born, on, age):
    assert age_in_years(birth_date=born, on=on) == age


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (dt.date(2025, 2, 28), 20),  # common year: 29 Feb not reached yet
        (dt.date(2025, 3, 1), 21),  # the birthday counts from 1 March in common years
        (dt.date(2028, 2, 28), 23),  # leap year: the day before the real birthday
        (dt.date(2028, 2, 29), 24),  # leap year: the birthday itself
    ],
)
def test_leap_day_birthday_counts_from_1_march_in_common_years(on, age):
    assert age_in_years(birth_date=dt.date(2004, 2, 29), on=on) == age


def test_leap_day_child_turning_23_is_kesetaraan_only_from_1_march():
    # Born 2004-02-29: 23 on 2027-03-01 (2027 is a common year), 22 the day before.
    born = dt.date(2004, 2, 29)
    assert pathway(birth_date=born, on=dt.date(2027, 2, 28)) == "filial"
    assert pathway(birth_date=born, on=dt.date(2027, 3, 1)) == "kesetaraan"


def test_birth_after_the_date_is_refused():
    with pytest.raises(ValueError, match="birth_date"):
        age_in_years(birth_date=dt.date(2025, 1, 2), on=dt.date(2025, 1, 1))
    with pytest.raises(ValueError, match="birth_date"):
        pathway(birth_date=dt.date(2025, 1, 2), on=dt.date(2025, 1, 1))


@pytest.mark.parametrize("bad", [None, "2003-05-10", 20030510])
def test_a_birth_date_that_is_not_a_date_is_refused(bad):
    with pytest.raises(ValueError, match="birth_date"):
        pathway(birth_date=bad, on=dt.date(2025, 1, 1))


def test_a_datetime_is_refused_because_its_day_depends_on_the_zone():
    moment = dt.datetime(2025, 5, 10, 20, 0, tzinfo=JAKARTA)
    with pytest.raises(ValueError, match="on"):
        pathway(birth_date=dt.date(2003, 5, 10), on=moment)


@pytest.mark.parametrize("bad", [-1, 22.5, None, True])
def test_a_max_age_that_is_not_a_whole_number_is_refused(bad):
    with pytest.raises(ValueError, match="max_age"):
        pathway(birth_date=dt.date(2003, 5, 10), on=dt.date(2025, 5, 10), max_age=bad)


def test_pathway_is_keyword_only():
    with pytest.raises(TypeError):
        pathway(dt.date(2003, 5, 10), dt.date(2025, 5, 10))  # type: ignore[misc]


@given(
    born=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2030, 12, 31)),
    years=st.integers(min_value=0, max_value=60),
)
def test_age_on_each_birthday_is_the_years_passed(born, years):
    # The birthday in a later year; 29 Feb falls back to 1 Mar in common years.
    try:
        birthday = born.replace(year=born.year + years)
    except ValueError:
        birthday = dt.date(born.year + years, 3, 1)
    assert age_in_years(birth_date=born, on=birthday) == years
    if birthday > born:
        assert age_in_years(birth_date=born, on=birthday - dt.timedelta(days=1)) == years - 1


@given(
    born=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2030, 12, 31)),
    first=st.integers(min_value=0, max_value=40_000),
    second=st.integers(min_value=0, max_value=40_000),
    max_age=st.integers(min_value=0, max_value=60),
)
def test_age_never_falls_and_pathway_never_goes_back_to_filial(born, first, second, max_age):
    early = born + dt.timedelta(days=min(first, second))
    late = born + dt.timedelta(days=max(first, second))
    assert age_in_years(birth_date=born, on=early) <= age_in_years(birth_date=born, on=late)
    if pathway(birth_date=born, on=early, max_age=max_age) == "kesetaraan":
        assert pathway(birth_date=born, on=late, max_age=max_age) == "kesetaraan"
    # The pathway agrees with the age it is built on.
    age = age_in_years(birth_date=born, on=late)
    expected = "filial" if age <= max_age else "kesetaraan"
    assert pathway(birth_date=born, on=late, max_age=max_age) == expected
