"""Age in completed years and the Poltabes pathway rule (filial class or Paket)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from replika.schooling.rules._checks import check_count, check_date

# Poltabes (Disdik Kota Palembang): up to 22 a filial class, older an equivalency package.
# A region setting; this is the default.
DEFAULT_MAX_AGE = 22

Pathway = Literal["filial", "kesetaraan"]
FILIAL: Pathway = "filial"
KESETARAAN: Pathway = "kesetaraan"


def age_in_years(*, birth_date: dt.date, on: dt.date) -> int:
    """Completed years of age on a date (0 on the day of birth).

    A child born on 29 February becomes a year older on 1 March in common years: on
    28 February the birthday has not come yet. A birth after ``on`` raises ``ValueError``.
    """
    birth_date = check_date("birth_date", birth_date)
    on = check_date("on", on)
    if birth_date > on:
        raise ValueError(f"birth_date ({birth_date}) is after the date `on` ({on})")
    # Comparing (month, day) pairs puts 29 Feb after 28 Feb and before 1 Mar, which gives
    # the 1 March reading for leap-day birthdays without special-casing them.
    birthday_not_yet = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(birthday_not_yet)


def pathway(*, birth_date: dt.date, on: dt.date, max_age: int = DEFAULT_MAX_AGE) -> Pathway:
    """``"filial"`` up to and including ``max_age`` years of age on ``on``, else ``"kesetaraan"``.

    ``on`` is the placement date. Age is counted as in ``age_in_years`` (a 29 February
    birthday falls on 1 March in common years). ``max_age`` must be a whole number ≥ 0.
    """
    max_age = check_count("max_age", max_age)
    age = age_in_years(birth_date=birth_date, on=on)
    return FILIAL if age <= max_age else KESETARAAN
