"""Base data (children) from e-PPGBM: matched by NIK or name + birth date + mother, upserted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from replika.core.access import scoped
from replika.core.importing import Chunk, ImportContext, Row, RowProblem
from replika.nutrition import rules
from replika.nutrition.importers.places import Posyandus
from replika.nutrition.models import Child
from replika.nutrition.permissions import IMPORT_DATA
from replika.nutrition.services import bulk
from replika.nutrition.services.duplicates import outside_refusal

# The child's NIK must agree with its birth date and sex; the parents' with their sex.
NIK_KEYS = ("nik", "mother_nik", "father_nik")


def _nik_problem(key: str, value: str, child: bulk.ChildIn) -> str:
    """Why a row's NIK is not valid for the person it names ('' when it is)."""
    if not value:
        return ""
    if key == "nik":
        return rules.nik_problem(value, child.birth_date, child.sex == 2)
    return rules.nik_problem(value, None, key == "mother_nik")


@dataclass
class ChildRows:
    """Row parser and writer of one base-data import."""

    context: ImportContext
    posyandus: Posyandus
    seen: dict[tuple[Any, ...], int] = field(default_factory=dict)

    @classmethod
    def start(cls, context: ImportContext) -> ChildRows:
        """The handler for one run, knowing the importer's posyandu."""
        if context.actor is None:
            raise ValueError("an e-PPGBM import runs as the user who uploaded the file")
        return cls(context, Posyandus(context.actor))

    def parse(self, row: Row) -> bulk.ChildIn:
        """Check one row's cells together (no database except the posyandu lookup)."""
        v = row.values
        unit = self.posyandus.find(v["posyandu"])
        if unit is None:
            raise RowProblem("posyandu", _("required"))
        child = bulk.ChildIn(
            unit_id=unit.pk,
            region_id=unit.region_id,
            location_id=unit.location_id,
            nik=v["nik"],
            no_kk=v["no_kk"],
            name=v["name"],
            sex=v["sex"],
            birth_date=v["birth_date"],
            birth_order=v["birth_order"],
            birth_weight=v["birth_weight"],
            birth_length=v["birth_length"],
            mother_name=v["mother_name"],
            mother_nik=v["mother_nik"],
            father_nik=v["father_nik"],
            address=v["address"],
        )
        for key in NIK_KEYS:
            problem = _nik_problem(key, v[key], child)
            if problem:
                raise RowProblem(key, _("NIK %(problem)s") % {"problem": _(problem)})
        return child

    def _existing(self, items: list[bulk.ChildIn]) -> tuple[dict[str, int], dict[Any, int]]:
        """Reachable children matching a chunk by NIK, and by posyandu + name + birth + mother."""
        base = scoped(Child.objects.all(), self.context.actor, IMPORT_DATA)
        niks = {i.nik for i in items if i.nik}
        by_nik = dict(base.filter(nik__in=niks).values_list("nik", "id")) if niks else {}
        names = {rules.name_key(i.name) for i in items}
        by_name: dict[tuple[Any, ...], int] = {}
        rows = base.filter(name_key__in=names, unit_id__in={i.unit_id for i in items})
        fields = ("id", "unit_id", "name_key", "birth_date", "mother_key")
        for pk, unit_id, key, born, mother in rows.values_list(*fields).order_by("pk"):
            by_name.setdefault((unit_id, key, born, mother), pk)
        return by_nik, by_name

    def store(self, chunk: Chunk[bulk.ChildIn]) -> bulk.Counts:
        """Refuse NIKs registered elsewhere and repeats, then upsert the chunk's children."""
        items = [item for _row, item in chunk.rows]
        # A registration page at one of these posyandu waits until this chunk is stored.
        bulk.lock_units({i.unit_id for i in items})
        by_nik, by_name = self._existing(items)
        elsewhere = bulk.taken_niks({i.nik for i in items if i.nik}) - set(by_nik)
        upserts: list[tuple[bulk.ChildIn, int | None]] = []
        for row, item in chunk.rows:
            name_match = (
                item.unit_id,
                rules.name_key(item.name),
                item.birth_date,
                rules.name_key(item.mother_name),
            )
            key = ("nik", item.nik) if item.nik else name_match
            if item.nik in elsewhere:
                # Outside the importer's scope: no place is named; counted and audited.
                refusal = outside_refusal(
                    actor=self.context.actor, field="nik", nik=item.nik, register="child"
                )
                chunk.refuse(row, "nik", refusal.message_dict["nik"][0])
                continue
            if key in self.seen:
                chunk.refuse(row, "name", _("same child as row %(row)s") % {"row": self.seen[key]})
                continue
            self.seen[key] = row.number
            upserts.append((item, by_nik.get(item.nik) or by_name.get(name_match)))
        return bulk.children_upsert(
            actor=self.context.actor, items=upserts, import_run=self.context.run
        )
