"""Pure rules of the follow-up: the referral workflow and Rumah Gizi graduation.

No database here; statuses are the plain strings stored in ``Referral.status``.
"""

from __future__ import annotations

from collections.abc import Sequence

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
