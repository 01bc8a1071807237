"""Correcting a registered case: who may, what may change, what a change means.

Plain values in and out: the services decide with these and turn the answers into messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from replika.schooling.rules.lifecycle import CaseStatus

# What a correction may change (attribute names of a case): identity, address, guardian,
# last school, reason, source and poverty flags; never the status, the dates of the
# workflow or the place, which only their own steps change.
CORRECTABLE = (
    "location_id",
    "name",
    "sex",
    "birth_date",
    "nik",
    "no_kk",
    "nisn",
    "address",
    "rt",
    "rw",
    "guardian_name",
    "guardian_phone",
    "ats_type",
    "last_school_npsn",
    "last_level",
    "last_grade",
    "reason",
    "source",
    "dtks",
    "kip",
    "pkh",
)
# A change to any of these may make the case another child's duplicate.
IDENTIFYING = frozenset({"location_id", "name", "birth_date", "nik", "no_kk", "guardian_name"})


def may_correct(*, office: bool, reporter: bool, status: str) -> bool:
    """Whether a user may correct a case: the education office always; the user who
    reported the child only while the case is still ``reported`` (not yet verified)."""
    if office:
        return True
    return reporter and status == CaseStatus.REPORTED


def changed_fields(stored: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[str]:
    """The correctable fields whose wanted value differs from the stored one, in order."""
    return [name for name in CORRECTABLE if name in wanted and wanted[name] != stored.get(name)]


def needs_duplicate_check(changed: list[str]) -> bool:
    """Whether a correction touches what tells one child from another."""
    return any(name in IDENTIFYING for name in changed)
