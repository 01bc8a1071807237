"""Period prevalence: each child counted once, on its latest valid measurement in a period
(e.g. the February or August weighing month, or a quarter). Pure, no database.

Monthly figures count every measurement of a month; a period figure over several months
would count a child weighed three times three times. Here each indicator takes, per child,
the latest measurement of the period whose z-score for that indicator is valid (present and
not flagged implausible), so a child whose last length was implausible is still counted on
its latest plausible one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple


class Row(NamedTuple):
    """One measurement as the rule reads it."""

    child_id: int
    period: dt.date
    visit_date: dt.date
    zlen: float | None
    flen: bool
    zwei: float | None
    fwei: bool
    zwfl: float | None
    fwfl: bool


@dataclass
class PeriodCounts:
    """Children counted on their latest valid measurement, per indicator."""

    children: int = 0
    len_valid: int = 0
    stunted: int = 0
    wei_valid: int = 0
    underweight: int = 0
    wfl_valid: int = 0
    wasted: int = 0
    overweight: int = 0


INDICATORS = (("len", "zlen", "flen"), ("wei", "zwei", "fwei"), ("wfl", "zwfl", "fwfl"))


def period_prevalence(rows: Iterable[Row]) -> PeriodCounts:
    """Count each child once per indicator, on its latest valid measurement of the rows."""
    latest: dict[str, dict[int, Row]] = {name: {} for name, _z, _f in INDICATORS}
    children: set[int] = set()
    for row in rows:
        children.add(row.child_id)
        for name, z_key, flag_key in INDICATORS:
            if getattr(row, z_key) is None or getattr(row, flag_key):
                continue
            kept = latest[name].get(row.child_id)
            if kept is None or (row.period, row.visit_date) > (kept.period, kept.visit_date):
                latest[name][row.child_id] = row
    lengths, weights, wfls = (list(latest[name].values()) for name, _z, _f in INDICATORS)
    return PeriodCounts(
        children=len(children),
        len_valid=len(lengths),
        stunted=sum(1 for r in lengths if r.zlen is not None and r.zlen < -2),
        wei_valid=len(weights),
        underweight=sum(1 for r in weights if r.zwei is not None and r.zwei < -2),
        wfl_valid=len(wfls),
        wasted=sum(1 for r in wfls if r.zwfl is not None and r.zwfl < -2),
        overweight=sum(1 for r in wfls if r.zwfl is not None and r.zwfl > 2),
    )
