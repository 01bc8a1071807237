"""Loading of the Kemendagri region codes for Sumatera Barat shipped with the package."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "wilayah_sumbar.csv"


def _int_or_none(text: str) -> int | None:
    return int(text) if text.strip() else None


def read_rows(path: Path = DATA_FILE) -> list[dict[str, Any]]:
    """Rows of the region file as typed dicts, parents before children."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            {
                "code": row["kode"],
                "name": row["nama"],
                "level": int(row["tingkat"]),
                "kind": row["jenis"],
                "parent_code": row["induk"] or None,
                "area_km2": Decimal(row["luas_km2"]) if row["luas_km2"].strip() else None,
                "population_male": _int_or_none(row["penduduk_laki"]),
                "population_female": _int_or_none(row["penduduk_perempuan"]),
                "population": _int_or_none(row["penduduk_total"]),
            }
            for row in csv.DictReader(handle)
        ]
    rows.sort(key=lambda r: (r["level"], r["code"]))
    return rows


FIELDS = ("name", "level", "kind", "area_km2", "population_male", "population_female", "population")


def load(model: Any, path: Path = DATA_FILE) -> tuple[int, int]:
    """Insert missing regions and update changed ones; returns (created, updated).

    ``model`` is passed in so that the data migration can use its historical model.
    """
    existing = {w.code: w for w in model.objects.all()}
    created = updated = 0
    for level in (1, 2, 3, 4):
        new, changed = [], []
        for row in (r for r in read_rows(path) if r["level"] == level):
            parent = existing.get(row["parent_code"]) if row["parent_code"] else None
            current = existing.get(row["code"])
            if current is None:
                obj = model(code=row["code"], parent=parent, **{f: row[f] for f in FIELDS})
                new.append(obj)
                continue
            if any(getattr(current, f) != row[f] for f in FIELDS) or current.parent_id != (
                parent.id if parent else None
            ):
                for f in FIELDS:
                    setattr(current, f, row[f])
                current.parent = parent
                changed.append(current)
        model.objects.bulk_create(new, batch_size=500)
        if changed:
            model.objects.bulk_update(changed, [*FIELDS, "parent"], batch_size=500)
        # Re-read this level so the next level can point at real ids (bulk_create on
        # SQLite does not return primary keys on every Django version).
        for w in model.objects.filter(level=level):
            existing[w.code] = w
        created += len(new)
        updated += len(changed)
    return created, updated
