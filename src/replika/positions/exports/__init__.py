"""Files made from the positions a user may see: e-Formasi sheets and the Anjab workbook."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.exporting import Sheet, csv_bytes, xlsx_bytes
from replika.core.models import User
from replika.positions.models import Position
from replika.positions.permissions import EXPORT_FORMATION
from replika.positions.selectors import structure as sel

FORMATION_COLUMNS = (
    "unit_kerja",
    "jabatan",
    "jenis",
    "kelas",
    "kebutuhan_abk",
    "bezetting",
    "selisih",
    "pensiun_5_tahun",
    "terverifikasi",
)


def formation_rows(positions: Any) -> list[list[object]]:
    """One row a position, shaped for e-Formasi / SIASN (need from the verified ABK)."""
    rows = []
    for p in positions:
        need = p.verified_need_people if p.verified_need_people is not None else p.need_people
        rows.append(
            [
                f"{p.opd.name} / {p.org_unit.name}",
                p.title,
                p.get_kind_display(),
                p.job_class,
                need,
                p.holders,
                p.holders - need,
                p.retiring_5y,
                "ya" if p.verified_version is not None else "tidak",
            ]
        )
    return rows


def formation_xlsx(positions: Any) -> bytes:
    """The e-Formasi sheet as xlsx."""
    return xlsx_bytes([Sheet(_("Formation"), list(FORMATION_COLUMNS), formation_rows(positions))])


def formation_csv(positions: Any) -> bytes:
    """The e-Formasi sheet as CSV."""
    return csv_bytes(list(FORMATION_COLUMNS), formation_rows(positions))


def formation_file(*, user: User, region_id: int, file_format: str) -> tuple[str, bytes, int]:
    """(file name, content, rows) of a region's formation sheet, as ``user`` may see it.

    Asked again when the job runs: a user who lost the region meanwhile gets nothing (404).
    """
    region = sel.region_for(user, EXPORT_FORMATION, region_id)
    positions = sel.formation_positions(user, EXPORT_FORMATION, region)
    rows = len(positions)
    # Who took which region's formation sheet, and when, is kept with the other exports.
    audit.record_read(
        actor=user,
        what="positions_export",
        model=Position._meta.label_lower,
        region=region,
        detail={"rows": rows, "format": file_format},
    )
    stamp = timezone.localdate().isoformat()
    name = f"formasi-{region.code}-{stamp}.{file_format}"
    if file_format == "csv":
        return name, formation_csv(positions), rows
    return name, formation_xlsx(positions), rows


def anjab_xlsx(position: Position, document: dict[str, Any], labels: dict[str, str]) -> bytes:
    """One position's Anjab as a workbook: the blocks, and the tasks with their ABK."""
    lines: list[list[object]] = []
    for code, value in document.items():
        if code == "tugas_pokok":
            continue
        lines.append([labels.get(code, code), ""])
        if isinstance(value, dict):
            lines += [[f"  {k}", v] for k, v in value.items()]
        elif isinstance(value, list):
            for item in value:
                text = " | ".join(str(v) for v in item.values()) if isinstance(item, dict) else item
                lines.append(["", text])
        else:
            lines.append(["", value])
    task_header = [
        _("Task"),
        _("Output"),
        _("Unit"),
        _("Volume"),
        _("Norm (minutes)"),
        _("Minutes"),
    ]
    tasks = [
        [
            t.description,
            t.output,
            t.output_unit,
            t.volume,
            t.norm_minutes,
            t.volume * t.norm_minutes,
        ]
        for t in position.tasks.all()
    ]
    tasks.append(["", "", "", "", _("Total"), position.total_minutes])
    tasks.append(["", "", "", "", _("Need (people)"), position.need])
    return xlsx_bytes(
        [Sheet(_("Anjab"), [_("Block"), _("Content")], lines), Sheet(_("ABK"), task_header, tasks)]
    )
