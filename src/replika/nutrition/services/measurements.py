"""Recording a child's monthly measurement: z-scores, SKDN growth, summaries marked dirty.

``mark_dirty`` is re-exported from ``services.dirty`` for the callers that know it here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import User, snapshot
from replika.nutrition import rules
from replika.nutrition.growth import assess
from replika.nutrition.models import Child, Measurement, Source
from replika.nutrition.models.measurements import ZSCORE_FIELDS
from replika.nutrition.rules import acute as acute_rules
from replika.nutrition.services import plausibility
from replika.nutrition.services.checks import CONFLICT, check_range
from replika.nutrition.services.dirty import mark_dirty as mark_dirty
from replika.nutrition.services.followup import measurements_followup

# The computed columns of a measurement, copied from the growth assessment.
ZFIELDS = ZSCORE_FIELDS


def _num(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _check(
    child: Child, visit_date: dt.date, weight: Any, lenhei: Any, headc: Any, armc: Any
) -> None:
    """Refuse what cannot be a measurement of this child, naming the field."""
    if visit_date > timezone.localdate():
        raise ValidationError({"visit_date": _("The measurement date cannot be in the future.")})
    if visit_date < child.birth_date:
        raise ValidationError({"visit_date": _("The child was not born yet on this date.")})
    if weight is None and lenhei is None:
        raise ValidationError({"weight": _("Enter at least the weight or the length/height.")})
    for key, value in (("weight", weight), ("lenhei", lenhei), ("headc", headc), ("armc", armc)):
        check_range(key, value)


def zscore_values(
    *,
    child: Child,
    age_days: int,
    weight: Any,
    lenhei: Any,
    measure: str,
    oedema: bool,
    headc: Any = None,
    armc: Any = None,
) -> dict[str, Any]:
    """The stored z-score, flag and category fields for one measurement, with the gizi
    buruk / gizi kurang category on every criterion and its reasons."""
    result = assess(
        sex=child.sex,
        age_days=age_days,
        weight=_num(weight),
        lenhei=_num(lenhei),
        measure=measure,
        oedema="y" if oedema else "n",
        headc=_num(headc),
        armc=_num(armc),
    )
    values = {field: getattr(result, field) for field in ZFIELDS}
    status = acute_rules.acute_status(
        age_days=age_days, zwfl=result.zwfl, fwfl=result.fwfl, armc=_num(armc), oedema=oedema
    )
    values.update(cat_acute=status.category, acute_reasons=status.reasons_text)
    return values


# The inputs of a measurement a partial write may leave out (``keep``).
INPUTS = ("weight", "lenhei", "measure", "oedema", "headc", "armc")


@transaction.atomic
def measurement_record(
    *,
    actor: User | None,
    child: Child,
    visit_date: dt.date,
    weight: Decimal | None,
    lenhei: Decimal | None,
    measure: str = "",
    oedema: bool = False,
    headc: Decimal | None = None,
    armc: Decimal | None = None,
    source: str = Source.SESSION,
    guard_stale: bool = False,
    revision: str = "",
    keep: frozenset[str] | set[str] = frozenset(),
    confirmed: bool = False,
    locked: bool = False,
) -> Measurement:
    """Record the child's measurement for the month of ``visit_date``; again = update.

    With ``guard_stale`` (the API) a month already stored is changed only by a writer who
    saw it: ``revision`` must be the stored one's, else the write is refused as a conflict;
    a repeat of exactly the stored values is accepted and changes nothing.

    ``keep`` names inputs the writer did not send (a partial write): they keep the month's
    stored values instead of being cleared (merge, not replace).

    A value that contradicts the child's earlier measurements (``rules.plausibility``) is
    refused with the code ``implausible`` on its field unless ``confirmed``; a confirmed
    one is stored with the confirmation.

    ``locked`` says the caller already holds the child's row lock in its transaction.
    """
    # One writer per child at a time: the month's row, its neighbours and the referrals
    # they raise are read and written without a parallel writer in between.
    if not locked:
        list(Child.objects.select_for_update().filter(pk=child.pk).values_list("pk", flat=True))
    period = rules.period_of(visit_date)
    # Under the lock the child's months are read once: the stored month, the previous
    # weighing, the plausibility history, the next month and the alerts' history.
    months = list(Measurement.objects.filter(child=child).order_by("period"))
    stored = next((m for m in months if m.period == period), None)
    if keep:
        kept = _kept(stored, keep)
        weight = kept.get("weight", weight)
        lenhei = kept.get("lenhei", lenhei)
        measure = kept.get("measure", measure)
        oedema = kept.get("oedema", oedema)
        headc = kept.get("headc", headc)
        armc = kept.get("armc", armc)
    _check(child, visit_date, weight, lenhei, headc, armc)
    if guard_stale:
        inputs = {
            "visit_date": visit_date,
            "weight": weight,
            "lenhei": lenhei,
            "measure": measure,
            "oedema": oedema,
            "headc": headc,
            "armc": armc,
        }
        if stored is not None and revision != revision_of(stored):
            if _same_inputs(stored, inputs):
                return stored
            raise ValidationError(
                {
                    "revision": ValidationError(
                        _(
                            "This child's month was changed by someone else "
                            "(revision %(revision)s). Fetch it and send your change again."
                        )
                        % {"revision": revision_of(stored)},
                        code=CONFLICT,
                    )
                }
            )
    age_days = rules.age_in_days(child.birth_date, visit_date)
    earlier = [m for m in months if m.period < period]
    previous = next((m for m in reversed(earlier) if m.weight is not None), None)
    growth = rules.growth_code(
        _num(weight),
        _num(previous.weight) if previous else None,
        age_days,
        weighed_last_month=previous is not None
        and previous.period == rules.previous_period(period),
    )
    values = {
        "region_id": child.region_id,
        "location_id": child.location_id,
        "unit_id": child.unit_id,
        "visit_date": visit_date,
        "age_days": age_days,
        "weight": weight,
        "lenhei": lenhei,
        "measure": measure,
        "oedema": oedema,
        "headc": headc,
        "armc": armc,
        "growth": growth,
        "source": source,
        **zscore_values(
            child=child,
            age_days=age_days,
            weight=weight,
            lenhei=lenhei,
            measure=measure,
            oedema=oedema,
            headc=headc,
            armc=armc,
        ),
    }
    values.update(
        plausibility.check(
            child=child,
            period=period,
            values=values,
            confirmed=confirmed,
            rows=[*earlier, stored] if stored else earlier,
        )
    )
    existing = stored
    before = snapshot(existing) if existing else {}
    if existing is None:
        measurement = Measurement.objects.create(
            child=child, period=period, created_by=actor, **values
        )
    else:
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save()
        measurement = existing
        if before.get("unit_id") != measurement.unit_id:
            mark_dirty(before["unit_id"], period)
    mark_dirty(measurement.unit_id, period)
    following = next((m for m in months if m.period == rules.next_period(period)), None)
    _refresh_next_growth(measurement, following)
    if Child.region.is_cached(child) and child.region_id == measurement.region_id:
        # The child's region is already loaded: the audit event needs no read of it.
        measurement.region = child.region
    audit.record(actor=actor, action="measurement.record", instance=measurement, before=before)
    # The alerts and referrals follow in the same transaction, whatever the channel; the
    # history they read is the one above with this month as now written.
    measurements_followup(
        actor=actor,
        written=[(child.pk, period)],
        histories={child.pk: [*earlier, measurement]},
    )
    return measurement


def _kept(stored: Measurement | None, keep: frozenset[str] | set[str]) -> dict[str, Any]:
    """The stored values of the inputs a partial write leaves out (none for a new month)."""
    if stored is None:
        return {}
    return {key: getattr(stored, key) for key in INPUTS if key in keep}


def revision_of(measurement: Measurement) -> str:
    """The revision of a stored measurement: when it was last written (a stale-write token)."""
    return measurement.updated_at.isoformat()


def _same_inputs(stored: Measurement, inputs: dict[str, Any]) -> bool:
    """Whether a new write repeats exactly what is stored (a retry, not a change)."""
    return all(_equal(getattr(stored, key), value) for key, value in inputs.items())


def _equal(stored: Any, new: Any) -> bool:
    """Stored and sent values compared as numbers where they are numbers."""
    if isinstance(stored, Decimal) or isinstance(new, Decimal):
        return stored is not None and new is not None and Decimal(stored) == Decimal(new)
    return bool(stored == new)


def _refresh_next_growth(measurement: Measurement, following: Measurement | None) -> None:
    """A late or corrected month changes the next month's N/T (``following``): recompute it."""
    if following is None or following.weight is None:
        return
    growth = rules.growth_code(
        float(following.weight),
        _num(measurement.weight),
        following.age_days,
        weighed_last_month=measurement.weight is not None,
    )
    if growth != following.growth:
        Measurement.objects.filter(pk=following.pk).update(growth=growth)
        mark_dirty(following.unit_id, following.period)
