"""Pure alert decisions after a measurement or an antenatal visit (no database here).

The reason codes are the values of ``models.ReferralReason``; they are repeated here as
plain strings so that this module stays free of Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from replika.nutrition.rules.monitoring import previous_period

TWO_T = "two_t"
SEVERE_WASTING = "gizi_buruk"
WASTING = "gizi_kurang"
NEWLY_STUNTED = "stunting_baru"
KEK = "kek"
ANAEMIA = "anemia_hamil"


@dataclass(frozen=True)
class AlertSwitches:
    """Which child alerts a region has switched on (its settings)."""

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
) -> list[str]:
    """The referral reasons a child's measurement raises, in the order a cadre acts on them."""
    switches = switches or AlertSwitches()
    reasons: list[str] = []
    if switches.wasting:
        wasting = wasting_reason(zwfl, fwfl)
        if wasting:
            reasons.append(wasting)
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
    )


def pregnancy_alerts(*, kek: bool, anaemia: bool) -> list[str]:
    """The referral reasons an antenatal visit raises."""
    return [reason for reason, raised in ((KEK, kek), (ANAEMIA, anaemia)) if raised]
