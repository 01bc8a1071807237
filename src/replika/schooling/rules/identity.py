"""NIK and family-card (KK) checks: plain strings in, a problem code (or "") out."""

from __future__ import annotations

import datetime as dt
import re

NIK_LENGTH = "nik_length"
NIK_PROVINCE = "nik_province"
NIK_BIRTH_DIGITS = "nik_birth_digits"
NIK_BIRTH_DATE = "nik_birth_date"
NIK_SEX = "nik_sex"
NIK_SERIAL = "nik_serial"
KK_LENGTH = "kk_length"
KK_PROVINCE = "kk_province"

# Kemendagri province codes run from 11 (Aceh) to 96 (the Papua provinces of 2022).
_PROVINCES = range(11, 97)


def _birth_of(digits: str) -> tuple[dt.date | None, bool]:
    """The birth date in NIK digits 7-12 and whether it is a woman's (day + 40)."""
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    female = day > 40
    if female:
        day -= 40
    # Only the last two digits of the year are known; 2000 + yy is a leap year whenever
    # 19yy or 20yy could hold a 29 February, so the day is checked in the kinder century.
    try:
        return dt.date(2000 + year, month, day), female
    except ValueError:
        return None, female


def nik_problem(nik: str, *, birth_date: dt.date | None = None, female: bool | None = None) -> str:
    """Why a NIK cannot be right ("" when it may be): its length, province, birth digits, sex.

    The birth date of the NIK is compared by day and month and the last two digits of the
    year, so that a child of 2010 and one of 1910 read alike (the NIK cannot tell them apart).
    """
    if len(nik) != 16 or not nik.isdigit():
        return NIK_LENGTH
    if int(nik[:2]) not in _PROVINCES:
        return NIK_PROVINCE
    born, is_female = _birth_of(nik[6:12])
    if born is None:
        return NIK_BIRTH_DIGITS
    if nik[12:] == "0000":
        return NIK_SERIAL
    if birth_date is not None and (born.day, born.month, born.year % 100) != (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        return NIK_BIRTH_DATE
    if female is not None and female != is_female:
        return NIK_SEX
    return ""


def kk_problem(no_kk: str) -> str:
    """Why a family-card number cannot be right ("" when it may be)."""
    if len(no_kk) != 16 or not no_kk.isdigit():
        return KK_LENGTH
    if int(no_kk[:2]) not in _PROVINCES:
        return KK_PROVINCE
    return ""


# Runs of anything but letters and digits. ``\w`` is str.isalnum() plus "_", so with "_"
# added back this folds exactly what a character-by-character isalnum() test would.
_NOT_ALNUM = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """A name folded for duplicate search: lower case, letters and digits, single spaces.

    An import folds two names per row (the child's and the guardian's), so this runs one
    regular expression over the name rather than a Python test per character.
    """
    return _NOT_ALNUM.sub(" ", name.casefold()).strip()
