"""Preview of a measurement import that would overwrite values entered this month.

The import runs exactly as it would (same parser, same matching, same upsert), inside a
transaction that is then rolled back: the counts it reports (new, updated, unchanged,
refused) are the real ones, and nothing stays written — no measurement, referral, import
run or audit event. Only this month's rows the user may see are compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from replika.core.access import scoped
from replika.core.models import User
from replika.nutrition import rules
from replika.nutrition.models import Measurement
from replika.nutrition.permissions import IMPORT_DATA

COMPARED = ("weight", "lenhei", "measure", "oedema", "headc", "armc", "visit_date")


@dataclass(frozen=True)
class Change:
    """One value of this month that the import would change."""

    child: str
    field: str
    before: Any
    after: Any


@dataclass
class Preview:
    """What an import would do: its counts and the changes to this month's stored values."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    changes: list[Change] = field(default_factory=list)

    @property
    def overwrites(self) -> bool:
        """Whether the import would change a value entered this month."""
        return bool(self.changes)


class _Rollback(Exception):
    """Raised to undo the trial import."""


def _this_month(user: User) -> dict[int, dict[str, Any]]:
    """This month's stored measurements the importer may import over, by id."""
    period = rules.period_of(timezone.localdate())
    rows = scoped(Measurement.objects.filter(period=period), user, IMPORT_DATA)
    return {row["id"]: row for row in rows.values("id", "child__name", *COMPARED)}


def has_this_months_values(user: User) -> bool:
    """Whether any measurement of this month could be overwritten by the user's import."""
    period = rules.period_of(timezone.localdate())
    return scoped(Measurement.objects.filter(period=period), user, IMPORT_DATA).exists()


def _shown(value: Any) -> Any:
    """A stored value as the preview shows it."""
    return str(value) if isinstance(value, Decimal) else value


def preview_file(*, user: User, kind: str, file_type: str, content: bytes) -> Preview:
    """Run the import of a file as a trial and report what it would do (nothing is kept)."""
    from replika.nutrition.importers import import_file

    preview = Preview()
    try:
        with transaction.atomic():
            before = _this_month(user)
            result = import_file(user=user, kind=kind, file_type=file_type, content=content)
            after = _this_month(user)
            preview.created, preview.updated = result.created, result.updated
            preview.unchanged, preview.refused = result.unchanged, result.refused
            for pk, old in sorted(before.items(), key=lambda item: item[1]["child__name"]):
                new = after.get(pk)
                if new is None:
                    continue
                for key in COMPARED:
                    if old[key] != new[key]:
                        preview.changes.append(
                            Change(old["child__name"], key, _shown(old[key]), _shown(new[key]))
                        )
            raise _Rollback
    except _Rollback:
        pass
    return preview
