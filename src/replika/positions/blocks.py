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


def labels() -> dict[str, str]:
    """Block code → label in the active language."""
    return {code: str(label) for code, label in BLOCK_LABELS.items()}
