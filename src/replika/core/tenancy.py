"""How a tenant model tells the one door where its region, location and unit are."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tenant:
    """Field paths that place a row in the region tree.

    ``region`` names the kab/kota foreign key (or a path to it); ``location`` a path to the
    finer Wilayah (kecamatan/nagari) if the row has one; ``unit_path`` a path to the
    materialised unit path if the row belongs to a facility; ``module`` the module whose
    activation in the row's region the row depends on.
    """

    region: str = "region"
    location: str | None = None
    unit_path: str | None = None
    module: str | None = None
