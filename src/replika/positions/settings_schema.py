"""What a region may adapt in SI JABPRI; the defaults are Pemprov Riau's choices."""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext_noop as N_
from pydantic import Field, field_validator

from replika.core.activation import settings_accessor
from replika.core.modules import ModuleSettings
from replika.positions.rules import DEFAULT_EFFECTIVE_MINUTES
from replika.positions.rules.catalogue import LATEST_VERSION, VERSIONS, known_version


class PositionsSettings(ModuleSettings):
    """SI JABPRI as Riau runs it: 1,250 working hours, whole people per position."""

    display_name: str = Field(
        default="SI JABPRI", min_length=3, max_length=80, title=N_("Service name")
    )
    effective_minutes: int = Field(
        default=DEFAULT_EFFECTIVE_MINUTES,
        ge=60_000,
        le=90_000,
        title=N_("Effective working minutes per person and year"),
        description=N_("75,000 (1,250 hours) by default; some guides use 72,000."),
    )
    unit_rounding: Literal["per_position", "pooled"] = Field(
        default="per_position",
        title=N_("Rounding of a unit's need"),
        description=N_(
            "per_position: add the whole people of each position; pooled: round the unit's "
            "summed need once."
        ),
    )
    nomenclature_target: str = Field(
        default=LATEST_VERSION,
        min_length=1,
        max_length=40,
        title=N_("Executor title catalogue to migrate to"),
    )
    share_library: bool = Field(
        default=True, title=N_("Publish approved positions to the province library")
    )

    @field_validator("nomenclature_target")
    @classmethod
    def _a_catalogue_version(cls, value: str) -> str:
        if not known_version(value):
            raise ValueError(f"choose one of: {', '.join(VERSIONS)}")
        return value


# The one way to a region's SI JABPRI settings (Riau's defaults when region is None).
settings_for = settings_accessor("positions", PositionsSettings)
