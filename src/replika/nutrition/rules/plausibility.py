"""Plausibility of a measurement against the child's own history (pure, codes out).

A value that contradicts the earlier ones is most often a typing or reading slip (9,5 read
as 5,9; a child measured standing written as lying). It is held for the cadre to confirm,
never silently stored, and never opens a referral on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

LENGTH_DECREASE = "length_decrease"
WEIGHT_GAIN = "weight_gain"
WEIGHT_LOSS = "weight_loss"
ZLEN_JUMP = "zlen_jump"
ZWEI_JUMP = "zwei_jump"
ZWFL_JUMP = "zwfl_jump"

# A child does not shrink: more than 1.5 cm less than before is a measuring error.
LENGTH_DROP_CM = 1.5
# Lying length exceeds standing height by 0.7 cm (WHO): compare on one basis.
LYING_MINUS_STANDING_CM = 0.7
LYING_UNTIL_DAYS = 731
# The fastest catch-up growth of therapeutic feeding is about 20 g per kg per day (WHO);
# 0.5 kg covers the scales' and clothes' noise on a short interval.
MAX_GAIN_G_PER_KG_DAY = 20.0
GAIN_NOISE_KG = 0.5
# Losing more than 15 % of body weight (plus the noise) is beyond even a severe illness.
MAX_LOSS_SHARE = 0.15
LOSS_NOISE_KG = 0.3
# A z-score moving by more than 3 between two measurements.
MAX_Z_JUMP = 3.0

# The input field each finding is about (where the question is asked).
FIELD_OF = {
    LENGTH_DECREASE: "lenhei",
    ZLEN_JUMP: "lenhei",
    WEIGHT_GAIN: "weight",
    WEIGHT_LOSS: "weight",
    ZWEI_JUMP: "weight",
    ZWFL_JUMP: "weight",
}


@dataclass(frozen=True)
class Observation:
    """What the check reads of one measurement (typed now or stored earlier)."""

    visit_date: dt.date
    age_days: int
    weight: float | None = None
    lenhei: float | None = None
    measure: str = ""
    zlen: float | None = None
    zwei: float | None = None
    zwfl: float | None = None


@dataclass(frozen=True)
class Finding:
    """One contradiction: its code, the field it is about and the measurement it contradicts."""

    code: str
    field: str
    previous: Observation


def standing_basis(lenhei: float, measure: str, age_days: int) -> float:
    """A length or height on the standing basis (a lying length minus 0.7 cm).

    An unknown position is taken as the one due for the age (lying under 731 days).
    """
    lying = measure == "l" or (measure not in ("l", "h") and age_days < LYING_UNTIL_DAYS)
    return lenhei - LYING_MINUS_STANDING_CM if lying else lenhei


def _latest(earlier: Sequence[Observation], attribute: str) -> Observation | None:
    """The latest earlier observation with a value for ``attribute``."""
    return next((o for o in reversed(earlier) if getattr(o, attribute) is not None), None)


def _length_finding(current: Observation, earlier: Sequence[Observation]) -> Finding | None:
    before = _latest(earlier, "lenhei")
    if current.lenhei is None or before is None or before.lenhei is None:
        return None
    now = standing_basis(current.lenhei, current.measure, current.age_days)
    then = standing_basis(before.lenhei, before.measure, before.age_days)
    if now < then - LENGTH_DROP_CM:
        return Finding(LENGTH_DECREASE, FIELD_OF[LENGTH_DECREASE], before)
    return None


def _weight_finding(current: Observation, earlier: Sequence[Observation]) -> Finding | None:
    before = _latest(earlier, "weight")
    if current.weight is None or before is None or before.weight is None:
        return None
    days = max((current.visit_date - before.visit_date).days, 1)
    change = current.weight - before.weight
    most_gain = before.weight * MAX_GAIN_G_PER_KG_DAY / 1000 * days + GAIN_NOISE_KG
    if change > most_gain:
        return Finding(WEIGHT_GAIN, FIELD_OF[WEIGHT_GAIN], before)
    if -change > before.weight * MAX_LOSS_SHARE + LOSS_NOISE_KG:
        return Finding(WEIGHT_LOSS, FIELD_OF[WEIGHT_LOSS], before)
    return None


def _z_findings(current: Observation, earlier: Sequence[Observation]) -> list[Finding]:
    found = []
    for attribute, code in (("zlen", ZLEN_JUMP), ("zwei", ZWEI_JUMP), ("zwfl", ZWFL_JUMP)):
        now = getattr(current, attribute)
        before = _latest(earlier, attribute)
        if now is None or before is None:
            continue
        if abs(now - getattr(before, attribute)) > MAX_Z_JUMP:
            found.append(Finding(code, FIELD_OF[code], before))
    return found


def implausible(current: Observation, history: Sequence[Observation]) -> list[Finding]:
    """The contradictions of a measurement with the child's earlier ones (none: plausible).

    Only measurements taken before ``current`` count; a later one is not "previous".
    """
    earlier = sorted(
        (o for o in history if o.visit_date < current.visit_date), key=lambda o: o.visit_date
    )
    if not earlier:
        return []
    found = [f for f in (_length_finding(current, earlier), _weight_finding(current, earlier)) if f]
    codes = {f.code for f in found}
    for finding in _z_findings(current, earlier):
        # A z jump that a weight or length finding already explains adds no second question.
        if not (finding.field == "lenhei" and LENGTH_DECREASE in codes) and not (
            finding.field == "weight" and codes & {WEIGHT_GAIN, WEIGHT_LOSS}
        ):
            found.append(finding)
    return found
