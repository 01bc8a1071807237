"""What a region may adapt in Pikobar; the defaults are Jawa Barat's choices."""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext_noop as N_
from pydantic import Field

from replika.core.activation import settings_accessor
from replika.core.modules import ModuleSettings


class OutbreakSettings(ModuleSettings):
    """Pikobar as Jawa Barat ran it: MMWR weeks, a contact lost after 3 days unreached.

    The diseases a region tracks, with their windows and thresholds, are its catalogue
    (adopted from the province list on the Diseases page), not settings.
    """

    display_name: str = Field(
        default="Pikobar", min_length=3, max_length=80, title=N_("Service name")
    )
    week_system: Literal["mmwr", "iso"] = Field(
        default="mmwr",
        title=N_("Epidemiological week"),
        description=N_("mmwr: Sunday to Saturday (the SKDR week); iso: Monday to Sunday."),
    )
    rt_window_days: int = Field(default=7, ge=3, le=28, title=N_("Rt window (days)"))
    followup_lost_after_days: int = Field(
        default=3, ge=1, le=14, title=N_("A contact not reached this many days is lost")
    )
    hotline: str = Field(default="119", max_length=40, title=N_("Hotline number"))
    announcement: str = Field(default="", max_length=500, title=N_("Public announcement"))


# The one way to a region's Pikobar settings (the origin's defaults when region is None).
settings_for = settings_accessor("outbreak", OutbreakSettings)
