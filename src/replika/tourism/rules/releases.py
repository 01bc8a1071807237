"""When a month's statistics may be published, and what the public is told about them."""

from __future__ import annotations

import datetime as dt

from replika.tourism.rules.deadlines import next_period

PUBLISHED = "published"
REVISED = "revised"
# What the public is told of a figure that includes regions which have not published the month.
PROVISIONAL = "provisional"


def publish_problem(
    *, period: dt.date, today: dt.date, status: str | None, note: str
) -> str | None:
    """The reason a month cannot be published now, as a code; None when it can.

    A month is published once it has ended; published again only after a report changed
    it, and then with a note saying what was corrected (BPS notes its revisions).
    """
    if next_period(period) > today:
        return "period_not_over"
    if status == PUBLISHED:
        return "nothing_changed"
    if status == REVISED and not note.strip():
        return "note_required"
    return None


def public_label(*, status: str | None, version: int) -> str:
    """What a public figure is: "unpublished", "published", or "corrected" (re-published)."""
    if status is None:
        return "unpublished"
    return "corrected" if version > 1 else "published"
