"""Where rows may go: the posyandu the importer may act on, found by code or by name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from replika.core.access import live_region_ids, scoped
from replika.core.importing import RowProblem
from replika.core.models import Unit, User
from replika.nutrition import rules, unit_kinds
from replika.nutrition.permissions import IMPORT_DATA


class Posyandus:
    """The active posyandu of live regions within the importer's reach (IMPORT_DATA)."""

    def __init__(self, user: User) -> None:
        units = scoped(
            Unit.objects.filter(
                kind=unit_kinds.POSYANDU, active=True, region_id__in=live_region_ids("nutrition")
            ),
            user,
            IMPORT_DATA,
        ).only("id", "code", "name", "region_id", "location_id")
        self.by_id: dict[int, Unit] = {u.pk: u for u in units}
        self.by_code: dict[str, Unit] = {u.code.lower(): u for u in units if u.code}
        self.by_name: dict[str, list[Unit]] = {}
        self.cache: dict[str, Unit | RowProblem | None] = {}
        for unit in self.by_id.values():
            self.by_name.setdefault(rules.name_key(unit.name), []).append(unit)

    def find(self, value: str) -> Unit | None:
        """The posyandu a cell names; a blank cell is None; unknown or ambiguous is refused."""
        # A file names the same few posyandu thousands of times: remember each answer.
        if value not in self.cache:
            try:
                self.cache[value] = self._find(value)
            except RowProblem as problem:
                self.cache[value] = problem
        found = self.cache[value]
        if isinstance(found, RowProblem):
            raise found
        return found

    def _find(self, value: str) -> Unit | None:
        """Look one posyandu name or code up."""
        if not value:
            return None
        if value.lower() in self.by_code:
            return self.by_code[value.lower()]
        named = self.by_name.get(rules.name_key(value), [])
        if len(named) == 1:
            return named[0]
        if named:
            raise RowProblem("posyandu", _("several of your posyandu have this name; use its code"))
        raise RowProblem("posyandu", _("not a posyandu you may import for"))
