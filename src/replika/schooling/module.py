"""Registers the schooling module (Poltabes) with the platform."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from replika.core import modules, schedule
from replika.core.roles import ADMIN_DAERAH, MENTOR, Role, Scope, grant, register_role
from replika.schooling import api as schooling_api
from replika.schooling import kpis, unit_kinds
from replika.schooling import permissions as p
from replika.schooling.settings_schema import SchoolingSettings
from replika.schooling.tasks import refresh_summaries

register_role(
    Role(
        code="operator_disdik",
        label=_("Education office operator (Disdik)"),
        scope=Scope.REGION,
        module="schooling",
        permissions=set(p.DISDIK),
        description=_("Runs Poltabes for the regency or city: verifies, places, follows up."),
        personal_data=True,
    )
)
register_role(
    Role(
        code="operator_satuan",
        label=_("School, SKB or PKBM operator"),
        scope=Scope.UNIT,
        module="schooling",
        unit_kinds=unit_kinds.PLACE_KINDS,
        permissions=set(p.SATUAN),
        description=_("Records attendance and support of the children placed at one place."),
        personal_data=True,
    )
)
register_role(
    Role(
        code="pendata",
        label=_("Field surveyor (pendata)"),
        scope=Scope.DISTRICT,
        module="schooling",
        permissions=set(p.PENDATA),
        description=_("Finds children out of school in a district or nagari and reports them."),
        personal_data=True,
    )
)
# Region administrators and mentors see the aggregates, never children by name.
grant(ADMIN_DAERAH.code, p.VIEW_DASHBOARD)
grant(MENTOR.code, p.VIEW_DASHBOARD)

MODULE = modules.register(
    modules.Module(
        code="schooling",
        name=_("Poltabes — no child out of school"),
        innovation="poltabes",
        app_name="replika.schooling",
        settings_schema=SchoolingSettings,
        url_prefix="sekolah",
        api_router=schooling_api.router,
        menu=[
            modules.MenuEntry(_("Report a child"), "schooling:report", p.REPORT_CASE),
            modules.MenuEntry(_("Cases"), "schooling:cases", p.VIEW_REGISTER),
            modules.MenuEntry(_("Verification queue"), "schooling:queue", p.VERIFY_CASE),
            modules.MenuEntry(_("Learning places"), "schooling:places", p.VIEW_REGISTER),
            modules.MenuEntry(_("Early warning"), "schooling:warnings", p.REPORT_WARNING),
            modules.MenuEntry(_("Support ledger"), "schooling:support", p.RECORD_SUPPORT),
            modules.MenuEntry(_("Schooling dashboard"), "schooling:dashboard", p.VIEW_DASHBOARD),
            modules.MenuEntry(_("Enrolment figures"), "schooling:figures", p.MANAGE_FIGURES),
            modules.MenuEntry(_("Import cases"), "schooling:imports", p.IMPORT_DATA),
            modules.MenuEntry(_("Export"), "schooling:export", p.IMPORT_DATA),
        ],
        public_pages=[
            modules.MenuEntry(_("Children back to school"), "schooling:public", ""),
        ],
        kpis=[
            modules.Kpi(
                code="children_returned",
                label=_("Children returned to school"),
                unit=_("children"),
                higher_is_better=True,
                compute=kpis.children_returned,
            ),
            modules.Kpi(
                code="placed_share",
                label=_("Share of found children placed"),
                unit="%",
                higher_is_better=True,
                compute=kpis.placed_share,
            ),
            modules.Kpi(
                code="median_days_to_placement",
                label=_("Median days from report to placement"),
                unit=_("days"),
                higher_is_better=False,
                compute=kpis.median_days_to_placement,
            ),
        ],
        description=_(
            "Children out of school found, verified, placed in a filial class, a school or "
            "an equivalency package, supported and followed to completion."
        ),
    )
)

schedule.register_periodic(
    schedule.Periodic(
        code="schooling.refresh_summaries",
        every=dt.timedelta(minutes=5),
        task=refresh_summaries,
        description=_("Refresh the Poltabes summaries of regencies/cities whose cases changed."),
    )
)
