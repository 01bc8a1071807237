"""What follows a measurement: the alerts it raises and the referrals they open.

Every channel that writes measurements (the session page, the API, the e-PPGBM import)
calls ``measurements_followup`` inside its own transaction, so the same values open the
same referrals wherever they were typed. One referral per child and visit lists every reason
the visit raised (gizi buruk, below the red line, 2T, …); a reason already on an open
referral of the child opens nothing new, so recording the same month again opens nothing.
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
from replika.nutrition.services.checks import update_audited
from replika.nutrition.settings_schema import settings_for

ALERT_FIELDS = (
    "id",
    "child_id",
    "period",
    "growth",
    "zwfl",
    "fwfl",
    "zlen",
    "flen",
    "zwei",
    "fwei",
    "cat_acute",
)


def _switches(rows: Iterable[Measurement]) -> dict[int, alerts.AlertSwitches]:
    """The alerts each region of ``rows`` switched on, read once per region.

    A region a row already holds (the writer loaded it) is not read again.
    """
    regions: dict[int, Wilayah | None] = {}
    for row in rows:
        if Measurement.region.is_cached(row):
            regions[row.region_id] = row.region
        else:
            regions.setdefault(row.region_id, None)
    missing = [pk for pk, region in regions.items() if region is None]
    regions.update(Wilayah.objects.in_bulk(missing) if missing else {})
    switches = {}
    for region in regions.values():
        if region is None:
            continue
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


def raised_alerts(
    written: Sequence[tuple[int, dt.date]],
    histories: dict[int, list[Measurement]] | None = None,
) -> list[tuple[Measurement, str]]:
    """The (measurement, reason) pairs the written child-months raise, oldest month first.

    ``histories`` (each child's months up to its written one, oldest first) is read here
    unless the writer has it already.
    """
    if histories is None:
        histories = _histories(written)
    switches = _switches(m for rows in histories.values() for m in rows)
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


def _open_referrals(child_ids: Iterable[int]) -> dict[int, list[Referral]]:
    """The children's open referrals, locked (as one referral at a time would lock them)."""
    ids = set(child_ids)
    # Lock the children first: a child with no open referral has no row to lock, and two
    # writers must not both see "none open" (the unique constraint would refuse the second).
    list(Child.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    rows = Referral.objects.select_for_update().filter(child_id__in=ids, status__in=rg.OPEN)
    found: dict[int, list[Referral]] = defaultdict(list)
    for referral in rows.order_by("pk"):
        found[referral.child_id].append(referral)  # type: ignore[index]
    return found


def _by_visit(raised: list[tuple[Measurement, str]]) -> list[tuple[Measurement, list[str]]]:
    """The raised reasons grouped per measurement (one visit), the most urgent first."""
    visits: dict[int, tuple[Measurement, list[str]]] = {}
    for measurement, reason in raised:
        visits.setdefault(measurement.pk, (measurement, []))[1].append(reason)
    return [(m, alerts.most_urgent_first(reasons)) for m, reasons in visits.values()]


def _main_reason(reasons: Sequence[str], taken: set[str]) -> str | None:
    """The most urgent reason not already naming another open referral of the child."""
    return next((r for r in reasons if r not in taken), None)


def _urgency(reason: str) -> int:
    """A reason's rank, 0 the most urgent."""
    order = alerts.URGENCY
    return order.index(reason) if reason in order else len(order)


def _joined_referral(
    current: list[Referral], measurement: Measurement, fresh: list[str]
) -> Referral | None:
    """The open referral that takes a visit's new reasons instead of a new referral.

    The visit's own referral when it has one (the month recorded again); otherwise the
    child's most urgent open referral, unless a new reason is more urgent than it (a child
    followed for 2T who is now gizi buruk gets a new, urgent referral).
    """
    same_visit = next((r for r in current if r.measurement_id == measurement.pk), None)
    if same_visit is not None:
        return same_visit
    if not current:
        return None
    most_urgent = min(current, key=lambda r: _urgency(r.reason))
    if _urgency(fresh[0]) < _urgency(most_urgent.reason):
        return None
    return most_urgent


def measurements_followup(
    *,
    actor: User | None,
    written: Sequence[tuple[int, dt.date]],
    histories: dict[int, list[Measurement]] | None = None,
) -> list[Referral]:
    """Open the referrals the written (child, month) measurements call for; returns the new.

    Runs in the caller's transaction. One referral per child and visit, listing all its
    reasons. Reasons already on an open referral of the child (from an earlier month, or
    raised twice in one batch) open nothing new; new reasons no more urgent than an open
    referral of the child are added to it (see ``_joined_referral``). ``histories``: as
    ``raised_alerts`` takes them, from a writer that read them already.
    """
    if not written:
        return []
    raised = raised_alerts(written, histories)
    if not raised:
        return []
    open_by_child = _open_referrals(m.child_id for m, _reason in raised)
    children = Child.objects.select_related("unit__parent", "region").in_bulk(
        {m.child_id for m, _reason in raised}
    )
    today = timezone.localdate()
    new: list[Referral] = []
    for measurement, reasons in _by_visit(raised):
        current = open_by_child[measurement.child_id]
        covered = {code for r in current for code in r.reason_codes}
        fresh = [r for r in reasons if r not in covered]
        if not fresh:
            continue
        joined = _joined_referral(current, measurement, fresh)
        if joined is not None:
            taken = {r.reason for r in current if r is not joined}
            _add_reasons(actor=actor, referral=joined, reasons=fresh, taken=taken)
            continue
        main = _main_reason(fresh, {r.reason for r in current})
        if main is None:
            continue
        referral = new_referral(
            actor=actor,
            person=children[measurement.child_id],
            reason=main,
            measurement=measurement,
            on=today,
        )
        referral.reasons = ",".join([main, *(r for r in reasons if r != main)])
        new.append(referral)
        # A later visit of the same child in this batch sees this one as open.
        current.append(referral)
    return referrals_store(actor=actor, referrals=new) if new else []


def _add_reasons(
    *, actor: User | None, referral: Referral, reasons: list[str], taken: set[str]
) -> None:
    """A visit recorded again raised more reasons: list them on its open referral, whose
    main reason becomes the most urgent one no other open referral of the child carries."""
    codes = alerts.most_urgent_first([*referral.reason_codes, *reasons])
    main = _main_reason(codes, taken) or referral.reason
    ordered = [main, *(c for c in codes if c != main)]
    if referral.pk is None:
        # Opened by an earlier visit of this batch: stored with all its reasons.
        referral.reason, referral.reasons = main, ",".join(ordered)
        return
    update_audited(
        referral, actor=actor, action="referral.reasons", reason=main, reasons=",".join(ordered)
    )


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
