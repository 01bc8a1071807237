"""Registers the outbreak module (Pikobar) with the platform."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from replika.core import modules, schedule
from replika.core.roles import ADMIN_DAERAH, MENTOR, Role, Scope, grant, register_role
from replika.outbreak import api as outbreak_api
from replika.outbreak import kpis, unit_kinds
from replika.outbreak import permissions as p
from replika.outbreak.settings_schema import OutbreakSettings
from replika.outbreak.tasks import close_due_contacts, evaluate_klb

register_role(
    Role(
        code="petugas_faskes",
        label=_("Health facility officer"),
        scope=Scope.UNIT,
        module="outbreak",
        unit_kinds=unit_kinds.REPORTING,
        permissions=set(p.FACILITY),
        description=_("Reports cases and test results, follows contacts, asks for logistics."),
        personal_data=True,
    )
)
register_role(
    Role(
        code="surveilans_dinkes",
        label=_("Health office surveillance officer"),
        scope=Scope.REGION,
        module="outbreak",
        permissions=set(p.SURVEILLANCE),
        description=_("Verifies and transfers cases, manages clusters, alerts and logistics."),
        personal_data=True,
    )
)
register_role(
    Role(
        code="tracer",
        label=_("Contact tracer"),
        scope=Scope.DISTRICT,
        module="outbreak",
        permissions=set(p.TRACER),
        description=_("Follows up the contacts of a kecamatan or nagari every day."),
        personal_data=True,
    )
)
register_role(
    Role(
        code="surveilans_provinsi",
        label=_("Province surveillance officer"),
        scope=Scope.PROVINCE,
        module="outbreak",
        permissions=set(p.PROVINCE),
        description=_("Watches every region's cases, clusters and alerts."),
        personal_data=True,
    )
)
grant(ADMIN_DAERAH.code, p.VIEW_DASHBOARD)
grant(MENTOR.code, p.VIEW_DASHBOARD)

MODULE = modules.register(
    modules.Module(
        code="outbreak",
        name=_("Pikobar — outbreak information and coordination"),
        innovation="pikobar",
        app_name="replika.outbreak",
        settings_schema=OutbreakSettings,
        url_prefix="wabah",
        api_router=outbreak_api.router,
        menu=[
            modules.MenuEntry(_("Cases"), "outbreak:cases", p.VIEW_CASE),
            modules.MenuEntry(_("Verification"), "outbreak:verification", p.VERIFY_CASE),
            modules.MenuEntry(_("Today's follow-up"), "outbreak:tracer", p.FOLLOW_CONTACT),
            modules.MenuEntry(_("Clusters"), "outbreak:clusters", p.MANAGE_CLUSTER),
            modules.MenuEntry(_("SKDR weekly report"), "outbreak:skdr", p.REPORT_SKDR),
            modules.MenuEntry(_("Alerts"), "outbreak:alerts", p.VIEW_ALERT),
            modules.MenuEntry(_("Logistics"), "outbreak:logistics", p.REQUEST_LOGISTICS),
            modules.MenuEntry(_("Outbreak dashboard"), "outbreak:dashboard", p.VIEW_DASHBOARD),
            modules.MenuEntry(_("Diseases"), "outbreak:diseases", p.MANAGE_DISEASE),
            modules.MenuEntry(
                _("Kecamatan populations"), "outbreak:populations", p.MANAGE_POPULATION
            ),
            modules.MenuEntry(_("Import cases"), "outbreak:import", p.IMPORT_DATA),
        ],
        public_pages=[
            modules.MenuEntry(_("Outbreak figures (open data)"), "outbreak:public", ""),
        ],
        kpis=[
            modules.Kpi(
                code="contacts_followed",
                label=_("Contacts followed up to the end"),
                unit="%",
                higher_is_better=True,
                compute=kpis.contacts_followed_share,
            ),
            modules.Kpi(
                code="days_to_verification",
                label=_("Median days from report to verification"),
                unit=_("days"),
                higher_is_better=False,
                compute=kpis.median_verification_days,
            ),
            modules.Kpi(
                code="skdr_completeness",
                label=_("SKDR completeness"),
                unit="%",
                higher_is_better=True,
                compute=kpis.skdr_completeness,
            ),
        ],
        description=_(
            "Cases, contacts followed daily, weekly early warning, logistics and open data."
        ),
    )
)

schedule.register_periodic(
    schedule.Periodic(
        code="outbreak.close_due_contacts",
        every=dt.timedelta(hours=6),
        task=close_due_contacts,
        description=_("Close the follow-up of contacts whose period ended."),
    )
)
schedule.register_periodic(
    schedule.Periodic(
        code="outbreak.evaluate_klb",
        every=dt.timedelta(days=1),
        task=evaluate_klb,
        description=_("Evaluate last week's KLB criteria for every disease."),
    )
)
