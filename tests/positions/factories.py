"""The positions test world: Kota Padang Panjang (owner) and Kabupaten Tanah Datar (outsider).

Rows are made through the services, so that paths, ABK figures and versions are right.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from replika.core.models import Unit, Wilayah
from replika.positions.models import OrgUnit, Position
from replika.positions.services import anjab, structure
from replika.replication.models import Stage
from tests.factories import make_commitment, region, user_with_role

# The worked example of the domain note: 56,880 minutes a year.
WORKED_EXAMPLE = [
    ("Mengagendakan surat masuk", 2400, 5),
    ("Menyusun konsep surat", 600, 30),
    ("Mengarsipkan dokumen", 3000, 4),
    ("Menyusun laporan bulanan", 12, 240),
    ("Menginput data pegawai", 1200, 10),
]


def make_opd(code: str, name: str) -> Unit:
    """An OPD with its first structure, in the region with ``code``."""
    return structure.opd_create(
        actor=None,
        region=region(code),
        name=name,
        sotk_label=f"SOTK {name}",
        valid_from=dt.date(2021, 12, 31),
    )


def root_of(opd: Unit) -> OrgUnit:
    """The root of the OPD's current tree."""
    return OrgUnit.objects.get(opd=opd, structure__is_current=True, parent__isnull=True)


def make_position(
    unit: OrgUnit,
    title: str = "Pengadministrasi Perkantoran",
    *,
    kind: str = "pelaksana",
    job_class: int = 5,
    holders: int = 2,
    tasks: list[tuple[str, int, int]] | None = None,
    summary: str = "Melakukan pengadministrasian perkantoran.",
    **kwargs: Any,
) -> Position:
    """A position with tasks (the worked example by default) and a summary."""
    position = structure.position_create(
        actor=None,
        org_unit=unit,
        title=title,
        kind=kind,
        job_class=job_class,
        holders=holders,
        anjab={"ikhtisar": summary} if summary else {},
        **kwargs,
    )
    for description, volume, norm in WORKED_EXAMPLE if tasks is None else tasks:
        anjab.task_add(
            actor=None,
            position=position,
            description=description,
            output="Hasil",
            output_unit="berkas",
            volume=Decimal(volume),
            norm_minutes=Decimal(norm),
        )
    position.refresh_from_db()
    return position


def positions_world() -> SimpleNamespace:
    """SI JABPRI live in Padang Panjang (owner) and Tanah Datar (outsider).

    Padang Panjang has two OPDs; the drafter of one must not reach the other.
    """
    make_commitment("13.74", "si-jabpri", Stage.PILOTING)
    make_commitment("13.04", "si-jabpri", Stage.PILOTING)
    opd = make_opd("13.74", "Diskominfo Uji")
    other_opd = make_opd("13.74", "Dinas Pendidikan Uji")
    td_opd = make_opd("13.04", "Diskominfo Tanah Datar Uji")
    root = root_of(opd)
    general = structure.orgunit_create(actor=None, parent=root, name="Subbagian Umum")
    position = make_position(general)
    other_position = make_position(root_of(other_opd), "Pengelola Sekolah", holders=1)
    td_position = make_position(root_of(td_opd), "Penata Tanah Datar", holders=1)
    return SimpleNamespace(
        region=region("13.74"),
        opd=opd,
        other_opd=other_opd,
        td_opd=td_opd,
        root=root,
        unit=general,
        position=position,
        other_position=other_position,
        td_position=td_position,
        drafter=user_with_role("penyusun_opd", "13.74", unit=opd),
        other_drafter=user_with_role("penyusun_opd", "13.74", unit=other_opd),
        verifier=user_with_role("verifikator_organisasi", "13.74"),
        bkpsdm=user_with_role("bkpsdm", "13.74"),
        td_verifier=user_with_role("verifikator_organisasi", "13.04"),
        td_drafter=user_with_role("penyusun_opd", "13.04", unit=td_opd),
        region_admin=user_with_role("admin_daerah", "13.74"),
    )


def wilayah(code: str) -> Wilayah:
    return region(code)
