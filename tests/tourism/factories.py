"""The tourism test world: Kota Payakumbuh and Kabupaten Pesisir Selatan run SIP Banget."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from replika.core.models import Wilayah
from replika.replication.models import Stage
from replika.tourism.models import Place
from replika.tourism.services import registry
from tests.factories import make_commitment, user_with_role

PAYAKUMBUH = "13.76"
PESSEL = "13.01"


def place(
    region_code: str, kind: str, name: str, location_code: str | None = None, **data: Any
) -> Place:
    """A registry entry written through the service, operating since two years ago."""
    data.setdefault("operating_since", timezone.localdate().replace(day=1) - dt.timedelta(days=730))
    return registry.place_create(
        actor=None,
        region=Wilayah.objects.get(code=region_code),
        kind=kind,
        location=Wilayah.objects.get(code=location_code) if location_code else None,
        name=name,
        **data,
    )


def world() -> SimpleNamespace:
    """Two live regions, each with a hotel, an attraction and a village, and their people.

    The owner is the operator of Hotel Bukik Gadang (Payakumbuh), the member the tourism
    office of Payakumbuh, the outsider the tourism office of Pesisir Selatan.
    """
    make_commitment(PAYAKUMBUH, "sip-banget", Stage.LAUNCHED)
    make_commitment(PESSEL, "sip-banget", Stage.LAUNCHED)
    hotel = place(
        PAYAKUMBUH,
        "akomodasi",
        "Hotel Bukik Gadang",
        "13.76.01.1003",
        rooms=40,
        beds=80,
        star_class=2,
        phone="0812 6600 1234",
    )
    attraction = place(
        PAYAKUMBUH,
        "dtw",
        "Ngalau Indah",
        "13.76.02.1002",
        latitude=-0.2107,
        longitude=100.6113,
        category="Wisata alam",
        ticket_domestic=10000,
    )
    village = place(
        PAYAKUMBUH,
        "desa_wisata",
        "Kampung Wisata Kubu Gadang",
        "13.76.01.1003",
        latitude=-0.2298,
        longitude=100.6269,
    )
    other_hotel = place(PESSEL, "akomodasi", "Mandeh Resort", "13.01.07.2010", rooms=20, beds=40)
    other_attraction = place(
        PESSEL, "dtw", "Kawasan Mandeh", "13.01.07.2010", latitude=-1.2194, longitude=100.3999
    )
    return SimpleNamespace(
        hotel=hotel,
        attraction=attraction,
        village=village,
        other_hotel=other_hotel,
        other_attraction=other_attraction,
        operator=user_with_role("operator_wisata", PAYAKUMBUH, unit=hotel.unit),
        attraction_operator=user_with_role("operator_wisata", PAYAKUMBUH, unit=attraction.unit),
        village_manager=user_with_role("pengelola_desa_wisata", PAYAKUMBUH, unit=village.unit),
        dinas=user_with_role("operator_dispar", PAYAKUMBUH, email="dispar@payakumbuh.go.id"),
        outsider=user_with_role("operator_dispar", PESSEL),
        outsider_operator=user_with_role("operator_wisata", PESSEL, unit=other_hotel.unit),
        region_admin=user_with_role("admin_daerah", PAYAKUMBUH),
    )


def last_month() -> dt.date:
    """The first day of the month before this one (the month operators report now)."""
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


JUNE_EXAMPLE = {
    "rooms": 40,
    "beds": 80,
    "days": 30,
    "rooms_sold": 720,
    "guests_domestic": 480,
    "guests_foreign": 20,
    "nights_domestic": 840,
    "nights_foreign": 60,
}
