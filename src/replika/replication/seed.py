"""Facts about the five innovations Sumatera Barat's regions committed to replicate.

Sources: the KemenPANRB replication programme as summarised in the project's domain notes
(origin, owner, KIPP award and year where recorded there).
"""

from __future__ import annotations

from typing import Any

INNOVATIONS: list[dict[str, Any]] = [
    {
        "code": "ayo-ceting",
        "acronym": "Ayo Ceting",
        "name": "Ayo Cegah Stunting",
        "origin_region": "Kota Padang",
        "owner_agency": "Dinas Kesehatan Kota Padang (Puskesmas Andalas)",
        "award": "KIPP Top 99",
        "award_year": 2020,
        "category": "Kesehatan",
        "summary": (
            "Pencegahan stunting sejak 25 Februari 2019 di Puskesmas Andalas, diadopsi seluruh "
            "puskesmas Kota Padang (Perwako 64/2020): kelas ibu hamil lewat WhatsApp, Rumah Gizi "
            "untuk balita gizi kurang, dan aplikasi pemantauan gizi. Stunting di wilayah Andalas "
            "turun dari 26,9% (2018) menjadi 12%."
        ),
        "must_keep": (
            "Pengukuran rutin di posyandu dengan standar WHO, rujukan kasus ke puskesmas dan "
            "Rumah Gizi, edukasi ibu hamil."
        ),
        "may_modify": (
            "Nama layanan, sub-program yang dijalankan, aturan peringatan, batas waktu laporan."
        ),
        "module_code": "nutrition",
        "sort_order": 1,
    },
    {
        "code": "poltabes",
        "acronym": "Poltabes",
        "name": "Program Pelayanan Tak Boleh Berhenti Sekolah",
        "origin_region": "Kota Palembang",
        "owner_agency": "Dinas Pendidikan Kota Palembang",
        "award": "KIPP Top 45",
        "award_year": 2020,
        "category": "Pendidikan",
        "summary": (
            "Sejak 2019 (Perwali 20/2020) tim lapangan mendata dan menjangkau anak tidak "
            "sekolah, menempatkan mereka di kelas filial SKB atau program kesetaraan, dan "
            "mendukung mereka sampai lulus. Anak putus sekolah turun dari 1.278 (2018) "
            "menjadi 491 (2020)."
        ),
        "must_keep": "Pendataan by-name, penempatan, dukungan dan pemantauan sampai lulus.",
        "may_modify": "Batas usia, katalog bantuan, daftar alasan, nama program.",
        "module_code": "schooling",
        "sort_order": 2,
    },
    {
        "code": "sip-banget",
        "acronym": "SIP Banget",
        "name": "Sistem Informasi Pariwisata dan Pengembangan Ekonomi Kreatif",
        "origin_region": "Kota Batu",
        "owner_agency": "Dinas Pariwisata Kota Batu",
        "award": "KIPP Top 99",
        "award_year": 2021,
        "category": "Pariwisata dan ekonomi kreatif",
        "summary": (
            "Registri destinasi, akomodasi dan pelaku ekonomi kreatif, laporan kunjungan "
            "bulanan dari pengelola, statistik pariwisata dan portal publik."
        ),
        "must_keep": "Laporan bulanan pengelola dan statistik menurut definisi BPS.",
        "may_modify": (
            "Kategori, tema unggulan, batas waktu laporan, pengelola yang wajib melapor."
        ),
        "module_code": "tourism",
        "sort_order": 3,
    },
    {
        "code": "pikobar",
        "acronym": "Pikobar",
        "name": "Pusat Informasi dan Koordinasi COVID-19 Jawa Barat",
        "origin_region": "Provinsi Jawa Barat",
        "owner_agency": "Pemerintah Provinsi Jawa Barat (Jabar Digital Service)",
        "award": "",
        "award_year": None,
        "category": "Kesehatan",
        "summary": (
            "Portal satu pintu sejak 20 Maret 2020: data kasus, pelaporan dan verifikasi "
            "kasus oleh fasilitas kesehatan, pelacakan kontak, logistik dan dasbor publik. "
            "Direplikasi sebagai pusat informasi dan koordinasi untuk penyakit yang dapat "
            "dikonfigurasi."
        ),
        "must_keep": "Pelaporan dan verifikasi kasus, pelacakan, logistik, dasbor publik.",
        "may_modify": "Penyakit yang dipantau dan kriteria kasusnya, informasi publik.",
        "module_code": "outbreak",
        "sort_order": 4,
    },
    {
        "code": "si-jabpri",
        "acronym": "SI JABPRI",
        "name": "Sistem Informasi Jabatan Provinsi Riau",
        "origin_region": "Provinsi Riau",
        "owner_agency": "Biro Organisasi Sekretariat Daerah Provinsi Riau",
        "award": "KIPP Top 99",
        "award_year": 2021,
        "category": "Tata kelola pemerintahan",
        "summary": (
            "Analisis jabatan dan analisis beban kerja (PermenPANRB 1/2020) untuk 4.799 jabatan, "
            "kebutuhan formasi dan peta jabatan berdasarkan beban kerja."
        ),
        "must_keep": "Anjab dan ABK menurut PermenPANRB 1/2020, verifikasi Bagian Organisasi.",
        "may_modify": "Struktur organisasi, pustaka jabatan standar, alur verifikasi.",
        "module_code": "positions",
        "sort_order": 5,
    },
]


def seed_innovations(model: Any) -> int:
    """Create or refresh the five innovations; returns how many were created."""
    created = 0
    for facts in INNOVATIONS:
        _, was_created = model.objects.update_or_create(
            code=facts["code"], defaults={k: v for k, v in facts.items() if k != "code"}
        )
        created += int(was_created)
    return created
