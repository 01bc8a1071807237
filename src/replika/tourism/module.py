"""Registers the tourism module (SIP Banget) with the platform."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from replika.core import cache, modules, schedule
from replika.core.roles import ADMIN_DAERAH, MENTOR, Role, Scope, grant, register_role
from replika.tourism import api as tourism_api
from replika.tourism import kpis, unit_kinds
from replika.tourism import permissions as p
from replika.tourism.settings_schema import TourismSettings
from replika.tourism.tasks import send_reminders

register_role(
    Role(
        code="operator_wisata",
        label=_("Tourism operator"),
        scope=Scope.UNIT,
        module="tourism",
        unit_kinds=unit_kinds.OPERATOR_KINDS,
        permissions=set(p.OPERATOR),
        description=_(
            "Keeps the registry entry of one attraction, accommodation, restaurant, travel "
            "agent or creative business, and files its monthly reports."
        ),
    )
)
register_role(
    Role(
        code="operator_dispar",
        label=_("Tourism office officer"),
        scope=Scope.REGION,
        module="tourism",
        permissions=set(p.DINAS),
        description=_(
            "Keeps the registries, follows compliance, files on behalf, moderates events and "
            "publishes the statistics of the regency or city."
        ),
    )
)
register_role(
    Role(
        code="pengelola_desa_wisata",
        label=_("Tourism village manager"),
        scope=Scope.UNIT,
        module="tourism",
        unit_kinds=(unit_kinds.VILLAGE,),
        permissions=set(p.VILLAGE),
        description=_(
            "Keeps the profile and self-assessment of one tourism village (Pokdarwis/BUMNag)."
        ),
    )
)
# Region administrators and mentors read the statistics and the compliance board.
grant(ADMIN_DAERAH.code, p.VIEW_STATISTICS, p.VIEW_COMPLIANCE)
grant(MENTOR.code, p.VIEW_STATISTICS)


def settings_check(region: Any, current: Any, new: Any) -> dict[str, str]:
    """No setting strands tourism data; a change is redrawn on the public portal at once.

    The portal's cached pages carry the region's name, categories, themes and map tiles
    (and its map policy is remembered per cache version), so a saved change bumps the
    public cache, after the commit, like a changed registry entry does.
    """
    if current != new:
        transaction.on_commit(lambda: cache.bump("tourism"))
    return {}


MODULE = modules.register(
    modules.Module(
        code="tourism",
        name=_("SIP Banget — tourism and creative economy"),
        innovation="sip-banget",
        app_name="replika.tourism",
        settings_schema=TourismSettings,
        settings_check=settings_check,
        url_prefix="wisata",
        api_router=tourism_api.router,
        menu=[
            modules.MenuEntry(_("Monthly reports"), "tourism:reports", p.FILE_REPORT),
            modules.MenuEntry(_("Tourism registry"), "tourism:places", p.VIEW_REGISTRY),
            modules.MenuEntry(_("Report compliance"), "tourism:compliance", p.VIEW_COMPLIANCE),
            modules.MenuEntry(_("Tourism statistics"), "tourism:statistics", p.VIEW_STATISTICS),
            modules.MenuEntry(_("Publish statistics"), "tourism:releases", p.PUBLISH_STATISTICS),
            modules.MenuEntry(_("Events"), "tourism:events", p.SUBMIT_EVENT),
            modules.MenuEntry(_("Import reports"), "tourism:imports", p.IMPORT_DATA),
        ],
        public_pages=[
            modules.MenuEntry(_("Tourism portal"), "tourism:portal", ""),
        ],
        kpis=[
            modules.Kpi(
                code="report_compliance",
                label=_("Operator report compliance"),
                unit="%",
                higher_is_better=True,
                compute=kpis.report_compliance,
            ),
            modules.Kpi(
                code="occupancy_rate",
                label=_("Room occupancy rate (TPK)"),
                unit="%",
                higher_is_better=True,
                compute=kpis.occupancy_rate,
            ),
            modules.Kpi(
                code="visits",
                label=_("Visits to attractions"),
                unit=_("visits"),
                higher_is_better=True,
                compute=kpis.visits,
            ),
        ],
        description=_(
            "Registries, operators' monthly reports with compliance, BPS statistics, events "
            "and a public portal with a map."
        ),
    )
)

schedule.register_periodic(
    schedule.Periodic(
        code="tourism.send_reminders",
        every=dt.timedelta(hours=6),
        task=send_reminders,
        description=_("Remind operators of their monthly report before and after it is due."),
    )
)
