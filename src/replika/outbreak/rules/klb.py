"""The criteria of an extraordinary event (KLB) in Permenkes 1501/2010, Pasal 6.

Any one criterion makes an area eligible to be declared in KLB. Each has a stable code, the
rule's number in Pasal 6 (letters a–g there), and `klb_signals` returns the codes that fire
in that order.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import pairwise
from typing import Any

from ._checks import count_values, non_negative_int

NEW_DISEASE = "rule_1"  # a. a disease that was absent or unknown in the area appears
RISE_3_PERIODS = "rule_2"  # b. cases rise three periods in a row
DOUBLE_PREVIOUS_PERIOD = "rule_3"  # c. cases at least double the previous period
DOUBLE_MONTHLY_MEAN = "rule_4"  # d. a month's new cases ≥ 2 × last year's monthly mean
DOUBLE_YEARLY_MEAN = "rule_5"  # e. the year's monthly mean ≥ 2 × last year's
CFR_UP_HALF = "rule_6"  # f. case fatality rate up 50 % or more on the previous period
DOUBLE_PROPORTION = "rule_7"  # g. proportional rate ≥ 2 × the same period last year

KLB_CODES = (
    NEW_DISEASE,
    RISE_3_PERIODS,
    DOUBLE_PREVIOUS_PERIOD,
    DOUBLE_MONTHLY_MEAN,
    DOUBLE_YEARLY_MEAN,
    CFR_UP_HALF,
    DOUBLE_PROPORTION,
)


def _at_least_double(now: Fraction, before: Fraction) -> bool:
    """Now is a rise to two times before or more; from zero any case at all is a rise."""
    return now > before and now >= 2 * before


def _rises_three_times(series: list[Fraction]) -> bool:
    """The last three periods each had more cases than the one before (4 values needed)."""
    if len(series) < 4:
        return False
    last = series[-4:]
    return all(earlier < later for earlier, later in pairwise(last))


def _mean(values: list[Fraction]) -> Fraction:
    """Arithmetic mean, exact."""
    return sum(values, Fraction(0)) / len(values)


def _cfr_up_half(series: list[Fraction], deaths: list[Fraction]) -> bool:
    """The latest period's CFR is 1.5 × the previous period's or more (and above it)."""
    if len(series) < 2 or series[-1] == 0 or series[-2] == 0:
        return False  # a CFR needs cases in both periods
    now = deaths[-1] / series[-1]
    before = deaths[-2] / series[-2]
    return now > before and now >= Fraction(3, 2) * before


def _proportion(cases: int, visits: int, name: str) -> Fraction | None:
    """Cases of the disease among all new patients of the period; None without patients."""
    if cases > visits:
        raise ValueError(f"{name}: cases ({cases}) cannot exceed all new patients ({visits})")
    return Fraction(cases, visits) if visits else None


def klb_signals(
    counts: Sequence[int],
    *,
    previous_year: Sequence[int] | None = None,
    deaths: Sequence[int] | None = None,
    visits: int | None = None,
    same_period_last_year: tuple[int, int] | None = None,
    new_disease: bool = False,
    monthly: Sequence[int] | None = None,
) -> list[str]:
    """Codes of the KLB criteria that fire for the latest period, in rule order 1 … 7.

    `counts` are new cases per period (hours, days, weeks or months as the disease needs),
    oldest first; the last one is the period judged. `previous_year` holds the counts per
    period of the year before, with periods of the same length (12 months for rule 4 as
    written). `deaths` are deaths per period aligned with `counts`; `visits` is all new
    patients (any diagnosis) in the latest period and `same_period_last_year` the pair
    (cases, all new patients) of the same period a year earlier; `new_disease` says the
    disease was absent or unknown in the area before. A criterion lacking its data does not
    fire. Rises are strict: "two times or more" needs more cases than before and at least
    twice as many, so 0 → 0 is no signal and 0 → 1 is one.
    `monthly` (new cases per calendar month of the judged year, January first, ending with
    the month that holds the latest period) makes rules 4 and 5 speak of months as Pasal 6
    does while rules 2, 3, 6 and 7 stay on `counts`: `previous_year` is then last year's 12
    calendar months, rule 4 compares the latest month with their mean and rule 5 the mean
    of the year so far (a month still running counts as a month, which can only understate
    the mean) with it.
    Codes: rule_1 new disease, rule_2 three rises in a row, rule_3 ≥ 2 × the previous
    period, rule_4 latest ≥ 2 × last year's mean per period, rule_5 mean of the last year of
    `counts` ≥ 2 × last year's mean, rule_6 CFR up ≥ 50 % on the previous period, rule_7
    proportional rate ≥ 2 × the same period last year.
    """
    return list(
        klb_figures(
            counts,
            previous_year=previous_year,
            deaths=deaths,
            visits=visits,
            same_period_last_year=same_period_last_year,
            new_disease=new_disease,
            monthly=monthly,
        )
    )


Figures = dict[str, dict[str, Any]]


def _number(value: Fraction) -> float:
    """A compared figure for display: exact ratios rounded to two decimals."""
    return round(float(value), 2)


def klb_figures(
    counts: Sequence[int],
    *,
    previous_year: Sequence[int] | None = None,
    deaths: Sequence[int] | None = None,
    visits: int | None = None,
    same_period_last_year: tuple[int, int] | None = None,
    new_disease: bool = False,
    monthly: Sequence[int] | None = None,
) -> Figures:
    """The criteria that fire (as `klb_signals`, same arguments), each with the numbers it
    compared, so an officer can check the signal by hand: {"rule_3": {"now": 4,
    "before": 2}, …}. Rates are in per cent."""
    if not isinstance(new_disease, bool):
        raise ValueError(f"new_disease must be True or False, got {new_disease!r}")
    series = [Fraction(value) for value in count_values(counts, "counts")]
    if not series:
        raise ValueError("counts must hold at least the latest period")
    fired: Figures = {}
    if new_disease:
        fired[NEW_DISEASE] = {"now": _number(series[-1])}
    if _rises_three_times(series):
        fired[RISE_3_PERIODS] = {"series": [_number(v) for v in series[-4:]]}
    if len(series) >= 2 and _at_least_double(series[-1], series[-2]):
        fired[DOUBLE_PREVIOUS_PERIOD] = {"now": _number(series[-1]), "before": _number(series[-2])}
    if previous_year is not None:
        fired.update(_mean_rules(series, previous_year, monthly))
    if deaths is not None:
        fired.update(_cfr_rule(series, deaths))
    fired.update(_proportion_rule(series[-1], visits, same_period_last_year))
    return dict(sorted(fired.items(), key=lambda item: KLB_CODES.index(item[0])))


def _mean_rules(
    series: list[Fraction], previous_year: Sequence[int], monthly: Sequence[int] | None
) -> Figures:
    """Rules 4 and 5 against last year's mean per period (per month when `monthly`)."""
    last_year = [Fraction(value) for value in count_values(previous_year, "previous_year")]
    if not last_year:
        raise ValueError("previous_year must hold at least one period, or be None")
    baseline = _mean(last_year)
    if monthly is None:
        judged = series
        # Rule 5 compares whole years: only when counts cover a year as long as the last.
        year = series[-len(last_year) :] if len(series) >= len(last_year) else None
    else:
        if len(last_year) != 12:
            raise ValueError(
                f"with monthly, previous_year must hold 12 months, got {len(last_year)}"
            )
        judged = [Fraction(value) for value in count_values(monthly, "monthly")]
        if not 1 <= len(judged) <= 12:
            raise ValueError(f"monthly must hold 1 to 12 months, got {len(judged)}")
        year = judged
    fired: Figures = {}
    if _at_least_double(judged[-1], baseline):
        fired[DOUBLE_MONTHLY_MEAN] = {"now": _number(judged[-1]), "mean": _number(baseline)}
    if year is not None and _at_least_double(_mean(year), baseline):
        fired[DOUBLE_YEARLY_MEAN] = {
            "mean": _number(_mean(year)),
            "months": len(year),
            "last_mean": _number(baseline),
        }
    return fired


