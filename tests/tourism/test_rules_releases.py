"""The release rules: when a month may be published, and how the public sees it."""

from __future__ import annotations

import datetime as dt

from replika.tourism.rules.releases import public_label, publish_problem

JUNE = dt.date(2026, 6, 1)


def test_a_month_is_published_only_once_it_has_ended():
    assert publish_problem(period=JUNE, today=dt.date(2026, 6, 30), status=None, note="") == (
        "period_not_over"
    )
    assert publish_problem(period=JUNE, today=dt.date(2026, 7, 1), status=None, note="") is None


def test_an_unchanged_published_month_is_not_published_again():
    today = dt.date(2026, 8, 1)
    assert publish_problem(period=JUNE, today=today, status="published", note="x") == (
        "nothing_changed"
    )


def test_a_revised_month_is_re_published_with_a_note():
    today = dt.date(2026, 8, 1)
    assert publish_problem(period=JUNE, today=today, status="revised", note=" ") == (
        "note_required"
    )
    assert publish_problem(period=JUNE, today=today, status="revised", note="Hotel X") is None


def test_the_public_label_says_corrected_after_a_re_publish():
    assert public_label(status=None, version=0) == "unpublished"
    assert public_label(status="published", version=1) == "published"
    assert public_label(status="revised", version=1) == "published"  # the public sees v1
    assert public_label(status="published", version=2) == "corrected"
