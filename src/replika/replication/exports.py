"""Spreadsheet export of the commitments a user may see."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from replika.replication.models import Commitment, Innovation

if TYPE_CHECKING:
    from replika.replication.selectors import MatrixRow

COLUMNS = (
    ("region_code", lambda c: c.region.code),
    ("region", lambda c: c.region.name),
    ("innovation", lambda c: c.innovation.acronym),
    ("stage", lambda c: c.stage),
    ("stage_since", lambda c: c.stage_since),
    ("signed_on", lambda c: c.signed_on),
    ("settings_modified", lambda c: ", ".join(sorted(c.settings))),
    ("demo", lambda c: "ya" if c.is_demo else ""),
)


def commitments_xlsx(
    commitments: Iterable[Commitment], progress: Callable[[int], None] | None = None
) -> bytes:
    """Write commitments to an xlsx workbook; ``progress`` hears every 100 rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Commitments"))
    header = [name for name, _get in COLUMNS]
    sheet.append(header)
    for written, commitment in enumerate(commitments, start=1):
        sheet.append([get(commitment) for _name, get in COLUMNS])
        if progress is not None and written % 100 == 0:
            progress(written)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def matrix_xlsx(innovations: list[Innovation], rows: list[MatrixRow]) -> bytes:
    """The monitoring matrix: one row a region, per innovation its stage and overdue count."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Matrix"))
    header = [_("Region")]
    for innovation in innovations:
        header += [
            f"{innovation.acronym} — {_('stage')}",
            f"{innovation.acronym} — {_('overdue')}",
            f"{innovation.acronym} — {_('last mentoring')}",
        ]
    sheet.append(header)
    for row in rows:
        line: list[object] = [row.region.name]
        for cell in row.cells:
            c = cell.commitment
            line += [
                c.get_stage_display() if c else "",
                cell.overdue if c else "",
                cell.last_mentoring or "",
            ]
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def region_xlsx(context: dict[str, Any]) -> bytes:
    """A region's report: one sheet of commitments, one of milestones, one of mentoring."""
    book = Workbook(write_only=True)
    commitments = book.create_sheet(_("Commitments"))
    commitments.append([_("Innovation"), _("Stage"), _("Since"), _("Signed on")])
    milestones = book.create_sheet(_("Action plan"))
    milestones.append([_("Innovation"), _("Milestone"), _("Owner"), _("Due on"), _("Status")])
    mentoring = book.create_sheet(_("Mentoring"))
    mentoring.append([_("Innovation"), _("Date"), _("Topics"), _("Mentor")])
    for entry in context["entries"]:
        c = entry["c"]
        commitments.append(
            [c.innovation.acronym, c.get_stage_display(), c.stage_since, c.signed_on]
        )
        for m in entry["milestones"]:
            milestones.append(
                [c.innovation.acronym, m.title, m.owner, m.due_on, m.get_status_display()]
            )
        for s in entry["sessions"]:
            mentoring.append(
                [c.innovation.acronym, s.held_on, s.topics, str(s.mentor) if s.mentor else ""]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
