"""Pure rules of the follow-up: the referral workflow and Rumah Gizi graduation.

No database here; statuses are the plain strings stored in ``Referral.status``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from replika.nutrition.rules import acute

REFERRED = "referred"
EXAMINED = "examined"
TREATED = "treated"
RUMAH_GIZI = "rumah_gizi"
RECOVERED = "recovered"
IN_CARE = "in_care"
CLOSED = "closed"

# The workflow: referred -> examined -> treated or Rumah Gizi -> recovered or still in care
# -> recovered. Closing (with a note) is possible from every open status.
TRANSITIONS: dict[str, frozenset[str]] = {
    REFERRED: frozenset({EXAMINED, CLOSED}),
    EXAMINED: frozenset({TREATED, RUMAH_GIZI, CLOSED}),
    TREATED: frozenset({RECOVERED, IN_CARE, CLOSED}),
    RUMAH_GIZI: frozenset({RECOVERED, IN_CARE, CLOSED}),
    IN_CARE: frozenset({RECOVERED, CLOSED}),
    RECOVERED: frozenset(),
    CLOSED: frozenset(),
}
FINISHED = frozenset({RECOVERED, CLOSED})
OPEN = frozenset(TRANSITIONS) - FINISHED

# A referral still waiting for the puskesmas after this many days is overdue.
OVERDUE_AFTER_DAYS = 14

# Graduation: weight-for-length/height back to >= -2 SD at two consecutive weekly weighings
# (the recovery criterion of the Kemenkes 2019 guideline on managing wasted children).
GRADUATION_Z = -2.0
GRADUATION_WEIGHINGS = 2
# Discharge on the admission criterion (Kemenkes 2019 after WHO 2013): LiLA back to
# >= 12.5 cm for a child admitted on LiLA; no oedema for at least 14 days in every case;
# the two recovered weighings at least this many days apart (a region may ask for more).
GRADUATION_LILA_CM = acute.MODERATE_LILA_CM
OEDEMA_FREE_DAYS = 14
SPACING_DAYS = 7

# What still keeps a child in the programme (``discharge_missing``).
NEEDS_WEIGHINGS = "weighings"
NEEDS_WFL = acute.BY_WFL
NEEDS_LILA = acute.BY_LILA
NEEDS_NO_OEDEMA = acute.BY_OEDEMA


@dataclass(frozen=True)
class Weighing:
    """One Rumah Gizi weighing as the discharge rule reads it."""

    on: dt.date
    zwfl: float | None
    armc: float | None = None
    oedema: bool = False


def _wfl_recovered(weighings: Sequence[Weighing], spacing_days: int) -> bool:
    """The latest weighing and the latest one at least ``spacing_days`` before it are both
    at or above -2 SD, and so is every weighing between them (consecutive, none missing)."""
    latest = weighings[-1]
    earlier = [w for w in weighings[:-1] if (latest.on - w.on).days >= spacing_days]
    if not earlier:
        return False
    first = earlier[-1]
    run = [w for w in weighings if first.on <= w.on <= latest.on]
    return all(w.zwfl is not None and w.zwfl >= GRADUATION_Z for w in run)


def _lila_recovered(weighings: Sequence[Weighing]) -> bool:
    """The latest weighing's LiLA is back to 12.5 cm or more."""
    armc = weighings[-1].armc
    return armc is not None and armc >= GRADUATION_LILA_CM


def _oedema_free(weighings: Sequence[Weighing], enrolled_on: dt.date) -> bool:
    """No oedema at the latest weighing and none seen for at least OEDEMA_FREE_DAYS, counted
    from the enrolment: every child is watched two weeks without oedema before leaving."""
    latest = weighings[-1]
    if latest.oedema:
        return False
    since = max([enrolled_on, *(w.on for w in weighings if w.oedema)])
    return (latest.on - since).days >= OEDEMA_FREE_DAYS


def discharge_missing(
    *,
    admitted_on: Collection[str],
    enrolled_on: dt.date,
    weighings: Sequence[Weighing],
    spacing_days: int = SPACING_DAYS,
) -> list[str]:
    """What still keeps a child in the Rumah Gizi (empty: ready for discharge).

    Judged on the admission criterion: admitted on weight-for-length/height -> two
    consecutive weighings at or above -2 SD at least ``spacing_days`` apart; admitted on
    LiLA -> LiLA at or above 12.5 cm; admitted on oedema alone -> either of them. Always:
    no oedema for at least 14 days. Weighings oldest first.
    """
    if not weighings:
        return [NEEDS_WEIGHINGS]
    weighings = sorted(weighings, key=lambda w: w.on)
    missing = []
    anthropometric = [c for c in (acute.BY_WFL, acute.BY_LILA) if c in admitted_on]
    wfl = _wfl_recovered(weighings, spacing_days)
    lila = _lila_recovered(weighings)
    if not anthropometric:
        if not (wfl or lila):
            missing.append(NEEDS_WFL)
    else:
        if acute.BY_WFL in anthropometric and not wfl:
            missing.append(NEEDS_WFL)
        if acute.BY_LILA in anthropometric and not lila:
            missing.append(NEEDS_LILA)
    if not _oedema_free(weighings, enrolled_on):
        missing.append(NEEDS_NO_OEDEMA)
    return missing


def discharge_ready(
    *,
    admitted_on: Collection[str],
    enrolled_on: dt.date,
    weighings: Sequence[Weighing],
    spacing_days: int = SPACING_DAYS,
) -> bool:
    """Whether the child may leave the Rumah Gizi recovered (``discharge_missing`` empty)."""
    return not discharge_missing(
        admitted_on=admitted_on,
        enrolled_on=enrolled_on,
        weighings=weighings,
        spacing_days=spacing_days,
    )


def next_statuses(status: str) -> frozenset[str]:
    """The statuses a referral may move to from ``status``."""
    return TRANSITIONS.get(status, frozenset())


def can_move(current: str, new: str) -> bool:
    """Whether the workflow allows moving from ``current`` to ``new``."""
    return new in next_statuses(current)


def needs_note(new: str) -> bool:
    """Closing a referral without recovery must say why."""
    return new == CLOSED


def is_open(status: str) -> bool:
    """A referral not yet recovered or closed."""
    return status in OPEN


def is_overdue(status: str, days_since_referral: int) -> bool:
    """Referred more than OVERDUE_AFTER_DAYS days ago and still not examined."""
    return status == REFERRED and days_since_referral > OVERDUE_AFTER_DAYS


def graduates(
    zwfl_by_date: Sequence[float | None],
    threshold: float = GRADUATION_Z,
    needed: int = GRADUATION_WEIGHINGS,
) -> bool:
    """Whether the latest ``needed`` weighings (oldest first) are all at or above ``threshold``.

    A weighing without a z-score (out of the table's range) breaks the run.
    """
    if len(zwfl_by_date) < needed:
        return False
    return all(z is not None and z >= threshold for z in zwfl_by_date[-needed:])
