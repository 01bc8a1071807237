"""Pure rules added with the module: identity checks, placement, early warning, zero target."""

from __future__ import annotations

import datetime as dt

import pytest

from replika.schooling.rules import identity, placement, warning


@pytest.mark.parametrize(
    ("nik", "birth", "female", "code"),
    [
        ("1305011005120001", dt.date(2012, 5, 10), False, ""),
        ("1305015005120001", dt.date(2012, 5, 10), True, ""),
        ("130501100512000", None, None, identity.NIK_LENGTH),
        ("9905011005120001", None, None, identity.NIK_PROVINCE),
        ("1305013102120001", None, None, identity.NIK_BIRTH_DIGITS),
        ("1305011005120000", None, None, identity.NIK_SERIAL),
        ("1305011005120001", dt.date(2012, 5, 11), None, identity.NIK_BIRTH_DATE),
        ("1305011005120001", dt.date(2012, 5, 10), True, identity.NIK_SEX),
        ("1305016902000001", dt.date(2000, 2, 29), True, ""),
    ],
)
def test_nik_problems(nik, birth, female, code):
    assert identity.nik_problem(nik, birth_date=birth, female=female) == code


def test_family_card_and_name_key():
    assert identity.kk_problem("1305010101010001") == ""
    assert identity.kk_problem("12") == identity.KK_LENGTH
    assert identity.kk_problem("0005010101010001") == identity.KK_PROVINCE
    assert identity.name_key("  Rafi   CHANIAGO-putra ") == "rafi chaniago putra"


@pytest.mark.parametrize(
    ("ats", "last", "level"),
    [("never", "", "SD"), ("do", "SMP", "SMP"), ("ltm", "SD", "SMP"), ("ltm", "SMP", "SMA")],
)
def test_level_to_return(ats, last, level):
    assert placement.school_level_to_return(ats_type=ats, last_level=last) == level


def test_a_child_who_finished_sma_has_no_level_to_return_to():
    with pytest.raises(ValueError, match=placement.LTM_AFTER_SMA):
        placement.school_level_to_return(ats_type="ltm", last_level="SMA")


def test_routes_and_levels():
    assert placement.routes_allowed("filial") == ("filial", "regular")
    assert placement.routes_allowed("kesetaraan") == ("kesetaraan",)
    assert placement.level_for("kesetaraan", "SMP") == "PAKET_B"
    assert placement.level_for("filial", "SMP") == "SMP"


def test_placement_problem_and_nearest():
    seats = {"SMP": (2, 2), "SD": (5, 1)}
    assert placement.placement_problem(level="SMP", place_levels=seats) == placement.NO_ROOM
    assert placement.placement_problem(level="SMA", place_levels=seats) == placement.WRONG_LEVEL
    assert placement.placement_problem(level="SD", place_levels=seats) == ""
    cands = [
        placement.Candidate(1, "13.05.02.2001", 10),
        placement.Candidate(2, "13.05.01.2002", 1),
        placement.Candidate(3, "13.05.01.2001", 0),
        placement.Candidate(4, "13.05.01.2001", 3),
    ]
    assert [c.place_id for c in placement.nearest("13.05.01.2001", cands)] == [4, 2, 1]


def test_grade_problem():
    assert placement.grade_problem("SMP", 7) == ""
    assert placement.grade_problem("SMP", 3) == placement.GRADE_OUT_OF_LEVEL
    assert placement.grade_problem("", 3) == ""


def test_warning_score_and_level():
    score = warning.warning_score(
        attendance=60.0, threshold=75.0, repeated_grades=1, poverty_flags=2
    )
    assert score == 3 + 2 + 2
    assert warning.warning_level(score) == warning.HIGH
    assert warning.warning_level(3) == warning.MEDIUM
    assert warning.warning_level(2) == warning.LOW
    assert (
        warning.warning_score(attendance=30.0, threshold=75.0, repeated_grades=0, poverty_flags=0)
        == 4
    )
    assert (
        warning.warning_score(attendance=75.0, threshold=75.0, repeated_grades=0, poverty_flags=0)
        == 0
    )
    with pytest.raises(ValueError, match="repeated_grades"):
        warning.warning_score(attendance=None, threshold=75, repeated_grades=-1, poverty_flags=0)


def test_progress_to_zero_of_poltabes():
    # Kota Palembang: 1,278 out of school, 491 left two years later.
    assert warning.progress_to_zero(baseline=1278, remaining=491) == 61.58
    assert warning.progress_to_zero(baseline=0, remaining=0) is None
    assert warning.progress_to_zero(baseline=10, remaining=20) == 0.0
