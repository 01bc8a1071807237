"""Pure nutrition rules: NIK checks, SKDN growth (N/T against KBM), KEK and anaemia.

No database here; every function takes and returns plain values.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

# Minimum monthly weight gain (KBM, kenaikan berat badan minimal) in grams by age in
# completed months at the weighing, as printed on the KMS in the Buku KIA (Kemenkes) and in
# Depkes' Standar Pemantauan Pertumbuhan Balita (2006). From 11 months on it stays 200 g.
KBM_GRAMS: dict[int, int] = {
    1: 800,
    2: 900,
    3: 800,
    4: 600,
    5: 500,
    6: 400,
    7: 400,
    8: 300,
    9: 300,
    10: 300,
}
KBM_FROM_11 = 200

KEK_LILA_CM = Decimal("23.5")  # Permenkes / Buku KIA: LiLA < 23.5 cm is KEK
ANAEMIA_HB_PREGNANT = Decimal("11.0")  # g/dL, anaemia in pregnancy below this
ANAEMIA_HB_ADOLESCENT = Decimal("12.0")  # g/dL, WHO threshold for non-pregnant girls 12-14+

NIK_PATTERN = re.compile(r"^\d{16}$")

# The measuring position as field apps and e-PPGBM write it: "l" lying (terlentang, PB),
# "h" standing (berdiri, TB), "" not known.
MEASURE_WORDS: dict[str, str] = {
    "": "",
    "l": "l",
    "terlentang": "l",
    "telentang": "l",
    "berbaring": "l",
    "lying": "l",
    "pb": "l",
    "h": "h",
    "berdiri": "h",
    "standing": "h",
    "tb": "h",
}


# 60 months (1826.25 days): WHO z-scores, the SKDN count and the dashboards stop here.
UNDER_FIVE_DAYS = 1826


def under_five_births(period: dt.date) -> tuple[dt.date, dt.date]:
    """The one age rule of S and D: a child counts in a month when born after the first
    bound and by the second (born by the month's end, younger than 60 months at its start).

    S (children of the area) and D (weighed this month) both use it, on the child's birth
    date, so a weighed child is always among the children counted: D is a subset of S.
    """
    month_end = next_period(period) - dt.timedelta(days=1)
    return period - dt.timedelta(days=UNDER_FIVE_DAYS), month_end


def counts_as_under_five(birth_date: dt.date, period: dt.date) -> bool:
    """Whether a child born on ``birth_date`` counts in S and D of the month ``period``."""
    after, until = under_five_births(period)
    return after < birth_date <= until


def period_of(day: dt.date) -> dt.date:
    """The month a date falls in, as its first day."""
    return day.replace(day=1)


def previous_period(period: dt.date) -> dt.date:
    """The first day of the month before."""
    return (period - dt.timedelta(days=1)).replace(day=1)


def next_period(period: dt.date) -> dt.date:
    """The first day of the month after."""
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def age_in_days(birth: dt.date, on: dt.date) -> int:
    """Whole days from birth to a date (negative when the date is before the birth)."""
    return (on - birth).days


def age_in_months(age_days: int) -> int:
    """Completed months of age, as WHO counts them (days / 30.4375)."""
    return int(age_days / 30.4375)


def kbm_grams(age_months: int) -> int | None:
    """The minimum weight gain expected this month; None in the first month of life."""
    if age_months < 1:
        return None
    return KBM_GRAMS.get(age_months, KBM_FROM_11)


def growth_code(
    weight_kg: float | None,
    previous_weight_kg: float | None,
    age_days: int,
    weighed_last_month: bool,
) -> str:
    """SKDN growth: ``N`` gained the KBM, ``T`` did not, ``B`` first weighing, ``O`` gap.

    N/T needs a weighing in the month before: a child not weighed last month is ``O``
    (counted in D but neither N nor T), as on the posyandu monthly form.
    """
    if weight_kg is None:
        return ""
    if previous_weight_kg is None:
        return "B"
    if not weighed_last_month:
        return "O"
    needed = kbm_grams(age_in_months(age_days))
    gained_grams = round((weight_kg - previous_weight_kg) * 1000)
    if needed is None:
        return "N" if gained_grams > 0 else "T"
    return "N" if gained_grams >= needed else "T"


def is_two_t(current: str, previous: str) -> bool:
    """Not gaining twice in a row (2T): refer to the puskesmas."""
    return current == "T" and previous == "T"


def is_kek(lila_cm: Decimal | float | None, threshold: Decimal | float = KEK_LILA_CM) -> bool:
    """Chronic energy deficiency: upper-arm circumference below the threshold."""
    return lila_cm is not None and Decimal(str(lila_cm)) < Decimal(str(threshold))


def is_anaemic(
    hb_g_dl: Decimal | float | None, threshold: Decimal | float = ANAEMIA_HB_PREGNANT
) -> bool:
    """Anaemia: haemoglobin below the threshold."""
    return hb_g_dl is not None and Decimal(str(hb_g_dl)) < Decimal(str(threshold))


# Why a NIK is refused, as codes; the service layer turns them into translated messages.
NIK_LENGTH = "nik_length"
NIK_PROVINCE = "nik_province"
NIK_BIRTH_DIGITS = "nik_birth_digits"
NIK_BIRTH_DATE = "nik_birth_date"
NIK_SEX = "nik_sex"
NIK_SERIAL = "nik_serial"
NIK_CODES = (NIK_LENGTH, NIK_PROVINCE, NIK_BIRTH_DIGITS, NIK_BIRTH_DATE, NIK_SEX, NIK_SERIAL)

# The e-PPGBM importer still words NIK problems itself from these fragments; it moves to
# the codes (and the service layer's messages) when it is rebuilt on the import framework.
_IMPORTER_WORDING = {
    NIK_LENGTH: "must be 16 digits",
    NIK_PROVINCE: "digits 1-2 are not a province code",
    NIK_BIRTH_DIGITS: "digits 7-12 are not a birth date",
    NIK_BIRTH_DATE: "birth date in the NIK differs from the birth date",
    NIK_SEX: "the NIK's sex digit differs from the sex",
    NIK_SERIAL: "digits 13-16 cannot be 0000",
}


def nik_code(nik: str, birth_date: dt.date | None = None, female: bool | None = None) -> str:
    """Why a NIK is not valid, as one of ``NIK_CODES`` ('' when it is valid).

    16 digits; digits 1-2 are the province (11-94), 7-8 the day of birth (+40 for women),
    9-10 the month, 11-12 the year's last two digits. The registration region may differ
    from the region where the person lives now, so it is not checked against the region.
    """
    if not NIK_PATTERN.match(nik):
        return NIK_LENGTH
    if not 11 <= int(nik[:2]) <= 94:
        return NIK_PROVINCE
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    is_female = day > 40
    if is_female:
        day -= 40
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return NIK_BIRTH_DIGITS
    if birth_date is not None and (day, month, year2) != (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        return NIK_BIRTH_DATE
    if female is not None and female != is_female:
        return NIK_SEX
    if int(nik[12:]) == 0:
        return NIK_SERIAL
    return ""


def nik_problem(nik: str, birth_date: dt.date | None = None, female: bool | None = None) -> str:
    """The importer's wording of ``nik_code`` ('' when the NIK is valid)."""
    code = nik_code(nik, birth_date, female)
    return _IMPORTER_WORDING[code] if code else ""


def name_key(name: str) -> str:
    """A name folded for duplicate detection: no accents, case, titles' dots or extra spaces."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = re.sub(r"[^a-z0-9 ]+", " ", folded.lower())
    return " ".join(folded.split())
