"""Spreadsheet export of the commitments a user may see."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from replika.core.exporting import Sheet, xlsx_bytes
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
    """Write commitments to an xlsx workbook; ``progress`` hears every 2,000 rows."""
    rows = ([get(c) for _name, get in COLUMNS] for c in commitments)
    header = [name for name, _get in COLUMNS]
    return xlsx_bytes([Sheet(_("Commitments"), header, rows)], progress=progress)


def matrix_xlsx(innovations: list[Innovation], rows: list[MatrixRow]) -> bytes:
    """The monitoring matrix: one row a region, per innovation its stage and overdue count."""
    header = [_("Region")]
    for innovation in innovations:
        header += [
            f"{innovation.acronym} — {_('stage')}",
            f"{innovation.acronym} — {_('overdue')}",
            f"{innovation.acronym} — {_('last mentoring')}",
        ]
    lines = []
    for row in rows:
        line: list[object] = [row.region.name]
        for cell in row.cells:
            c = cell.commitment
            line += [
                c.get_stage_display() if c else "",
                cell.overdue if c else "",
                cell.last_mentoring or "",
            ]
        lines.append(line)
    return xlsx_bytes([Sheet(_("Matrix"), header, lines)])


def region_xlsx(context: dict[str, Any]) -> bytes:
    """A region's report: one sheet of commitments, one of milestones, one of mentoring."""
    commitments: list[list[Any]] = []
    milestones: list[list[Any]] = []
    mentoring: list[list[Any]] = []
    for entry in context["entries"]:
        c = entry["c"]
        commitments.append(
            [c.innovation.acronym, c.get_stage_display(), c.stage_since, c.signed_on]
        )
        milestones.extend(
            [c.innovation.acronym, m.title, m.owner, m.due_on, m.get_status_display()]
            for m in entry["milestones"]
        )
        mentoring.extend(
            [c.innovation.acronym, s.held_on, s.topics, str(s.mentor) if s.mentor else ""]
            for s in entry["sessions"]
        )
    return xlsx_bytes(
        [
            Sheet(
                _("Commitments"),
                [_("Innovation"), _("Stage"), _("Since"), _("Signed on")],
                commitments,
            ),
            Sheet(
                _("Action plan"),
                [_("Innovation"), _("Milestone"), _("Owner"), _("Due on"), _("Status")],
                milestones,
            ),
            Sheet(
                _("Mentoring"), [_("Innovation"), _("Date"), _("Topics"), _("Mentor")], mentoring
            ),
        ]
    )
