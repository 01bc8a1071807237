"""Pure rules: KBM growth codes (N/T/B/O), 2T, KEK, anaemia, NIK checks, name keys."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from replika.nutrition import rules

DAYS_PER_MONTH = 30.4375


def days(months: float) -> int:
    return int(months * DAYS_PER_MONTH) + 1


@pytest.mark.parametrize(
    ("months", "grams"),
    [
        (0, None),
        (1, 800),
        (2, 900),
        (3, 800),
        (4, 600),
        (5, 500),
        (6, 400),
        (8, 300),
        (10, 300),
        (11, 200),
        (40, 200),
    ],
)
def test_kbm_follows_the_kms_table(months, grams):
    assert rules.kbm_grams(months) == grams


@pytest.mark.parametrize(
    ("weight", "previous", "age_days", "last_month", "code"),
    [
        (None, 8.0, days(6), True, ""),  # not weighed
        (8.0, None, days(6), True, "B"),  # first weighing
        (8.5, 8.0, days(6), False, "O"),  # a gap: no N/T
        (8.4, 8.0, days(6), True, "N"),  # exactly the 400 g KBM at 6 months
        (8.39, 8.0, days(6), True, "T"),  # 390 g
        (10.2, 10.0, days(17), True, "N"),  # 200 g from 11 months on
        (10.1, 10.0, days(17), True, "T"),
        (10.0, 10.0, days(17), True, "T"),  # same weight is not up
        (3.6, 3.5, 20, True, "N"),  # first month: any gain counts
        (3.5, 3.5, 20, True, "T"),
    ],
)
def test_growth_code_against_kbm(weight, previous, age_days, last_month, code):
    assert rules.growth_code(weight, previous, age_days, last_month) == code


def test_two_t_is_not_gaining_twice_in_a_row():
    assert rules.is_two_t("T", "T")
    assert not rules.is_two_t("T", "N")
    assert not rules.is_two_t("T", "O")
    assert not rules.is_two_t("N", "T")


def test_kek_and_anaemia_are_strictly_below_the_thresholds():
    assert rules.is_kek(Decimal("23.4"))
    assert not rules.is_kek(23.5)
    assert not rules.is_kek(None)
    assert rules.is_kek(23.9, threshold=24)
    assert rules.is_anaemic(10.9)
    assert not rules.is_anaemic(Decimal("11.0"))
    assert rules.is_anaemic(11.9, threshold=rules.ANAEMIA_HB_ADOLESCENT)
    assert not rules.is_anaemic(None)


@pytest.mark.parametrize(
    ("nik", "birth", "female", "code"),
    [
        ("1371021503240001", dt.date(2024, 3, 15), False, ""),
        ("1371025503240001", dt.date(2024, 3, 15), True, ""),
        ("137102150324000", None, None, "nik_length"),
        ("13710215032400a1", None, None, "nik_length"),
        ("0971021503240001", None, None, "nik_province"),
        ("1371023213240001", None, None, "nik_birth_digits"),
        ("1371021503240001", dt.date(2024, 3, 16), None, "nik_birth_date"),
        ("1371021503240001", None, True, "nik_sex"),
        ("1371021503240000", None, None, "nik_serial"),
    ],
)
def test_nik_code(nik, birth, female, code):
    assert rules.nik_code(nik, birth, female) == code
    assert code in (*rules.NIK_CODES, "")


def test_nik_problem_keeps_the_importers_wording():
    assert rules.nik_problem("1371021503240001", dt.date(2024, 3, 16)) == (
        "birth date in the NIK differs from the birth date"
    )
    assert rules.nik_problem("1371021503240001") == ""


def test_name_key_folds_case_accents_titles_and_spaces():
    assert rules.name_key("  Siti  AISYAH ") == "siti aisyah"
    assert rules.name_key("Zoë M. Putri") == "zoe m putri"
    assert rules.name_key("Hj. Nurul") == rules.name_key("hj nurul")


def test_periods_and_ages():
    assert rules.period_of(dt.date(2026, 6, 15)) == dt.date(2026, 6, 1)
    assert rules.previous_period(dt.date(2026, 1, 1)) == dt.date(2025, 12, 1)
    assert rules.next_period(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert rules.age_in_days(dt.date(2024, 2, 28), dt.date(2024, 3, 1)) == 2
    assert rules.age_in_months(730) == 23
    assert rules.age_in_months(731) == 24
