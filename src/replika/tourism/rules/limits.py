"""Every plausible range of the tourism forms and imports, once."""

from __future__ import annotations

# (least, most) per field; forms and importers read them from here.
LIMITS: dict[str, tuple[int, int]] = {
    "rooms": (0, 5_000),
    "beds": (0, 10_000),
    "days": (0, 31),
    "count": (0, 10_000_000),  # guests, guest-nights, visitors in one month
    "ticket_price": (0, 10_000_000),  # rupiah
    "ticket_revenue": (0, 100_000_000_000),  # rupiah in one month
    "homestays": (0, 1_000),
    "star_class": (0, 5),  # 0 = non-star
    "score": (0, 100),
    "price": (0, 1_000_000_000),
}
LATITUDE = (-90.0, 90.0)
LONGITUDE = (-180.0, 180.0)
# Sumatera Barat lies within these bounds (with a margin): a point outside is a typo.
SUMBAR_LATITUDE = (-3.6, 1.0)
SUMBAR_LONGITUDE = (98.5, 102.0)
