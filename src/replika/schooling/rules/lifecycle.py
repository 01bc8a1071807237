"""The case lifecycle: which status may follow which, and why a case may be closed.

reported → verified → assessed → placed → attending → completed, one step at a time; from
any open status a case may instead be closed, always with a reason. Completed and closed
are final. A child at risk of dropping out again stays ``attending`` with a risk flag (see
``followup.is_at_risk``) and goes back to the follow-up queue; the flag is not a status.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class CaseStatus(StrEnum):
    """Where a child's case stands."""

    REPORTED = "reported"
    VERIFIED = "verified"
    ASSESSED = "assessed"
    PLACED = "placed"
    ATTENDING = "attending"
    COMPLETED = "completed"
    CLOSED = "closed"


class CloseReason(StrEnum):
    """Why a case was closed before completion."""

    MOVED_AWAY = "moved_away"
    REFUSED = "refused"
    OVER_AGE = "over_age"
    # The verification "residu": a child who cannot be located.
    NOT_FOUND = "not_found"


_FORWARD: dict[CaseStatus, CaseStatus] = {
    CaseStatus.REPORTED: CaseStatus.VERIFIED,
    CaseStatus.VERIFIED: CaseStatus.ASSESSED,
    CaseStatus.ASSESSED: CaseStatus.PLACED,
    CaseStatus.PLACED: CaseStatus.ATTENDING,
    CaseStatus.ATTENDING: CaseStatus.COMPLETED,
}

OPEN_STATUSES: frozenset[CaseStatus] = frozenset(_FORWARD)
FINAL_STATUSES: frozenset[CaseStatus] = frozenset(CaseStatus) - OPEN_STATUSES

# The table of allowed transitions: each open status may take its next step or be closed.
ALLOWED_TRANSITIONS: Mapping[CaseStatus, frozenset[CaseStatus]] = MappingProxyType(
    {
        **{status: frozenset({step, CaseStatus.CLOSED}) for status, step in _FORWARD.items()},
        **{status: frozenset() for status in FINAL_STATUSES},
    }
)


def case_status(name: str, value: str) -> CaseStatus:
    """A status from its code, or ``ValueError`` naming the argument."""
    try:
        return CaseStatus(value)
    except ValueError:
        known = ", ".join(CaseStatus)
        raise ValueError(f"{name} must be one of {known}, got {value!r}") from None


def close_reason(value: str) -> CloseReason:
    """A closing reason from its code, or ``ValueError``."""
    try:
        return CloseReason(value)
    except ValueError:
        known = ", ".join(CloseReason)
        raise ValueError(f"reason must be one of {known}, got {value!r}") from None


def next_statuses(current: str) -> frozenset[CaseStatus]:
    """The statuses a case in ``current`` may move to (empty once final)."""
    return ALLOWED_TRANSITIONS[case_status("current", current)]


def is_transition_allowed(current: str, target: str, *, reason: str | None = None) -> bool:
    """Whether a case may move from ``current`` to ``target``.

    Closing needs a reason from ``CloseReason``; without one it is not allowed. Unknown
    statuses or reasons, or a reason on a move that is not a closing, raise ``ValueError``.
    """
    source = case_status("current", current)
    destination = case_status("target", target)
    if destination is not CaseStatus.CLOSED:
        if reason is not None:
            raise ValueError(f"reason is only given when closing a case, got {reason!r}")
        return destination in ALLOWED_TRANSITIONS[source]
    if reason is None:
        return False
    close_reason(reason)
    return destination in ALLOWED_TRANSITIONS[source]
