"""What follows a measurement: the alerts it raises and the referrals they open.

Every channel that writes measurements (the session page, the API, the e-PPGBM import)
calls ``measurements_followup`` inside its own transaction, so the same values open the
same referrals wherever they were typed. A referral stays one per child and reason while it
is open: recording the same month again opens nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.utils import timezone

from replika.core.models import User, Wilayah
from replika.nutrition.models import Child, Measurement, Pregnancy, Referral
from replika.nutrition.rules import alerts
from replika.nutrition.rules import followup as rg
from replika.nutrition.services.care import new_referral, referral_open, referrals_store
from replika.nutrition.settings_schema import settings_for

ALERT_FIELDS = ("id", "child_id", "period", "growth", "zwfl", "fwfl", "zlen", "flen")


def _switches(region_ids: Iterable[int]) -> dict[int, alerts.AlertSwitches]:
    """The alerts each region switched on, read once per region."""
    switches = {}
    for region in Wilayah.objects.filter(pk__in=set(region_ids)):
        settings = settings_for(region)
        switches[region.pk] = alerts.AlertSwitches(
            two_t=settings.alert_two_t,
            wasting=settings.alert_wasting,
            newly_stunted=settings.alert_newly_stunted,
        )
    return switches


def _histories(written: Sequence[tuple[int, dt.date]]) -> dict[int, list[Measurement]]:
    """Each child's measurements up to its latest written month, oldest first (one query)."""
    latest: dict[int, dt.date] = {}
    for child_id, period in written:
        latest[child_id] = max(period, latest.get(child_id, period))
    rows = (
        Measurement.objects.filter(child_id__in=list(latest))
        .only(*ALERT_FIELDS, "region_id")
        .order_by("child_id", "period")
    )
    histories: dict[int, list[Measurement]] = defaultdict(list)
    for row in rows:
        if row.period <= latest[row.child_id]:
            histories[row.child_id].append(row)
    return histories


def raised_alerts(written: Sequence[tuple[int, dt.date]]) -> list[tuple[Measurement, str]]:
    """The (measurement, reason) pairs the written child-months raise, oldest month first."""
    histories = _histories(written)
    switches = _switches(m.region_id for rows in histories.values() for m in rows)
    raised = []
    for child_id, period in sorted(set(written), key=lambda pair: (pair[1], pair[0])):
        rows = histories.get(child_id, [])
        current = next((m for m in rows if m.period == period), None)
        if current is None:
            continue
        region_switches = switches.get(current.region_id, alerts.AlertSwitches())
        for reason in alerts.alerts_after(current, rows, region_switches):
            raised.append((current, reason))
    return raised


def _open_pairs(child_ids: Iterable[int]) -> set[tuple[int, str]]:
    """The (child, reason) pairs that already have an open referral (locked, as one referral
    at a time would lock them)."""
    ids = set(child_ids)
    # Lock the children first: a child with no open referral has no row to lock, and two
    # writers must not both see "none open" (the unique constraint would refuse the second).
    list(Child.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    rows = Referral.objects.select_for_update().filter(child_id__in=ids, status__in=rg.OPEN)
    return set(rows.values_list("child_id", "reason"))


def measurements_followup(
    *, actor: User | None, written: Sequence[tuple[int, dt.date]]
) -> list[Referral]:
    """Open the referrals the written (child, month) measurements call for; returns the new.

    Runs in the caller's transaction. A reason with an open referral for the child (from an
    earlier month, or raised twice in one batch) opens nothing new.
    """
    if not written:
        return []
    raised = raised_alerts(written)
    if not raised:
        return []
    taken = _open_pairs(m.child_id for m, _reason in raised)
    wanted = []
    for measurement, reason in raised:
        if (measurement.child_id, reason) not in taken:
            taken.add((measurement.child_id, reason))
            wanted.append((measurement, reason))
    if not wanted:
        return []
    children = Child.objects.select_related("unit__parent", "region").in_bulk(
        {m.child_id for m, _reason in wanted}
    )
    today = timezone.localdate()
    new = [
        new_referral(
            actor=actor, person=children[m.child_id], reason=reason, measurement=m, on=today
        )
        for m, reason in wanted
    ]
    return referrals_store(actor=actor, referrals=new)


def referrals_open(
    *,
    actor: User | None,
    reasons: list[str],
    child: Child | None = None,
    pregnancy: Pregnancy | None = None,
    measurement: Measurement | None = None,
) -> int:
    """Open a referral per alert reason (``referral_open`` keeps one open per reason)."""
    for reason in reasons:
        referral_open(
            actor=actor, child=child, pregnancy=pregnancy, reason=reason, measurement=measurement
        )
    return len(reasons)
