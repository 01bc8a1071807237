"""Demo health units and nutrition accounts in Kota Padang and Kabupaten Agam."""

from __future__ import annotations

from typing import Any

from replika.core import services
from replika.core.demo import demo_user
from replika.core.models import Unit, UnitKind, Wilayah


def _unit(kind: str, name: str, region: str, location: str, parent: Unit | None = None) -> Unit:
    """Find or create a demo unit."""
    existing = Unit.objects.filter(kind=kind, name=name, region__code=region).first()
    if existing is not None:
        return existing
    return services.unit_create(
        actor=None,
        kind=kind,
        name=name,
        region=Wilayah.objects.get(code=region),
        location=Wilayah.objects.get(code=location),
        parent=parent,
    )


def run(log: Any) -> list[tuple[str, str]]:
    """Puskesmas, posyandu and the nutrition roles over them."""
    accounts: list[tuple[str, str]] = []
    # Puskesmas Andalas (Kecamatan Padang Timur) is where Ayo Ceting began in 2019.
    andalas = _unit(UnitKind.PUSKESMAS, "Puskesmas Andalas", "13.71", "13.71.02.1007")
    mawar = _unit(UnitKind.POSYANDU, "Posyandu Mawar (demo)", "13.71", "13.71.02.1007", andalas)
    agam_pkm = _unit(UnitKind.PUSKESMAS, "Puskesmas Lubuk Basung (demo)", "13.06", "13.06.02")
    melati = _unit(UnitKind.POSYANDU, "Posyandu Melati (demo)", "13.06", "13.06.02", agam_pkm)

    for username, name, role, unit in (
        ("kader.padang", "Kader Posyandu Mawar", "kader_posyandu", mawar),
        ("bidan.andalas", "Bidan Puskesmas Andalas", "petugas_puskesmas", andalas),
        ("kader.agam", "Kader Posyandu Melati", "kader_posyandu", melati),
    ):
        user = demo_user(username, name)
        services.membership_grant(actor=None, user=user, wilayah=unit.region, role=role, unit=unit)
        accounts.append((username, f"{role} — {unit.name}"))
    for username, code in (("gizi.padang", "13.71"), ("gizi.agam", "13.06")):
        region = Wilayah.objects.get(code=code)
        user = demo_user(username, f"Petugas Gizi Dinkes {region.name}")
        services.membership_grant(actor=None, user=user, wilayah=region, role="petugas_gizi_dinkes")
        accounts.append((username, f"petugas_gizi_dinkes — {region.name}"))
    return accounts
