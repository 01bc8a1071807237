"""Registers the nutrition module (Ayo Ceting) with the platform."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from replika.core import modules, schedule
from replika.core.roles import ADMIN_DAERAH, MENTOR, Role, Scope, grant, register_role
from replika.nutrition import api as nutrition_api
from replika.nutrition import kpis, unit_kinds  # noqa: F401 - registers the facility kinds
from replika.nutrition import permissions as p
from replika.nutrition.settings_schema import NutritionSettings
from replika.nutrition.tasks import refresh_dirty_summaries

register_role(
    Role(
        code="kader_posyandu",
        label=_("Posyandu cadre"),
        scope=Scope.UNIT,
        module="nutrition",
        unit_kinds=("posyandu",),
        permissions=set(p.FIELD),
        description=_("Weighs and measures the children of one posyandu."),
        personal_data=True,
    )
)
register_role(
    Role(
        code="petugas_puskesmas",
        label=_("Puskesmas officer or midwife"),
        scope=Scope.UNIT,
        module="nutrition",
        unit_kinds=("puskesmas",),
        permissions=set(p.FACILITY),
        description=_("Follows up the posyandu of a puskesmas area."),
        personal_data=True,
    )
)
register_role(
    Role(
        code="petugas_gizi_dinkes",
        label=_("Health office nutrition officer"),
        scope=Scope.REGION,
        module="nutrition",
        permissions=set(p.FACILITY),
        description=_("Runs the programme for the whole regency or city."),
        personal_data=True,
    )
)
# Region administrators and mentors see the aggregates, never children by name.
grant(ADMIN_DAERAH.code, p.USE_CALCULATOR, p.VIEW_DASHBOARD)
grant(MENTOR.code, p.VIEW_DASHBOARD)

MODULE = modules.register(
    modules.Module(
        code="nutrition",
        name=_("Ayo Ceting — stunting prevention"),
        innovation="ayo-ceting",
        app_name="replika.nutrition",
        settings_schema=NutritionSettings,
        url_prefix="gizi",
        api_router=nutrition_api.router,
        menu=[
            modules.MenuEntry(_("Posyandu session"), "nutrition:sessions", p.RECORD_MEASUREMENT),
            modules.MenuEntry(_("Children"), "nutrition:children", p.VIEW_REGISTER),
            modules.MenuEntry(_("Mothers"), "nutrition:mothers", p.VIEW_REGISTER),
            modules.MenuEntry(
                _("Adolescent girls"),
                "nutrition:girls",
                p.VIEW_REGISTER,
                setting="adolescent_screening",
            ),
            modules.MenuEntry(_("Referrals"), "nutrition:referrals", p.VIEW_REGISTER),
            modules.MenuEntry(
                _("Rumah Gizi"), "nutrition:rumah_gizi", p.VIEW_REGISTER, setting="rumah_gizi"
            ),
            modules.MenuEntry(_("Nutrition dashboard"), "nutrition:dashboard", p.VIEW_DASHBOARD),
            modules.MenuEntry(_("Education"), "nutrition:education", p.USE_CALCULATOR),
            modules.MenuEntry(_("Import e-PPGBM"), "nutrition:imports", p.IMPORT_DATA),
            modules.MenuEntry(_("Export e-PPGBM"), "nutrition:export", p.VIEW_REGISTER),
            modules.MenuEntry(_("Growth calculator"), "nutrition:calculator", p.USE_CALCULATOR),
        ],
        public_pages=[
            modules.MenuEntry(_("Stunting in Sumatera Barat"), "nutrition:public", ""),
        ],
        kpis=[
            modules.Kpi(
                code="stunting_prevalence",
                label=_("Stunting prevalence"),
                unit="%",
                higher_is_better=False,
                compute=kpis.stunting_prevalence,
            ),
            modules.Kpi(
                code="weighing_participation",
                label=_("Children weighed (D/S)"),
                unit="%",
                higher_is_better=True,
                compute=kpis.weighing_participation,
            ),
            modules.Kpi(
                code="children_in_care",
                label=_("Children in care"),
                unit=_("children"),
                higher_is_better=False,
                compute=kpis.children_in_care,
            ),
        ],
        description=_("Child and mother registers, posyandu measurements, WHO growth z-scores."),
    )
)

# A save queues the refresh of its posyandu-month at once; the schedule catches what a
# missed queue (a worker down at that moment) left dirty.
schedule.register_periodic(
    schedule.Periodic(
        code="nutrition.refresh_summaries",
        every=dt.timedelta(minutes=10),
        task=refresh_dirty_summaries,
        description=_("Refresh the nutrition summaries of months changed since the last run."),
    )
)
