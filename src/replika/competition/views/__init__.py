"""Competition pages, one module per area; the URL map names them from here."""

from replika.competition.views.calls import (
    call_advance,
    call_assign,
    call_detail,
    call_edit,
    call_list,
    call_new,
    evaluators,
)
from replika.competition.views.proposals import (
    attachment_download,
    proposal_check,
    proposal_detail,
    proposal_edit,
    proposal_new,
    proposal_submit,
    proposal_upload,
)
from replika.competition.views.public import public_result, public_results
from replika.competition.views.scoring import panel_score, queue, score

__all__ = [
    "attachment_download",
    "call_advance",
    "call_assign",
    "call_detail",
    "call_edit",
    "call_list",
    "call_new",
    "evaluators",
    "panel_score",
    "proposal_check",
    "proposal_detail",
    "proposal_edit",
    "proposal_new",
    "proposal_submit",
    "proposal_upload",
    "public_result",
    "public_results",
    "queue",
    "score",
]
