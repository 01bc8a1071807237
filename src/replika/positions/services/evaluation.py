"""Recording a job evaluation: a verifier's factor levels, and the points and class they give."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import User, snapshot
from replika.positions.models import Position
from replika.positions.rules.evaluation import FactorError, evaluate, method_for

EVALUATION_FIELDS = ["factor_levels", "evaluated_points", "evaluated_class"]


@transaction.atomic
def position_evaluate(
    *, actor: User | None, position: Position, levels: dict[str, int]
) -> Position:
    """Store the factor levels of ``position`` with the points and class they come to.

    The entered class is left as it is: a difference is shown to the verifier, who changes
    the register (or the levels) knowingly.
    """
    try:
        result = evaluate(kind=position.kind, levels=levels)
    except FactorError as error:
        raise ValidationError(
            {f"factor_{error.factor}": _("Choose one of the levels of this factor.")}
        ) from None
    before = snapshot(position, EVALUATION_FIELDS)
    position.factor_levels = dict(levels)
    position.evaluated_points = result.total
    position.evaluated_class = result.job_class
    position.evaluated_at = timezone.now()
    position.evaluated_by = actor if actor is not None and actor.pk else None
    position.save(update_fields=[*EVALUATION_FIELDS, "evaluated_at", "evaluated_by", "updated_at"])
    audit.record(
        actor=actor,
        action="positions.position.evaluate",
        instance=position,
        before=before,
        after=snapshot(position, EVALUATION_FIELDS),
    )
    return position


def evaluation_cleared_on_kind_change(position: Position, old_kind: str) -> None:
    """Forget an evaluation whose factors no longer fit the position's kind (fields changed)."""
    if not position.factor_levels or method_for(old_kind) == method_for(position.kind):
        return
    position.factor_levels = {}
    position.evaluated_points = position.evaluated_class = None
    position.evaluated_at = position.evaluated_by = None
