"""Registers the positions module (SI JABPRI) with the platform."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from replika.core import humanize, modules, schedule
from replika.core.roles import ADMIN_DAERAH, MENTOR, Role, Scope, grant, register_role
from replika.positions import api as positions_api
from replika.positions import kpis, unit_kinds
from replika.positions import permissions as p
from replika.positions.blocks import BLOCK_LABELS
from replika.positions.settings_schema import PositionsSettings
from replika.positions.tasks import recompute_all_abk

register_role(
    Role(
        code="penyusun_opd",
        label=_("Anjab/ABK drafter of an agency"),
        scope=Scope.UNIT,
        module="positions",
        unit_kinds=(unit_kinds.OPD,),
        permissions=set(p.DRAFTER),
        description=_("Drafts the job and workload analyses of one agency (OPD)."),
    )
)
register_role(
    Role(
        code="verifikator_organisasi",
        label=_("Organisation bureau verifier"),
        scope=Scope.REGION,
        module="positions",
        permissions=set(p.VERIFIER),
        description=_("Bagian Organisasi: verifies or returns Anjab/ABK and approves versions."),
    )
)
register_role(
    Role(
        code="bkpsdm",
        label=_("Civil-service agency (BKPSDM)"),
        scope=Scope.REGION,
        module="positions",
        permissions=set(p.PLANNER),
        description=_("Reads needs and job maps for formation planning."),
    )
)
grant(ADMIN_DAERAH.code, p.VIEW_POSITIONS, p.VIEW_DASHBOARD, p.USE_LIBRARY)
grant(MENTOR.code, p.VIEW_DASHBOARD, p.USE_LIBRARY)

MODULE = modules.register(
    modules.Module(
        code="positions",
        name=_("SI JABPRI — job and workload analysis"),
        innovation="si-jabpri",
        app_name="replika.positions",
        settings_schema=PositionsSettings,
        url_prefix="jabatan",
        api_router=positions_api.router,
        menu=[
            modules.MenuEntry(_("Agencies and positions"), "positions:home", p.VIEW_POSITIONS),
            modules.MenuEntry(_("Position library"), "positions:library", p.USE_LIBRARY),
            modules.MenuEntry(_("Positions dashboard"), "positions:dashboard", p.VIEW_DASHBOARD),
            modules.MenuEntry(_("Formation export"), "positions:export", p.EXPORT_FORMATION),
            modules.MenuEntry(_("Import positions"), "positions:imports", p.MANAGE_STRUCTURE),
        ],
        public_pages=[
            modules.MenuEntry(_("Job analysis in Sumatera Barat"), "positions:public", ""),
        ],
        kpis=[
            modules.Kpi(
                code="verified_abk_share",
                label=_("Positions with a verified ABK"),
                unit="%",
                higher_is_better=True,
                compute=kpis.verified_abk_share,
            ),
            modules.Kpi(
                code="approved_job_maps",
                label=_("Agencies with an approved job map"),
                unit=_("agencies"),
                higher_is_better=True,
                compute=kpis.approved_job_maps,
            ),
        ],
        description=_("Organisation trees, Anjab, ABK, job maps and a shared position library."),
    )
)

schedule.register_periodic(
    schedule.Periodic(
        code="positions.recompute_abk",
        every=dt.timedelta(hours=1),
        task=recompute_all_abk,
        description=_("Recompute every ABK with each region's effective working minutes."),
    )
)


humanize.register_action_labels(
    {
        "positions.anjab.submit": _("Anjab submitted for verification"),
        "positions.anjab.update": _("Anjab changed"),
        "positions.anjab.approved": _("Anjab approved"),
        "positions.anjab.returned": _("Anjab returned with comments"),
        "positions.library.copy": _("Position copied from the library"),
        "positions.library.publish": _("Position published to the library"),
        "positions.orgunit.create": _("Organisation unit created"),
        "positions.position.create": _("Position created"),
        "positions.position.update": _("Position changed"),
        "positions.structure.create": _("Organisation structure version created"),
        "positions.task.add": _("Task added"),
        "positions.task.delete": _("Task removed"),
        "positions.task.update": _("Task changed"),
    }
)
# The verifier's decision names the Anjab blocks it comments on.
humanize.register_field_labels({"blocks": _("Blocks commented on")})
humanize.register_terms(BLOCK_LABELS)
# The choices of the unit rounding setting, as the settings and commitment pages show them.
humanize.register_terms(
    {"per_position": _("per position, then added up"), "pooled": _("once for the whole unit")}
)
