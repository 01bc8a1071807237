"""Holding a measurement that contradicts the child's own history until someone confirms it.

The rule (``rules.plausibility``) answers with codes; here they become questions in the
language of the page, on the field they are about, with the code ``implausible``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from replika.nutrition.models import Child, Measurement
from replika.nutrition.rules import plausibility as p

if TYPE_CHECKING:
    from replika.nutrition.services.bulk import MeasurementIn

IMPLAUSIBLE = "implausible"
OBSERVED = ("visit_date", "age_days", "weight", "lenhei", "measure", "zlen", "zwei", "zwfl")


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def observation(values: dict[str, Any] | Measurement) -> p.Observation:
    """The rule's view of a measurement (a stored row or the values about to be stored)."""

    def get(key: str) -> Any:
        return values[key] if isinstance(values, dict) else getattr(values, key)

    return p.Observation(
        visit_date=get("visit_date"),
        age_days=get("age_days"),
        weight=_num(get("weight")),
        lenhei=_num(get("lenhei")),
        measure=get("measure") or "",
        zlen=get("zlen"),
        zwei=get("zwei"),
        zwfl=get("zwfl"),
    )


def message(finding: p.Finding) -> str:
    """The question a finding asks, naming the measurement it contradicts."""
    before = finding.previous
    facts = {
        "date": formats.date_format(before.visit_date, "j F Y"),
        "weight": formats.number_format(before.weight) if before.weight is not None else "",
        "lenhei": formats.number_format(before.lenhei) if before.lenhei is not None else "",
    }
    texts = {
        p.LENGTH_DECREASE: _(
            "The length/height is more than 1.5 cm less than on %(date)s (%(lenhei)s cm): "
            "a child does not shrink."
        ),
        p.WEIGHT_GAIN: _(
            "The weight rose more than a child can gain since %(date)s (%(weight)s kg)."
        ),
        p.WEIGHT_LOSS: _("The weight fell by more than 15%% since %(date)s (%(weight)s kg)."),
        p.ZLEN_JUMP: _("The length-for-age z-score moved by more than 3 since %(date)s."),
        p.ZWEI_JUMP: _("The weight-for-age z-score moved by more than 3 since %(date)s."),
        p.ZWFL_JUMP: _("The weight-for-length z-score moved by more than 3 since %(date)s."),
    }
    return texts[finding.code] % facts


def hold(findings: Sequence[p.Finding]) -> ValidationError:
    """The refusal of unconfirmed findings: per field, code ``implausible``."""
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    for finding in findings:
        text = _("%(reason)s Measure again, or confirm that the value is right.") % {
            "reason": message(finding)
        }
        errors[finding.field].append(ValidationError(text, code=IMPLAUSIBLE))
    return ValidationError(dict(errors))


def _carried(findings: Sequence[p.Finding], existing: Measurement | None, values: dict) -> bool:
    """Whether the month's stored row already confirmed these findings on the same values."""
    if existing is None or existing.confirmed_at is None:
        return False
    confirmed = set(existing.plausibility.split(","))
    return all(
        f.code in confirmed and _same(getattr(existing, f.field), values.get(f.field))
        for f in findings
    )


def _same(stored: Any, new: Any) -> bool:
    if stored is None or new is None:
        return stored is new
    return Decimal(str(stored)) == Decimal(str(new))


def check(
    *,
    child: Child,
    period: dt.date,
    values: dict[str, Any],
    confirmed: bool,
    rows: Sequence[Measurement] | None = None,
) -> dict[str, Any]:
    """The confirmation fields to store with ``values``; refuses unconfirmed findings.

    ``values`` are the fields about to be stored (inputs and z-scores). A finding already
    confirmed on the stored month with the same value stays confirmed. ``rows`` are the
    child's months up to ``period`` when the caller has read them already.
    """
    if rows is None:
        rows = list(
            Measurement.objects.filter(child=child, period__lte=period).only(
                *OBSERVED, "period", "plausibility", "confirmed_at", "headc", "armc"
            )
        )
    existing = next((m for m in rows if m.period == period), None)
    history = [observation(m) for m in rows if m.period < period]
    findings = p.implausible(observation(values), history)
    if not findings:
        return {"plausibility": "", "confirmed_at": None}
    if not confirmed and not _carried(findings, existing, values):
        raise hold(findings)
    if not confirmed and existing is not None:
        return {"plausibility": existing.plausibility, "confirmed_at": existing.confirmed_at}
    codes = ",".join(sorted({f.code for f in findings}))
    return {"plausibility": codes, "confirmed_at": timezone.now()}


def implausible_items(
    items: Sequence[MeasurementIn], zcols: dict[str, list[Any]]
) -> dict[int, list[tuple[str, str]]]:
    """For an import chunk: index → (field, question) of the items that contradict history.

    History is what is stored before each item plus the chunk's own earlier rows of the
    same child (one query for the chunk).
    """
    child_ids = {item.child.id for item in items}
    stored = Measurement.objects.filter(child_id__in=child_ids).only(*OBSERVED, "child_id")
    histories: dict[int, list[p.Observation]] = defaultdict(list)
    for row in stored:
        histories[row.child_id].append(observation(row))
    incoming = []
    for index, item in enumerate(items):
        values = {
            "visit_date": item.visit_date,
            "age_days": (item.visit_date - item.child.birth_date).days,
            "weight": item.weight,
            "lenhei": item.lenhei,
            "measure": item.measure,
            **{key: zcols[key][index] for key in ("zlen", "zwei", "zwfl")},
        }
        incoming.append(observation(values))
    for item, obs in zip(items, incoming, strict=True):
        histories[item.child.id].append(obs)
    found: dict[int, list[tuple[str, str]]] = {}
    for index, (item, obs) in enumerate(zip(items, incoming, strict=True)):
        # A stored row of the same month is the one being replaced: not its own history.
        period = (obs.visit_date.year, obs.visit_date.month)
        history = [
            h for h in histories[item.child.id] if (h.visit_date.year, h.visit_date.month) < period
        ]
        findings = p.implausible(obs, history)
        if findings:
            found[index] = [(f.field, message(f)) for f in findings]
    return found
