"""Pure alert decisions after a measurement or an antenatal visit (no database here).

The reason codes are the values of ``models.ReferralReason``; they are repeated here as
plain strings so that this module stays free of Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from replika.nutrition.rules import acute as acute_rules
from replika.nutrition.rules.monitoring import previous_period

TWO_T = "two_t"
SEVERE_WASTING = "gizi_buruk"
WASTING = "gizi_kurang"
BELOW_RED_LINE = "bgm"
NEWLY_STUNTED = "stunting_baru"
KEK = "kek"
ANAEMIA = "anemia_hamil"
KEK_GIRL = "kek_remaja"
ANAEMIA_GIRL = "anemia_remaja"

# The order a puskesmas acts on reasons: the first of a visit's reasons names its referral.
URGENCY = (
    SEVERE_WASTING,
    BELOW_RED_LINE,
    WASTING,
    TWO_T,
    NEWLY_STUNTED,
    KEK,
    ANAEMIA,
    KEK_GIRL,
    ANAEMIA_GIRL,
)


def most_urgent_first(reasons: Sequence[str]) -> list[str]:
    """Reasons without repeats, the most urgent first (unknown codes last, in their order)."""
    unique = list(dict.fromkeys(reasons))
    return sorted(unique, key=lambda r: URGENCY.index(r) if r in URGENCY else len(URGENCY))


@dataclass(frozen=True)
class AlertSwitches:
    """Which child alerts a region has switched on (its settings).

    Gizi buruk and weight-for-age below the red line cannot be switched off: they are
    patient safety, not programme choices. ``wasting`` switches the moderate (gizi kurang)
    alert.
    """

    two_t: bool = True
    wasting: bool = True
    newly_stunted: bool = True


def wasting_reason(zwfl: float | None, flagged: bool) -> str:
    """``gizi_buruk`` under -3, ``gizi_kurang`` under -2, else '' (flagged values ignored)."""
    if zwfl is None or flagged:
        return ""
    if zwfl < -3:
        return SEVERE_WASTING
    if zwfl < -2:
        return WASTING
    return ""


def is_newly_stunted(
    zlen: float | None, flagged: bool, previous_zlen: float | None, previous_flagged: bool
) -> bool:
    """Stunted now (length-for-age z < -2) but not at the previous length measurement."""
    if zlen is None or flagged or previous_zlen is None or previous_flagged:
        return False
    return zlen < -2 <= previous_zlen


def child_alerts(
    *,
    growth: str,
    previous_growth: str,
    zwfl: float | None,
    fwfl: bool,
    zlen: float | None,
    flen: bool,
    previous_zlen: float | None,
    previous_flen: bool = False,
    switches: AlertSwitches | None = None,
    acute: str | None = None,
    zwei: float | None = None,
    fwei: bool = False,
) -> list[str]:
    """The referral reasons a child's measurement raises, in the order a cadre acts on them.

    ``acute`` is the measurement's gizi buruk / gizi kurang category on every criterion
    (``rules.acute``); without it the weight-for-length z-score alone decides.
    """
    switches = switches or AlertSwitches()
    reasons: list[str] = []
    category = wasting_reason(zwfl, fwfl) if acute is None else acute
    if category == SEVERE_WASTING:
        reasons.append(SEVERE_WASTING)
    if acute_rules.below_red_line(zwei, fwei):
        reasons.append(BELOW_RED_LINE)
    if category == WASTING and switches.wasting:
        reasons.append(WASTING)
    if switches.two_t and growth == "T" and previous_growth == "T":
        reasons.append(TWO_T)
    if switches.newly_stunted and is_newly_stunted(zlen, flen, previous_zlen, previous_flen):
        reasons.append(NEWLY_STUNTED)
    return reasons


class Measured(Protocol):
    """What the alerts read of a stored measurement (a model row or any plain object)."""

    @property
    def period(self) -> dt.date: ...
    @property
    def growth(self) -> str: ...
    @property
    def zwfl(self) -> float | None: ...
    @property
    def fwfl(self) -> bool: ...
    @property
    def zlen(self) -> float | None: ...
    @property
    def flen(self) -> bool: ...
    @property
    def zwei(self) -> float | None: ...
    @property
    def fwei(self) -> bool: ...
    @property
    def cat_acute(self) -> str: ...


def alerts_after(
    current: Measured, history: Sequence[Measured], switches: AlertSwitches | None = None
) -> list[str]:
    """The referral reasons of a month's measurement given the child's other months.

    2T needs last month's growth code; newly stunted compares with the latest earlier
    month that has a length-for-age z-score.
    """
    earlier = sorted((m for m in history if m.period < current.period), key=lambda m: m.period)
    last_month = previous_period(current.period)
    previous_growth = next((m.growth for m in earlier if m.period == last_month), "")
    previous_length = next((m for m in reversed(earlier) if m.zlen is not None), None)
    return child_alerts(
        growth=current.growth,
        previous_growth=previous_growth,
        zwfl=current.zwfl,
        fwfl=current.fwfl,
        zlen=current.zlen,
        flen=current.flen,
        previous_zlen=previous_length.zlen if previous_length else None,
        previous_flen=previous_length.flen if previous_length else False,
        switches=switches,
        acute=current.cat_acute,
        zwei=current.zwei,
        fwei=current.fwei,
    )


def pregnancy_alerts(*, kek: bool, anaemia: bool) -> list[str]:
    """The referral reasons an antenatal visit raises."""
    return [reason for reason, raised in ((KEK, kek), (ANAEMIA, anaemia)) if raised]


def girl_alerts(*, kek: bool, anaemia: bool) -> list[str]:
    """The referral reasons an adolescent girl's screening raises."""
    return [reason for reason, raised in ((KEK_GIRL, kek), (ANAEMIA_GIRL, anaemia)) if raised]
