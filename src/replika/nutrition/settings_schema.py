"""What a region may adapt in Ayo Ceting; the defaults are Kota Padang's programme."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_
from pydantic import Field

from replika.core.activation import settings_accessor
from replika.core.modules import ModuleSettings


class NutritionSettings(ModuleSettings):
    """Ayo Ceting as Kota Padang runs it: all three parts on, the national thresholds."""

    display_name: str = Field(
        default="Ayo Ceting", min_length=3, max_length=80, title=N_("Service name")
    )
    rumah_gizi: bool = Field(default=True, title=N_("Rumah Gizi (community nutrition house)"))
    kelas_ibu_hamil: bool = Field(default=True, title=N_("Classes for pregnant women"))
    adolescent_screening: bool = Field(
        default=True, title=N_("Adolescent girls: iron tablets and anaemia screening")
    )
    alert_two_t: bool = Field(
        default=True, title=N_("Alert when weight did not go up twice in a row (2T)")
    )
    alert_wasting: bool = Field(
        default=True,
        title=N_("Alert on moderate wasting (gizi kurang)"),
        description=N_("Gizi buruk and weight-for-age below the red line always raise an alert."),
    )
    alert_newly_stunted: bool = Field(default=True, title=N_("Alert when a child becomes stunted"))
    kek_lila_cm: float = Field(
        default=23.5,
        ge=20,
        le=30,
        title=N_("KEK threshold: upper-arm circumference below (cm)"),
        description=N_("The national threshold is 23.5 cm."),
    )
    anaemia_hb_g_dl: float = Field(
        default=11.0,
        ge=7,
        le=14,
        title=N_("Anaemia in pregnancy: haemoglobin below (g/dL)"),
        description=N_("The national threshold is 11 g/dL."),
    )
    anaemia_hb_5_11: float = Field(
        default=11.5,
        ge=7,
        le=14,
        title=N_("Anaemia at 5-11 years: haemoglobin below (g/dL)"),
        description=N_("WHO threshold: 11.5 g/dL."),
    )
    anaemia_hb_12_14: float = Field(
        default=12.0,
        ge=7,
        le=14,
        title=N_("Anaemia at 12-14 years: haemoglobin below (g/dL)"),
        description=N_("WHO threshold: 12 g/dL."),
    )
    anaemia_hb_15_plus: float = Field(
        default=12.0,
        ge=7,
        le=14,
        title=N_("Anaemia from 15 years (not pregnant): haemoglobin below (g/dL)"),
        description=N_("WHO threshold for non-pregnant women: 12 g/dL."),
    )
    discharge_spacing_days: int = Field(
        default=7,
        ge=7,
        le=28,
        title=N_("Rumah Gizi discharge: days between the two recovered weighings"),
        description=N_("The guideline asks for at least a week."),
    )
    report_deadline_day: int = Field(
        default=10,
        ge=1,
        le=28,
        title=N_("Monthly posyandu report due by day"),
        description=N_("Day of the following month by which a posyandu reports."),
    )


# The one way to a region's Ayo Ceting settings (the origin's defaults when region is None).
settings_for = settings_accessor("nutrition", NutritionSettings)
