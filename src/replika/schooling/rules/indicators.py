"""BPS education indicators: APK, APM, APS and the dropout rate (angka putus sekolah).

Definitions from BPS metadata (Sirusa), as summarised in the schooling domain note:

* APK (angka partisipasi kasar) = pupils at a level, of any age / population of the level's
  official age band × 100. It may exceed 100 (over- and under-age pupils count).
* APM (angka partisipasi murni) = pupils of the band's age at the matching level /
  population of the band × 100.
* APS (angka partisipasi sekolah) = people of the band's age in school at any level /
  population of the band × 100.
* Angka putus sekolah = people of the band's age no longer in school / people of the band's
  age ever or now in school × 100. The school-flow variant (dropouts / enrolled pupils at a
  level) is the same ratio over other counts; the module stores which basis a figure uses.

Equivalency programmes (Paket A/B/C) count with their level (SD/SMP/SMA) since 2007.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from replika.schooling.rules._checks import check_count, check_not_above, percent

# Official age bands by level in completed years (BPS), both ends included.
AGE_BANDS: dict[str, tuple[int, int]] = {
    "PAUD": (3, 6),
    "SD": (7, 12),
    "SMP": (13, 15),
    "SM": (16, 18),
    "PT": (19, 24),
}

# Which counts a dropout rate was computed from; stored next to the figure.
DropoutBasis = Literal["age_band", "school_flow"]
DROPOUT_BASES: tuple[DropoutBasis, ...] = ("age_band", "school_flow")


class EnrolmentRates(TypedDict):
    """APK, APM and APS in percent (2 decimals), None when there is no population."""

    apk: float | None
    apm: float | None
    aps: float | None


def level_of_age(age: int) -> str | None:
    """The level whose official age band holds an age in completed years, if any."""
    age = check_count("age", age)
    for level, (youngest, oldest) in AGE_BANDS.items():
        if youngest <= age <= oldest:
            return level
    return None


def enrolment_rates(
    *,
    population: int,
    pupils_at_level: int,
    pupils_at_level_of_age: int,
    of_age_in_school: int,
) -> EnrolmentRates:
    """APK, APM and APS of one level in percent, rounded half-up to 2 decimals.

    ``population`` is the population of the level's official age band;
    ``pupils_at_level`` counts pupils at the level whatever their age;
    ``pupils_at_level_of_age`` counts those of them who are of the band's age;
    ``of_age_in_school`` counts people of the band's age in school at any level.
    A population of 0 gives None for all three (there is nothing to divide by).
    Counts that contradict the definitions raise ``ValueError``: pupils of the band's age
    at the level are among the pupils at the level and among the band's people in school,
    and (when there is a population) the band's pupils and people in school are part of it.
    APK alone may pass 100.
    """
    population = check_count("population", population)
    pupils_at_level = check_count("pupils_at_level", pupils_at_level)
    pupils_at_level_of_age = check_count("pupils_at_level_of_age", pupils_at_level_of_age)
    of_age_in_school = check_count("of_age_in_school", of_age_in_school)
    check_not_above(
        "pupils_at_level_of_age",
        pupils_at_level_of_age,
        "pupils_at_level",
        pupils_at_level,
        "they are part of the pupils at the level",
    )
    check_not_above(
        "pupils_at_level_of_age",
        pupils_at_level_of_age,
        "of_age_in_school",
        of_age_in_school,
        "they are part of the age band's people in school",
    )
    if population > 0:
        # With no population figure entered the rates are simply unknown; with one, the
        # band's own pupils cannot outnumber the band.
        check_not_above(
            "of_age_in_school",
            of_age_in_school,
            "population",
            population,
            "APS cannot exceed 100",
        )
    return {
        "apk": percent(pupils_at_level, population),
        "apm": percent(pupils_at_level_of_age, population),
        "aps": percent(of_age_in_school, population),
    }


def dropout_rate(*, left: int, ever_enrolled: int) -> float | None:
    """Dropouts as a percent of those ever (or now) enrolled, half-up to 2 decimals.

    ``left`` counts the people who are no longer in school, ``ever_enrolled`` everyone who
    ever was or now is (the left ones included), so ``left`` may not exceed it. None when
    nobody was ever enrolled.
    """
    left = check_count("left", left)
    ever_enrolled = check_count("ever_enrolled", ever_enrolled)
    check_not_above(
        "left", left, "ever_enrolled", ever_enrolled, "those who left were enrolled once"
    )
    return percent(left, ever_enrolled)
