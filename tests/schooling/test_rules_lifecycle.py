"""Case lifecycle: one step forward at a time, or closed with a reason from an open status."""

from __future__ import annotations

import itertools

import pytest

from replika.schooling.rules import (
    ALLOWED_TRANSITIONS,
    FINAL_STATUSES,
    OPEN_STATUSES,
    CaseStatus,
    CloseReason,
    is_transition_allowed,
    next_statuses,
)

CHAIN = ["reported", "verified", "assessed", "placed", "attending", "completed"]
OPEN = CHAIN[:-1]
ALL = [*CHAIN, "closed"]
REASONS = ["moved_away", "refused", "over_age", "not_found"]


@pytest.mark.parametrize(("current", "target"), list(itertools.pairwise(CHAIN)))
def test_each_step_of_the_chain_is_allowed(current, target):
    assert is_transition_allowed(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (current, target)
        for current, target in itertools.product(ALL, CHAIN)
        if (current, target) not in set(list(itertools.pairwise(CHAIN)))
    ],
)
def test_skipping_going_back_or_staying_is_not_allowed(current, target):
    assert not is_transition_allowed(current, target)


@pytest.mark.parametrize(("current", "reason"), list(itertools.product(OPEN, REASONS)))
def test_any_open_case_may_be_closed_with_a_reason(current, reason):
    assert is_transition_allowed(current, "closed", reason=reason)


@pytest.mark.parametrize("current", OPEN)
def test_closing_without_a_reason_is_not_allowed(current):
    assert not is_transition_allowed(current, "closed")


@pytest.mark.parametrize("current", ["completed", "closed"])
def test_a_finished_case_cannot_be_closed(current):
    assert not is_transition_allowed(current, "closed", reason="moved_away")


def test_an_unknown_reason_is_refused():
    with pytest.raises(ValueError, match="reason"):
        is_transition_allowed("reported", "closed", reason="bored")


def test_a_reason_on_a_move_that_is_not_a_closing_is_refused():
    with pytest.raises(ValueError, match="reason"):
        is_transition_allowed("reported", "verified", reason="refused")


@pytest.mark.parametrize(
    ("current", "target", "name"),
    [("lost", "verified", "current"), ("reported", "graduated", "target")],
)
def test_unknown_statuses_are_refused_by_name(current, target, name):
    with pytest.raises(ValueError, match=name):
        is_transition_allowed(current, target)


def test_enum_members_and_plain_codes_are_the_same():
    assert is_transition_allowed(CaseStatus.PLACED, CaseStatus.ATTENDING)
    assert is_transition_allowed("placed", CaseStatus.CLOSED, reason=CloseReason.REFUSED)
    assert CaseStatus.ATTENDING == "attending"


def test_the_table_lists_every_status_once():
    assert set(ALLOWED_TRANSITIONS) == set(CaseStatus)
    assert {str(status) for status in CaseStatus} == set(ALL)
    assert {str(reason) for reason in CloseReason} == set(REASONS)


def test_open_and_final_statuses_split_the_lifecycle():
    assert {str(status) for status in OPEN_STATUSES} == set(OPEN)
    assert {str(status) for status in FINAL_STATUSES} == {"completed", "closed"}
    assert not OPEN_STATUSES & FINAL_STATUSES


def test_next_statuses_from_each_status():
    assert next_statuses("reported") == {"verified", "closed"}
    assert next_statuses("attending") == {"completed", "closed"}
    assert next_statuses("completed") == frozenset()
    assert next_statuses("closed") == frozenset()


def test_every_open_case_can_reach_completion_and_none_can_loop():
    for start in OPEN:
        seen = {start}
        status = start
        while status != "completed":
            forward = next_statuses(status) - {"closed"}
            assert len(forward) == 1
            status = str(next(iter(forward)))
            assert status not in seen
            seen.add(status)


def test_the_transition_table_cannot_be_changed_at_run_time():
    with pytest.raises(TypeError):
        ALLOWED_TRANSITIONS[CaseStatus.CLOSED] = frozenset({CaseStatus.REPORTED})  # type: ignore[index]
