"""Spreadsheet export of the commitments a user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from replika.core.exporting import Sheet, xlsx_bytes
from replika.replication.models import Commitment, Innovation, Stage

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


def _stage_of(row: MatrixRow, index: int) -> str | None:
    """The stage of a matrix row's commitment to the innovation at ``index`` (None if none)."""
    commitment = row.cells[index].commitment
    return commitment.stage if commitment is not None else None


def stage_totals(innovations: list[Innovation], rows: list[MatrixRow]) -> list[dict[str, Any]]:
    """Per stage: how many regions are at it for each innovation, and in all."""
    totals = []
    for value, label in Stage.choices:
        per = [
            sum(1 for row in rows if _stage_of(row, i) == value) for i in range(len(innovations))
        ]
        totals.append({"stage": value, "label": str(label), "per": per, "all": sum(per)})
    return totals


def matrix_xlsx(
    innovations: list[Innovation], rows: list[MatrixRow], *, as_of: dt.date, letterhead: list[str]
) -> bytes:
    """The monitoring matrix for the ministry: the matrix, the totals per stage, and a sheet
    saying what the file is (letterhead, title, as-of date, legend)."""
    header = [_("Region")]
    for innovation in innovations:
        header += [
            _("%(innovation)s: stage") % {"innovation": innovation.acronym},
            _("%(innovation)s: overdue milestones") % {"innovation": innovation.acronym},
            _("%(innovation)s: last mentoring") % {"innovation": innovation.acronym},
        ]
    lines = []
    for row in rows:
        line: list[object] = [row.region.name]
        for cell in row.cells:
            c = cell.commitment
            line += [
                c.get_stage_display() if c else "—",
                cell.overdue if c else "",
                date_format(cell.last_mentoring, "DATE_FORMAT") if cell.last_mentoring else "",
            ]
        lines.append(line)
    totals = stage_totals(innovations, rows)
    summary = [[t["label"], *t["per"], t["all"]] for t in totals]
    summary.append(
        [
            _("Total commitments"),
            *[sum(t["per"][i] for t in totals) for i in range(len(innovations))],
            sum(t["all"] for t in totals),
        ]
    )
    about = [
        *([line] for line in letterhead),
        [""],
        [_("Replication matrix of public-service innovations")],
        [_("As of %(date)s") % {"date": date_format(as_of, "DATE_FORMAT")}],
        [""],
        [_("Legend: the stages of a commitment, in order")],
        *([str(label)] for _value, label in Stage.choices),
        [""],
        [_("Overdue milestones: action-plan steps past their due date and not done.")],
    ]
    return xlsx_bytes(
        [
            Sheet(
                _("Matrix"),
                header,
                lines,
                widths=(28, *([18, 12, 18] * len(innovations))),
            ),
            Sheet(
                _("Totals per stage"),
                [_("Stage"), *(i.acronym for i in innovations), _("All innovations")],
                summary,
                widths=(24, *([14] * len(innovations)), 16),
            ),
            Sheet(_("About this report"), [_("Replika report")], about, widths=(90,)),
        ]
    )


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
