"""The executor (pelaksana) title catalogue as SI JABPRI ships it, oldest version first.

PermenPANRB 41/2018 was replaced by 45/2022 (11 Oct 2022), then by KepmenPANRB 11/2024 and
282/2025 (15 Jul 2025: three classifications, klerek, operator and teknisi; a year to adjust)
[jdih.maritim.go.id; organisasikutaitimurkab.blogspot.com 2023/01; kerjapns.com 2025/07].

What was checked, and how far (the annexes themselves could not be retrieved):
- The titles of ``ATTESTED_2022`` are in use as executor titles in public job maps and staff
  lists of 2024-2025 (regional and KPU offices; one job map gives their classes:
  Penelaah Teknis Kebijakan 7, Pengolah Data dan Informasi 6, Pengadministrasi Perkantoran 5).
  Every rename below leads to one of them (tested).
- Which 41/2018 title became which is from secondary sources only: a working subset for the
  migration flags, not law. The organisation bureau checks it against the annex. No pair was
  added without such a source; titles seen in use but whose predecessor is unknown are listed
  in ``ATTESTED_2022`` only.
- No rename made by KepmenPANRB 11/2024 or 282/2025 could be confirmed: the titles above were
  still in use after both, so none is shipped. An earlier guess (Penata Layanan Operasional →
  "Penata Kelola Layanan Operasional" in 282/2025) had no source and was withdrawn.
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
        V282_2025: {},
    },
)

# Executor titles of the 45/2022 generation seen in use in 2024-2025 (see the module note).
ATTESTED_2022: frozenset[str] = frozenset(
    {
        "Pengadministrasi Perkantoran",
        "Pengolah Data dan Informasi",
        "Penelaah Teknis Kebijakan",
        "Penata Layanan Operasional",
        "Pengelola Layanan Operasional",
        "Operator Layanan Operasional",
        "Penata Kelola Sistem dan Teknologi Informasi",
        "Penyusun Materi Hukum dan Perundang-undangan",
    }
)


def known_version(version: str) -> bool:
    """Whether ``version`` is a version of the shipped catalogue."""
    return version in VERSIONS
