"""Where outbreak rows belong: the kab/kota, a nagari/kelurahan and a facility."""

from __future__ import annotations

from replika.core.tenancy import Tenant

# Rows reported at a facility: the facility's staff see them through the unit path, a tracer
# through the location (kecamatan/nagari), the Dinas through the region.
PLACED = Tenant(region="region", location="location", unit_path="unit__path", module="outbreak")
# Region-wide rows (the disease catalogue, clusters, alerts).
REGIONAL = Tenant(region="region", module="outbreak")


def through(parent: str) -> Tenant:
    """The tenant declaration of a row that belongs to a placed parent row."""
    return Tenant(
        region=f"{parent}__region",
        location=f"{parent}__location",
        unit_path=f"{parent}__unit__path",
        module="outbreak",
    )
