"""Demo of SI JABPRI in Kota Padang Panjang and Kabupaten Tanah Datar (all marked demo).

Padang Panjang chose SI JABPRI on 15 Nov 2021 (public record); the agencies, trees,
positions, tasks, decisions and library entries below are made up for the demonstration.
The first position is the worked example of the domain note (Pengadministrasi Perkantoran:
56,880 minutes a year, need 0.7584 → 1 person, 2 holders → surplus 1, EJ 0.3792 → E).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from replika.core import services as core_services
from replika.core.demo import demo_user
from replika.core.models import Unit, User, Wilayah
from replika.core.roles import role_label
from replika.positions import unit_kinds
from replika.positions.models import LibraryEntry, OrgUnit, Position, Status
from replika.positions.rules.catalogue import V41_2018, V45_2022
from replika.positions.services import anjab, library, structure, workflow

PADANG_PANJANG = "13.74"
TANAH_DATAR = "13.04"

ADMIN_ANJAB: dict[str, Any] = {
    "ikhtisar": (
        "Melakukan kegiatan pengadministrasian perkantoran meliputi agenda surat, "
        "konsep surat, kearsipan, laporan dan data kepegawaian sesuai prosedur."
    ),
    "kualifikasi": [
        {"jenis": "Pendidikan formal", "uraian": "D-III Administrasi Perkantoran"},
        {"jenis": "Pendidikan dan pelatihan", "uraian": "Pelatihan kearsipan dinamis"},
        {"jenis": "Pengalaman kerja", "uraian": "1 tahun di bidang administrasi"},
    ],
    "bahan_kerja": [
        {"bahan": "Surat masuk dan keluar", "penggunaan": "Agenda dan konsep surat"},
        {"bahan": "Data pegawai", "penggunaan": "Pemutakhiran data kepegawaian"},
    ],
    "perangkat_kerja": [
        {"perangkat": "Komputer dan printer", "penggunaan": "Mengetik dan mencetak"},
        {"perangkat": "Aplikasi persuratan elektronik", "penggunaan": "Agenda surat"},
    ],
    "tanggung_jawab": ["Ketepatan agenda surat", "Kerapian arsip", "Ketepatan data pegawai"],
    "wewenang": ["Meminta kelengkapan berkas", "Menolak berkas yang tidak lengkap"],
    "korelasi": [
        {"jabatan": "Kepala Subbagian Umum", "unit_kerja": "Sekretariat", "dalam_hal": "Laporan"}
    ],
    "kondisi_lingkungan": [
        {"aspek": "Tempat kerja", "faktor": "Di dalam ruangan"},
        {"aspek": "Suhu", "faktor": "Sejuk"},
    ],
    "risiko_bahaya": [{"risiko": "Kelelahan mata", "penyebab": "Bekerja lama di depan layar"}],
    "syarat_jabatan": [
        {"aspek": "Pengetahuan", "uraian": "Tata naskah dinas"},
        {"aspek": "Keterampilan", "uraian": "Mengetik dan mengoperasikan komputer"},
    ],
    "prestasi_kerja": ["2.400 agenda surat setahun", "12 laporan bulanan setahun"],
}
# The worked example of the domain note: 56,880 minutes a year.
ADMIN_TASKS = [
    ("Mengagendakan surat masuk", "Agenda surat", "surat", 2400, 5),
    ("Menyusun konsep surat", "Konsep surat", "konsep", 600, 30),
    ("Mengarsipkan dokumen", "Arsip dokumen", "dokumen", 3000, 4),
    ("Menyusun laporan bulanan", "Laporan bulanan", "laporan", 12, 240),
    ("Menginput data pegawai", "Data pegawai", "data", 1200, 10),
]
DATA_TASKS = [
    ("Mengumpulkan data layanan", "Data layanan", "berkas", 900, 20),
    ("Mengolah data ke aplikasi", "Data terolah", "berkas", 900, 35),
    ("Menyusun rekap triwulan", "Rekap", "laporan", 4, 480),
]
PRANATA_TASKS = [
    ("Memelihara server dan jaringan", "Laporan pemeliharaan", "kegiatan", 96, 300),
    ("Mengembangkan aplikasi layanan", "Modul aplikasi", "modul", 12, 2400),
    ("Menangani gangguan pengguna", "Tiket selesai", "tiket", 600, 45),
]
LEAD_TASKS = [
    ("Merencanakan program kerja subbagian", "Rencana kerja", "dokumen", 1, 2400),
    ("Membagi dan memeriksa tugas bawahan", "Disposisi", "disposisi", 1200, 15),
    ("Menyusun laporan kinerja", "Laporan kinerja", "laporan", 12, 480),
    ("Melaksanakan koordinasi", "Notulen", "rapat", 48, 180),
]


def _opd(region: Wilayah, name: str, label: str) -> Unit:
    existing = Unit.objects.filter(kind=unit_kinds.OPD, name=name, region=region).first()
    if existing is not None:
        return existing
    return structure.opd_create(
        actor=None, region=region, name=name, sotk_label=label, valid_from=dt.date(2021, 12, 31)
    )


def _root(opd: Unit) -> OrgUnit:
    return OrgUnit.objects.get(opd=opd, structure__is_current=True, parent__isnull=True)


def _unit(parent: OrgUnit, name: str) -> OrgUnit:
    found = OrgUnit.objects.filter(parent=parent, name=name).first()
    return found or structure.orgunit_create(actor=None, parent=parent, name=name)


def _position(
    unit: OrgUnit,
    title: str,
    kind: str,
    job_class: int,
    holders: int,
    tasks: list[tuple[str, str, str, int, int]],
    *,
    retiring: int = 0,
    nomenclature: str = "",
    summary: str = "",
) -> Position | None:
    """Create a position with its tasks; None when it exists (the demo runs again)."""
    if Position.objects.filter(org_unit=unit, title=title).exists():
        return None
    blocks = dict(ADMIN_ANJAB)
    if summary:
        blocks = {**blocks, "ikhtisar": summary}
    position = structure.position_create(
        actor=None,
        org_unit=unit,
        title=title,
        kind=kind,
        job_class=job_class,
        holders=holders,
        retiring_5y=retiring,
        nomenclature_version=nomenclature,
        anjab=blocks,
    )
    for description, output, output_unit, volume, norm in tasks:
        anjab.task_add(
            actor=None,
            position=position,
            description=description,
            output=output,
            output_unit=output_unit,
            volume=Decimal(volume),
            norm_minutes=Decimal(norm),
        )
    position.refresh_from_db()
    return position


def _approve(position: Position | None, verifier: User) -> None:
    if position is None:
        return
    workflow.anjab_submit(actor=None, position=position)
    workflow.anjab_review(actor=verifier, position=position, decision=Status.APPROVED, comments={})


def _padang_panjang(verifier: User) -> Unit:
    region = Wilayah.objects.get(code=PADANG_PANJANG)
    opd = _opd(
        region,
        "Dinas Komunikasi dan Informatika (demo)",
        "Perwako Padang Panjang tentang Susunan Organisasi Perangkat Daerah (demo)",
    )
    root = _root(opd)
    secretariat = _unit(root, "Sekretariat")
    general = _unit(secretariat, "Subbagian Umum dan Kepegawaian")
    apps = _unit(root, "Bidang Aplikasi Informatika")
    head = _position(root, "Kepala Dinas", "jpt", 14, 1, LEAD_TASKS, summary="Memimpin dinas.")
    _approve(head, verifier)
    lead = _position(general, "Kepala Subbagian Umum dan Kepegawaian", "pengawas", 9, 1, LEAD_TASKS)
    _approve(lead, verifier)
    if lead is not None:
        library.library_publish(actor=verifier, position=lead, is_demo=True)
    clerk = _position(
        general,
        "Pengadministrasi Perkantoran",
        "pelaksana",
        5,
        2,
        ADMIN_TASKS,
        retiring=1,
        nomenclature=V45_2022,
    )
    _approve(clerk, verifier)
    if clerk is not None:
        library.library_publish(actor=verifier, position=clerk, is_demo=True)
    data = _position(general, "Pengolah Data", "pelaksana", 7, 4, DATA_TASKS, nomenclature=V41_2018)
    if data is not None:
        workflow.anjab_submit(actor=None, position=data)
        workflow.anjab_review(
            actor=verifier,
            position=data,
            decision=Status.RETURNED,
            comments={
                "tugas_pokok": "Norma waktu olah data terlalu besar; sesuaikan dengan SOP.",
                "identitas": "Nama jabatan harus disesuaikan dengan PermenPANRB 45/2022.",
            },
        )
    pranata = _position(
        apps,
        "Pranata Komputer Ahli Muda",
        "fungsional",
        9,
        1,
        PRANATA_TASKS,
        summary="Melaksanakan pengelolaan infrastruktur dan aplikasi teknologi informasi.",
    )
    if pranata is not None:
        workflow.anjab_submit(actor=None, position=pranata)
    return opd


def _tanah_datar(verifier: User) -> Unit:
    region = Wilayah.objects.get(code=TANAH_DATAR)
    opd = _opd(
        region,
        "Dinas Komunikasi dan Informatika Tanah Datar (demo)",
        "Perbup Tanah Datar tentang Susunan Organisasi Perangkat Daerah (demo)",
    )
    root = _root(opd)
    secretariat = _unit(root, "Sekretariat")
    _position(secretariat, "Sekretaris", "administrator", 11, 1, LEAD_TASKS)
    entry = LibraryEntry.objects.filter(
        source_region__code=PADANG_PANJANG, title="Pengadministrasi Perkantoran"
    ).first()
    if (
        entry is not None
        and not Position.objects.filter(org_unit=secretariat, origin=entry).exists()
    ):
        library.library_copy(actor=verifier, entry=entry, org_unit=secretariat, holders=3)
    return opd


def run(log: Any) -> list[tuple[str, str]]:
    """Agencies, trees, positions, decisions, library entries, and the SI JABPRI accounts."""
    accounts: list[tuple[str, str]] = []
    verifiers = {}
    for code, slug in ((PADANG_PANJANG, "padangpanjang"), (TANAH_DATAR, "tanahdatar")):
        region = Wilayah.objects.get(code=code)
        for role, who in (
            ("verifikator_organisasi", "Verifikator Bagian Organisasi"),
            ("bkpsdm", "Analis Formasi BKPSDM"),
        ):
            username = f"{'verifikator' if role != 'bkpsdm' else 'bkpsdm'}.{slug}"
            user = demo_user(username, f"{who} {region.name}")
            core_services.membership_grant(actor=None, user=user, wilayah=region, role=role)
            accounts.append((username, f"{role_label(role)} — {region.name}"))
            if role == "verifikator_organisasi":
                verifiers[code] = user
    opds = {
        PADANG_PANJANG: _padang_panjang(verifiers[PADANG_PANJANG]),
        TANAH_DATAR: _tanah_datar(verifiers[TANAH_DATAR]),
    }
    for code, slug in ((PADANG_PANJANG, "padangpanjang"), (TANAH_DATAR, "tanahdatar")):
        opd = opds[code]
        username = f"penyusun.{slug}"
        user = demo_user(username, f"Penyusun Anjab {opd.name}")
        core_services.membership_grant(
            actor=None, user=user, wilayah=opd.region, role="penyusun_opd", unit=opd
        )
        accounts.append((username, f"{role_label('penyusun_opd')} — {opd.name}"))
    log(
        _("positions: %(positions)d positions, %(shared)d shared")
        % {"positions": Position.objects.count(), "shared": LibraryEntry.objects.count()}
    )
    return accounts
