"""The Anjab blocks as people read them (labels and help), in the official order."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

BLOCK_LABELS = {
    "identitas": _("1. Identity"),
    "ikhtisar": _("2. Job summary"),
    "kualifikasi": _("3. Qualifications"),
    "tugas_pokok": _("4. Main tasks and outputs"),
    "bahan_kerja": _("5. Work materials"),
    "perangkat_kerja": _("6. Work tools"),
    "tanggung_jawab": _("7. Responsibilities"),
    "wewenang": _("8. Authority"),
    "korelasi": _("9. Job correlations"),
    "kondisi_lingkungan": _("10. Working conditions"),
    "risiko_bahaya": _("11. Hazards"),
    "syarat_jabatan": _("12. Job requirements"),
    "prestasi_kerja": _("13. Expected performance"),
    "kelas_jabatan": _("14. Job class"),
}

COLUMN_LABELS = {
    "jenis": _("kind"),
    "uraian": _("description"),
    "bahan": _("material"),
    "penggunaan": _("used for"),
    "perangkat": _("tool"),
    "jabatan": _("position"),
    "unit_kerja": _("unit"),
    "dalam_hal": _("about"),
    "aspek": _("aspect"),
    "faktor": _("factor"),
    "risiko": _("risk"),
    "penyebab": _("cause"),
}


FIELD_LABELS = {
    "nama_jabatan": _("Position title"),
    "kode_jabatan": _("Position code"),
    "jenis": _("Kind"),
    "unit_kerja": _("Unit"),
    "opd": _("Agency"),
    "bezetting": _("Holders"),
    "kelas": _("Job class"),
    "total_menit": _("Minutes a year"),
    "kebutuhan": _("Need"),
    "kebutuhan_pegawai": _("People needed"),
}


def shaped(document: dict[str, object]) -> list[dict[str, object]]:
    """The blocks of a document with their label and shape, for pages and prints.

    Fields are (label, value) pairs; rows are lists of cells in column order.
    """
    from replika.positions.rules.blocks import BLOCKS

    out = []
    for code, shape, columns in BLOCKS:
        value = document.get(code)
        item: dict[str, object] = {"code": code, "label": BLOCK_LABELS[code], "shape": shape}
        if shape == "fields" and isinstance(value, dict):
            item["value"] = [(FIELD_LABELS.get(k, k), v) for k, v in value.items()]
        elif shape == "rows" and isinstance(value, list):
            item["value"] = [
                [row.get(c, "") for c in columns] for row in value if isinstance(row, dict)
            ]
            item["columns"] = [COLUMN_LABELS.get(c, c) for c in columns]
        else:
            item["value"] = value
        out.append(item)
    return out


def labels() -> dict[str, str]:
    """Block code → label in the active language."""
    return {code: str(label) for code, label in BLOCK_LABELS.items()}