def _cfr_rule(series: list[Fraction], deaths: Sequence[int]) -> Figures:
    """Rule 6, with the two case fatality rates in per cent."""
    died = [Fraction(value) for value in count_values(deaths, "deaths")]
    if len(died) != len(series):
        raise ValueError(
            f"deaths must have one value per period of counts ({len(series)}), got {len(died)}"
        )
    for index, (dead, cases) in enumerate(zip(died, series, strict=True)):
        if dead > cases:
            raise ValueError(f"deaths[{index}] ({dead}) cannot exceed counts[{index}] ({cases})")
    if not _cfr_up_half(series, died):
        return {}
    return {
        CFR_UP_HALF: {
            "cfr": _number(100 * died[-1] / series[-1]),
            "before": _number(100 * died[-2] / series[-2]),
        }
    }


def _proportion_rule(
    latest: Fraction, visits: int | None, last_year: tuple[int, int] | None
) -> Figures:
    """Rule 7, with both proportional rates in per cent."""
    rates = _proportions(latest, visits, last_year)
    if rates is None or not _at_least_double(*rates):
        return {}
    return {DOUBLE_PROPORTION: {"rate": _number(100 * rates[0]), "before": _number(100 * rates[1])}}


def _proportions(
    latest: Fraction, visits: int | None, last_year: tuple[int, int] | None
) -> tuple[Fraction, Fraction] | None:
    """Rule 7's two proportional rates (now, same period last year); None lacking either."""
    now = None
    if visits is not None:
        if latest.denominator != 1:
            raise ValueError("counts[-1] must be a whole number to form a proportional rate")
        now = _proportion(int(latest), non_negative_int(visits, "visits"), "visits")
    before = None
    if last_year is not None:
        if not isinstance(last_year, tuple) or len(last_year) != 2:
            raise ValueError("same_period_last_year must be a pair (cases, all new patients)")
        before = _proportion(
            non_negative_int(last_year[0], "same_period_last_year[0]"),
            non_negative_int(last_year[1], "same_period_last_year[1]"),
            "same_period_last_year",
        )
    if now is None or before is None:
        return None
    return now, before
