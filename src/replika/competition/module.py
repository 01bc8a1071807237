"""Competition roles and permissions, registered when the platform starts."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from replika.competition.rules import CRITERIA
from replika.core import humanize, modules
from replika.core.roles import Role, Scope, get_role, grant, register_role

MANAGE_CALL = "competition.manage_call"
VIEW_PROPOSAL = "competition.view_proposal"
CHANGE_PROPOSAL = "competition.change_proposal"
SCORE_PROPOSAL = "competition.score_proposal"
SCORE_PRESENTATION = "competition.score_presentation"

# Anyone holding one of these has a reason to open the competition pages.
ANY_COMPETITION = (MANAGE_CALL, VIEW_PROPOSAL, SCORE_PROPOSAL, SCORE_PRESENTATION)


def _register() -> None:
    """Register the evaluator and panelist roles and extend the region administrator."""
    # Guarded so that a second import (tests reloading modules) does not raise.
    if get_role("evaluator") is None:
        register_role(
            Role(
                code="evaluator",
                label=_("Competition evaluator"),
                scope=Scope.PROVINCE,
                permissions={SCORE_PROPOSAL},
                module="competition",
                description=_(
                    "Scores the proposals assigned to them; never those of their home region."
                ),
            )
        )
    if get_role("panelist") is None:
        register_role(
            Role(
                code="panelist",
                label=_("Independent panelist"),
                scope=Scope.PROVINCE,
                permissions={SCORE_PRESENTATION},
                module="competition",
                description=_("Scores the presentations of the top N proposals."),
            )
        )
    grant("admin_daerah", VIEW_PROPOSAL, CHANGE_PROPOSAL)
    modules.register_menu(
        modules.MenuEntry(_("Competition calls"), "competition:calls", MANAGE_CALL),
        any_of=ANY_COMPETITION,
        group="competition",
        group_label=_("Competition"),
    )
    modules.register_menu(
        modules.MenuEntry(_("My scoring"), "competition:queue", SCORE_PROPOSAL),
        any_of=(SCORE_PROPOSAL, SCORE_PRESENTATION),
        group="competition",
        group_label=_("Competition"),
    )


def _render_public_section(request: HttpRequest) -> str:
    """The competition's published winners on the public front page."""
    from replika.competition import selectors

    calls = [(call, selectors.ranking(call)) for call in selectors.published_calls()[:3]]
    return render_to_string("competition/_public_section.html", {"calls": calls}, request=request)


_register()
humanize.register_terms(dict(CRITERIA))
humanize.register_action_labels(
    {
        "competition.call.create": _("Competition created"),
        "competition.call.update": _("Competition changed"),
        "competition.call.advance": _("Competition moved to its next stage"),
        "competition.proposal.create": _("Proposal started"),
        "competition.proposal.update": _("Proposal changed"),
        "competition.proposal.submit": _("Proposal submitted"),
        "competition.proposal.check": _("Administrative check of a proposal"),
        "competition.attachment.add": _("Attachment added to a proposal"),
        "competition.evaluator.register": _("Evaluator registered"),
        "competition.assignment.create": _("Evaluator assigned to a proposal"),
        "competition.scores.submit": _("Evaluator's scores submitted"),
        "competition.panel.score": _("Panel score given"),
    }
)
modules.register_public_section(
    modules.PublicSection(code="competition", order=20, render=_render_public_section)
)
