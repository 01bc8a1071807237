"""What a region may adapt in SIP Banget; the defaults are Kota Batu's choices."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from pydantic import Field, ValidationInfo, field_validator

from replika.core.activation import settings_accessor
from replika.core.modules import ModuleSettings

# Kinds of registry entry a region may oblige to report monthly (the ones with a report form).
REPORTING_KINDS = ("akomodasi", "dtw", "desa_wisata")

# Perpres 72/2015 and Kemenparekraf's later split of applications and games: 17 subsectors.
SUBSECTORS = [
    "Aplikasi",
    "Arsitektur",
    "Desain interior",
    "Desain komunikasi visual",
    "Desain produk",
    "Fesyen",
    "Film, animasi dan video",
    "Fotografi",
    "Kriya",
    "Kuliner",
    "Musik",
    "Penerbitan",
    "Periklanan",
    "Permainan interaktif",
    "Seni pertunjukan",
    "Seni rupa",
    "Televisi dan radio",
]


class TourismSettings(ModuleSettings):
    """SIP Banget as Kota Batu runs it: agro-tourism first, reports due on the 10th."""

    display_name: str = Field(
        default="SIP Banget", min_length=3, max_length=80, title=N_("Service name")
    )
    portal_name: str = Field(
        default="Portal Pariwisata dan Ekonomi Kreatif",
        min_length=3,
        max_length=80,
        title=N_("Public portal name"),
    )
    categories: list[str] = Field(
        default=[
            "Wisata alam",
            "Agrowisata",
            "Wisata budaya dan sejarah",
            "Wisata religi",
            "Wisata kuliner",
            "Wisata buatan",
        ],
        min_length=1,
        max_length=30,
        title=N_("Attraction categories (one a line)"),
    )
    themes: list[str] = Field(
        default=["Agrowisata", "Wisata keluarga"],
        max_length=20,
        title=N_("Featured themes (one a line)"),
        description=N_("For example Wisata halal or Budaya Minangkabau."),
    )
    subsectors: list[str] = Field(
        default=SUBSECTORS,
        min_length=1,
        max_length=30,
        title=N_("Creative-economy subsectors (one a line)"),
    )
    report_due_day: int = Field(
        default=10,
        ge=1,
        le=31,
        title=N_("Monthly report due by day"),
        description=N_("Day of the following month by which an operator reports."),
    )
    obliged_kinds: list[str] = Field(
        default=["akomodasi", "dtw"],
        max_length=3,
        title=N_("Who must report monthly (akomodasi, dtw, desa_wisata; one a line)"),
    )
    reminder_days_before: int = Field(
        default=3,
        ge=0,
        le=15,
        title=N_("Send a reminder this many days before the due date"),
    )
    tile_url: str = Field(
        default="",
        max_length=200,
        title=N_("Map tile address (optional)"),
        description=N_(
            "Only where the region has its own tile server: an https address with {z}, {x} "
            "and {y}, e.g. https://peta.example.go.id/tiles/{z}/{x}/{y}.png. The portal's "
            "pages that draw the map then load images from that server only; left empty the "
            "map shows the region boundaries alone and makes no outside request."
        ),
    )
    tile_attribution: str = Field(
        default="",
        validate_default=True,
        max_length=200,
        title=N_("Map tile attribution (required with a tile address)"),
        description=N_("Shown in the map's corner, e.g. “© Dinas Kominfo, © OpenStreetMap”."),
    )

    @field_validator("categories", "themes", "subsectors")
    @classmethod
    def _labels(cls, value: list[str]) -> list[str]:
        """Each label is 2 to 60 characters and appears once."""
        cleaned = [label.strip() for label in value if label.strip()]
        if any(not 2 <= len(label) <= 60 for label in cleaned):
            raise ValueError("each entry must have 2 to 60 characters")
        if len({label.casefold() for label in cleaned}) != len(cleaned):
            raise ValueError("an entry appears twice")
        return cleaned

    @field_validator("obliged_kinds")
    @classmethod
    def _kinds(cls, value: list[str]) -> list[str]:
        """Only kinds that have a monthly report form may be obliged."""
        unknown = [kind for kind in value if kind not in REPORTING_KINDS]
        if unknown:
            raise ValueError(
                f"unknown kind: {', '.join(unknown)}; use {', '.join(REPORTING_KINDS)}"
            )
        return list(dict.fromkeys(value))

    @field_validator("tile_url")
    @classmethod
    def _tile_url(cls, value: str) -> str:
        """A tile address is an https URL template with {z}, {x} and {y} on one fixed host."""
        value = value.strip()
        if value and tile_origin(value) is None:
            raise ValueError(
                _(
                    "Use an https:// address on one fixed server with {z}, {x} and {y} in "
                    "its path, e.g. https://peta.example.go.id/tiles/{z}/{x}/{y}.png."
                )
            )
        return value

    @field_validator("tile_attribution")
    @classmethod
    def _attribution(cls, value: str, info: ValidationInfo) -> str:
        """Plain text on one line, required with a tile address (tile licences ask for it)."""
        value = " ".join(value.split())
        if info.data.get("tile_url") and not value:
            raise ValueError(_("Give the attribution text the tile server requires."))
        return value


# A host name (letters, digits, dots, hyphens) with an optional port: no placeholder such as
# Leaflet's {s}, no user part, nothing a Content-Security-Policy could read as two sources.
_HOST = re.compile(
    r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?$"
)
_PATH_CHARS = re.compile(r"^[A-Za-z0-9/._~{}@:+=-]*$")


def tile_origin(url: str) -> str | None:
    """The ``https://host[:port]`` a valid tile template loads from; None when invalid.

    The origin goes into the Content-Security-Policy of the map pages, so only an exact,
    unambiguous origin passes.
    """
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if parts.scheme != "https" or not _HOST.match(host) or parts.fragment:
        return None
    if not _PATH_CHARS.match(parts.path) or not _PATH_CHARS.match(parts.query.replace("&", "")):
        return None
    if not all(p in parts.path + "?" + parts.query for p in ("{z}", "{x}", "{y}")):
        return None
    return f"https://{host}"


# The one way to a region's SIP Banget settings (the origin's defaults when region is None).
settings_for = settings_accessor("tourism", TourismSettings)
