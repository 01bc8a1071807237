"""What a region may adapt in Poltabes; the defaults are Kota Palembang's programme."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop as N_
from pydantic import Field, field_validator

from replika.core.activation import settings_accessor
from replika.core.modules import ModuleSettings
from replika.schooling.rules import DEFAULT_ATTENDANCE_THRESHOLD, DEFAULT_MAX_AGE

_CODE = re.compile(r"^[a-z0-9_]{2,30}$")

# Reasons a child is out of school (the domain note's list), "code: label" per line.
DEFAULT_REASONS = [
    "ekonomi: Ekonomi / biaya",
    "bekerja: Bekerja membantu keluarga",
    "menikah: Menikah",
    "disabilitas: Disabilitas",
    "jarak: Jarak atau transportasi",
    "perundungan: Perundungan",
    "sakit: Sakit",
    "tidak_berminat: Tidak berminat",
    "lainnya: Lainnya",
]
# Poltabes gave uniform, shoes, bag, books and a Trans Musi bus card; PIP/KIP is nominated.
# "code: label: cost per unit in rupiah".
DEFAULT_SUPPORT = [
    "seragam: Seragam sekolah: 150000",
    "sepatu: Sepatu: 120000",
    "tas: Tas sekolah: 100000",
    "buku: Buku dan alat tulis: 75000",
    "kartu_bus: Kartu bus sekolah: 0",
    "pip_kip: Usulan PIP/KIP: 0",
]
SOURCES = ("ats", "sipbm", "generic", "p3ke")


def _pairs(lines: list[str], *, with_cost: bool) -> list[str]:
    """Check "code: label[: cost]" lines: a short lower-case code, a label, codes unique."""
    seen: set[str] = set()
    for line in lines:
        parts = [p.strip() for p in line.split(":")]
        if len(parts) != (3 if with_cost else 2) or not _CODE.match(parts[0]) or not parts[1]:
            shape = "code: label: cost" if with_cost else "code: label"
            raise ValueError(f"each line is '{shape}' (code in a-z, 0-9, _): {line!r}")
        if with_cost:
            try:
                cost = Decimal(parts[2])
            except InvalidOperation:
                raise ValueError(f"the cost must be a number of rupiah: {line!r}") from None
            if not cost.is_finite() or cost < 0:
                raise ValueError(f"the cost must be a number of rupiah: {line!r}")
        if parts[0] in seen:
            raise ValueError(f"the code {parts[0]!r} is used twice")
        seen.add(parts[0])
    if not seen:
        raise ValueError("give at least one line")
    return lines


class SchoolingSettings(ModuleSettings):
    """Poltabes as Disdik Kota Palembang runs it: up to 22 a filial class, then Paket."""

    display_name: str = Field(
        default="Poltabes", min_length=3, max_length=80, title=N_("Programme name")
    )
    max_age: int = Field(
        default=DEFAULT_MAX_AGE,
        ge=15,
        le=30,
        title=N_("Maximum age for a filial class or a regular school"),
        description=N_("Older children are placed in an equivalency package (Paket A/B/C)."),
    )
    attendance_threshold: float = Field(
        default=DEFAULT_ATTENDANCE_THRESHOLD,
        ge=30,
        le=100,
        title=N_("Attendance below which a child is at risk (%)"),
    )
    reasons: list[str] = Field(
        default_factory=lambda: list(DEFAULT_REASONS),
        title=N_("Reasons for being out of school (code: label, one per line)"),
    )
    support_catalogue: list[str] = Field(
        default_factory=lambda: list(DEFAULT_SUPPORT),
        title=N_("Support items (code: label: cost in rupiah, one per line)"),
    )
    imported_sources: list[str] = Field(
        default_factory=lambda: list(SOURCES),
        title=N_("Sources imported (ats, sipbm, generic, p3ke)"),
    )
    baseline_out_of_school: int = Field(
        default=0,
        ge=0,
        le=1_000_000,
        title=N_("Children out of school at the start (zero target baseline)"),
        description=N_("Poltabes started from 1,278; 0 counts from the cases registered."),
    )

    @field_validator("reasons")
    @classmethod
    def _check_reasons(cls, value: list[str]) -> list[str]:
        return _pairs(value, with_cost=False)

    @field_validator("support_catalogue")
    @classmethod
    def _check_support(cls, value: list[str]) -> list[str]:
        return _pairs(value, with_cost=True)

    @field_validator("imported_sources")
    @classmethod
    def _check_sources(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(SOURCES))
        if unknown:
            raise ValueError(f"unknown sources {unknown}; choose from {', '.join(SOURCES)}")
        return value

    def reason_choices(self) -> list[tuple[str, str]]:
        """(code, label) of the region's reasons."""
        return [(c.strip(), label.strip()) for c, label in (r.split(":", 1) for r in self.reasons)]

    def support_items(self) -> dict[str, tuple[str, Decimal]]:
        """code -> (label, cost per unit) of the region's support catalogue."""
        found: dict[str, tuple[str, Decimal]] = {}
        for line in self.support_catalogue:
            code, label, cost = (p.strip() for p in line.split(":"))
            found[code] = (label, Decimal(cost))
        return found


# The one way to a region's Poltabes settings (the origin's defaults when region is None).
settings_for = settings_accessor("schooling", SchoolingSettings)
