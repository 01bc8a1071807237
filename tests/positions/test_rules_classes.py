"""Job classes (kelas jabatan 1–17) per position kind."""

from __future__ import annotations

import pytest

from replika.positions.rules import (
    KINDS,
    PELAKSANA,
    class_allowed,
    class_bounds,
    is_top_executor_class,
)


def test_there_are_five_position_kinds():
    assert KINDS == ("jpt", "administrator", "pengawas", "pelaksana", "fungsional")


def test_executor_posts_go_up_to_and_including_class_7():
    assert class_bounds(PELAKSANA) == (1, 7)
    assert class_allowed(kind="pelaksana", job_class=7)
    assert class_allowed(kind="pelaksana", job_class=1)
    assert not class_allowed(kind="pelaksana", job_class=8)


@pytest.mark.parametrize("kind", ["jpt", "administrator", "pengawas", "fungsional"])
def test_other_kinds_span_the_whole_scale(kind):
    assert class_bounds(kind) == (1, 17)
    assert class_allowed(kind=kind, job_class=17)
    assert class_allowed(kind=kind, job_class=1)


def test_kind_is_read_without_regard_to_case_or_spaces():
    assert class_bounds(" Pelaksana ") == (1, 7)


@pytest.mark.parametrize("job_class", [0, 18, -1])
def test_a_class_off_the_scale_is_refused(job_class):
    with pytest.raises(ValueError, match="job_class"):
        class_allowed(kind="jpt", job_class=job_class)


@pytest.mark.parametrize("job_class", [7.0, "7", None, True])
def test_a_class_must_be_a_whole_number(job_class):
    with pytest.raises(ValueError, match="job_class"):
        class_allowed(kind="pelaksana", job_class=job_class)


@pytest.mark.parametrize("kind", ["eselon", "", None])
def test_an_unknown_kind_is_refused(kind):
    with pytest.raises(ValueError, match="kind"):
        class_bounds(kind)


@pytest.mark.parametrize(
    ("kind", "job_class", "top"),
    [
        ("pelaksana", 7, True),
        ("pelaksana", 6, False),
        ("fungsional", 7, False),
        ("pengawas", 7, False),
    ],
)
def test_top_executor_class_flags_only_class_7_executors(kind, job_class, top):
    assert is_top_executor_class(kind=kind, job_class=job_class) is top


def test_top_executor_class_refuses_an_impossible_class():
    with pytest.raises(ValueError, match="job_class"):
        is_top_executor_class(kind="pelaksana", job_class=20)
