"""The executor (pelaksana) title catalogue as SI JABPRI ships it, oldest version first.

PermenPANRB 41/2018 was replaced by 45/2022 (11 Oct 2022), then by KepmenPANRB 11/2024 and
282/2025 (15 Jul 2025; a year to adjust). The renames below are a working subset gathered
from secondary sources for the demonstration and the migration flags; they are data, not
law: the organisation bureau checks them against the decision's annex before relying on them.
"""

from __future__ import annotations

from replika.positions.rules.nomenclature import Nomenclature

V41_2018 = "PermenPANRB 41/2018"
V45_2022 = "PermenPANRB 45/2022"
V11_2024 = "KepmenPANRB 11/2024"
V282_2025 = "KepmenPANRB 282/2025"

VERSIONS: tuple[str, ...] = (V41_2018, V45_2022, V11_2024, V282_2025)
LATEST_VERSION = VERSIONS[-1]

CATALOGUE = Nomenclature(
    versions=VERSIONS,
    renames={
        V45_2022: {
            "Pengadministrasi Umum": "Pengadministrasi Perkantoran",
            "Pengolah Data": "Pengolah Data dan Informasi",
            "Pengelola Data": "Pengolah Data dan Informasi",
            "Analis Kepegawaian": "Penelaah Teknis Kebijakan",
            "Pengelola Kepegawaian": "Penata Layanan Operasional",
            "Pengemudi": "Operator Layanan Operasional",
            "Pramu Bakti": "Operator Layanan Operasional",
            "Pengadministrasi Keuangan": "Pengelola Layanan Operasional",
            "Pengelola Barang Milik Negara": "Pengelola Layanan Operasional",
            "Caraka": None,
        },
        V11_2024: {},
        V282_2025: {"Penata Layanan Operasional": "Penata Kelola Layanan Operasional"},
    },
)


def known_version(version: str) -> bool:
    """Whether ``version`` is a version of the shipped catalogue."""
    return version in VERSIONS
