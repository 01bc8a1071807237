"""NIK checks (Kemendagri's 16-digit number): codes out, never a message."""

from __future__ import annotations

import datetime as dt

NIK_LENGTH = "nik_length"  # not 16 digits
NIK_REGION = "nik_region"  # the first two digits are not a province code
NIK_BIRTH = "nik_birth"  # digits 7-12 are not a date of birth (women add 40 to the day)
NIK_BIRTH_MISMATCH = "nik_birth_mismatch"  # the encoded date differs from the birth date

# Province codes of Indonesia (11 Aceh … 96 Papua Barat Daya).
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62}
    | {63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96}
)


def nik_code(nik: str, birth_date: dt.date | None = None) -> str:
    """The first problem of a NIK as a code, or "" when it is plausible."""
    if len(nik) != 16 or not nik.isdigit():
        return NIK_LENGTH
    if int(nik[:2]) not in _PROVINCES:
        return NIK_REGION
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    if not 1 <= day <= 31 or not 1 <= month <= 12:
        return NIK_BIRTH
    if birth_date is not None and (day, month, year) != (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        return NIK_BIRTH_MISMATCH
    return ""
