"""Masking of personal data (NIK, phone numbers) wherever a role does not need it."""

from __future__ import annotations

from typing import Any


def mask_nik(nik: str | None) -> str:
    """Show the first four and last four digits of a NIK: ``1371********0001``."""
    if not nik:
        return ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_value(value: Any) -> Any:
    """Mask any personal value for the audit trail, keeping only its shape."""
    if value is None or value == "":
        return value
    return mask_nik(str(value))
