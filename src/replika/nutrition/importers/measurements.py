"""Monthly measurements from e-PPGBM: each row matched to a reachable child, upserted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from replika.core.access import scoped
from replika.core.importing import Chunk, ImportContext, Row, RowProblem
from replika.core.models import Unit
from replika.nutrition import rules
from replika.nutrition.importers.places import Posyandus
from replika.nutrition.models import Child
from replika.nutrition.permissions import IMPORT_DATA
from replika.nutrition.services import bulk

VALUE_KEYS = ("weight", "lenhei", "measure", "oedema", "headc", "armc")
CHILD_FIELDS = ("id", "unit_id", "region_id", "location_id", "sex", "birth_date")


@dataclass(frozen=True)
class Wanted:
    """A measurement row parsed, before its child is found."""

    nik: str
    unit: Unit | None
    name_key: str
    birth_date: dt.date | None
    mother_key: str
    visit_date: dt.date
    values: dict[str, Any]


def check_period(period: tuple[int | None, int] | None, visit_date: dt.date) -> None:
    """The month column, when given, must be the month of the measurement date."""
    if period is None:
        return
    year, number = period
    if (year or visit_date.year, number) != (visit_date.year, visit_date.month):
        raise RowProblem("period", _("the month differs from the measurement date"))


@dataclass
class MeasurementRows:
    """Row parser and writer of one measurement import."""

    context: ImportContext
    posyandus: Posyandus
    seen: dict[tuple[int, int, int], int] = field(default_factory=dict)

    @property
    def absent(self) -> frozenset[str]:
        """The measured values this file has no column for: a stored month keeps them (an
        e-PPGBM export has no oedema column; it must not clear an oedema typed in)."""
        return frozenset(key for key in VALUE_KEYS if key not in self.context.columns)

    @classmethod
    def start(cls, context: ImportContext) -> MeasurementRows:
        """The handler for one run, knowing the importer's posyandu."""
        if context.actor is None:
            raise ValueError("an e-PPGBM import runs as the user who uploaded the file")
        return cls(context, Posyandus(context.actor))

    def parse(self, row: Row) -> Wanted:
        """Check one row's cells together (no database except the posyandu lookup)."""
        v = row.values
        visit_date: dt.date = v["visit_date"]
        check_period(v["period"], visit_date)
        nik, name, mother = v["nik"], v["name"], v["mother_name"]
        if not nik and not (name and v["birth_date"] and mother):
            raise RowProblem("nik", _("give the NIK, or the name, birth date and mother's name"))
        if v["weight"] is None and v["lenhei"] is None:
            raise RowProblem("weight", _("give the weight or the length/height"))
        return Wanted(
            nik=nik,
            unit=self.posyandus.find(v["posyandu"]),
            name_key="" if nik else rules.name_key(name),
            birth_date=v["birth_date"],
            mother_key="" if nik else rules.name_key(mother),
            visit_date=visit_date,
            values={key: v[key] for key in VALUE_KEYS},
        )

    def _children(self, wanted: list[Wanted]) -> tuple[dict[str, Any], dict[Any, list[Any]]]:
        """The reachable children a chunk names: by NIK, and by (name, birth, mother)."""
        actor = self.context.actor
        base = scoped(Child.objects.all(), actor, IMPORT_DATA)
        by_nik: dict[str, bulk.ChildRef] = {}
        niks = {w.nik for w in wanted if w.nik}
        if niks:
            for found_nik, *ref in base.filter(nik__in=niks).values_list("nik", *CHILD_FIELDS):
                by_nik[found_nik] = bulk.ChildRef(*ref)
        by_name: dict[tuple[str, dt.date, str], list[bulk.ChildRef]] = {}
        names = {w.name_key for w in wanted if not w.nik}
        if names:
            query = base.filter(name_key__in=names, unit_id__in=list(self.posyandus.by_id))
            for key, mother, *ref in query.values_list("name_key", "mother_key", *CHILD_FIELDS):
                child = bulk.ChildRef(*ref)
                by_name.setdefault((key, child.birth_date, mother), []).append(child)
        return by_nik, by_name

    @staticmethod
    def _child_of(w: Wanted, by_nik: dict[str, Any], by_name: dict[Any, list[Any]]) -> Any:
        """The one child a row names, within the row's posyandu when it gives one."""
        if w.nik:
            child = by_nik.get(w.nik)
            if child is None:
                raise RowProblem("nik", _("no child with this NIK at your posyandu"))
            return child
        found = by_name.get((w.name_key, w.birth_date, w.mother_key), [])
        if w.unit is not None:
            found = [c for c in found if c.unit_id == w.unit.pk]
        if not found:
            raise RowProblem("name", _("no child with this name, birth date and mother"))
        if len(found) > 1:
            raise RowProblem("name", _("several children match; give the NIK"))
        return found[0]

    def store(self, chunk: Chunk[Wanted]) -> bulk.Counts:
        """Match each row's child, refuse clashes, and upsert the chunk's measurements."""
        by_nik, by_name = self._children([w for _row, w in chunk.rows])
        items: list[bulk.MeasurementIn] = []
        for row, w in chunk.rows:
            try:
                child = self._child_of(w, by_nik, by_name)
                if w.visit_date < child.birth_date:
                    raise RowProblem("visit_date", _("before the child's birth date"))
                key = (child.id, w.visit_date.year, w.visit_date.month)
                if key in self.seen:
                    raise RowProblem(
                        "visit_date",
                        _("row %(row)s already has this child's month") % {"row": self.seen[key]},
                    )
            except RowProblem as problem:
                chunk.refuse(row, problem.key, problem.reason)
                continue
            self.seen[key] = row.number
            items.append(
                bulk.MeasurementIn(
                    child=child, visit_date=w.visit_date, keep=self.absent, **w.values
                )
            )
        return bulk.measurements_upsert(
            actor=self.context.actor, items=items, import_run=self.context.run
        )
