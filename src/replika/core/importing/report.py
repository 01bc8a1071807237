"""What an import did: counts, bad rows, and the downloadable bad-rows file."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    """A cell as text that a spreadsheet shows as text, never runs as a formula."""
    cell = "" if value is None else str(value)
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


@dataclass(frozen=True)
class Problem:
    """A bad row: its number and column as in the file, the value, the reason, its cells."""

    row: int
    column: str
    value: str
    reason: str
    cells: tuple[str, ...] = ()


@dataclass
class ImportResult:
    """Counts of one import, its bad rows, and how it ended."""

    kind: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    run_id: int | None = None

    @property
    def refused(self) -> int:
        """Rows refused (a row with two bad cells counts once)."""
        return len({p.row for p in self.problems})

    @property
    def bad(self) -> int:
        """Another name for ``refused``, as the job page says it."""
        return self.refused

    @property
    def written(self) -> int:
        """Rows stored (created or changed)."""
        return self.created + self.updated

    def add(self, counts: Any) -> None:
        """Add one chunk's created/updated/unchanged counts."""
        self.created += counts.created
        self.updated += counts.updated
        self.unchanged += counts.unchanged

    def counts(self) -> dict[str, Any]:
        """Plain counts for the job result and the audit event."""
        return {
            "kind": self.kind,
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "bad": self.refused,
        }


def bad_rows_csv(problems: Sequence[Problem], headers: Sequence[str] = ()) -> bytes:
    """The bad rows as CSV: row, column, value, reason, then the row's own cells.

    UTF-8 with a BOM so that Excel opens it right; every cell is neutralised against
    formula injection, since the values come from the uploaded file.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [neutralise(c) for c in (_("Row"), _("Column"), _("Value"), _("Reason"), *headers)]
    )
    for p in problems:
        writer.writerow([p.row, *(neutralise(c) for c in (p.column, p.value, p.reason, *p.cells))])
    return out.getvalue().encode("utf-8-sig")
