"""Follow-up of placed children: monthly attendance (and the re-dropout flag), support given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import User, snapshot
from replika.schooling import rules
from replika.schooling.models import Attendance, Case, EventKind, Status, SupportGiven
from replika.schooling.services.common import (
    check_not_future,
    event,
    mark_dirty,
    status_event,
    today,
)
from replika.schooling.settings_schema import settings_for

MAX_SCHOOL_DAYS = 26  # six school days a week in the longest month


@transaction.atomic
def attendance_record(
    *,
    actor: User | None,
    case: Case,
    month: dt.date,
    school_days: int,
    days_present: int,
    stopped_coming: bool = False,
) -> Attendance:
    """Record (or correct) a placed child's month; the first month makes the child attending,
    a month below the region's threshold (or stopping) flags the child at risk again."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in (Status.PLACED, Status.ATTENDING) or case.place_id is None:
        raise ValidationError(_("Attendance is recorded for placed children only."))
    month = month.replace(day=1)
    errors: dict[str, str] = {}
    if month > today().replace(day=1):
        errors["month"] = _("The month cannot be in the future.")
    elif case.placed_on and month < case.placed_on.replace(day=1):
        errors["month"] = _("The month is before the placement.")
    if not 0 <= school_days <= MAX_SCHOOL_DAYS:
        errors["school_days"] = _("School days must be between 0 and %(max)s.") % {
            "max": MAX_SCHOOL_DAYS
        }
    elif not 0 <= days_present <= school_days:
        errors["days_present"] = _("Days present must be between 0 and the school days.")
    if errors:
        raise ValidationError(errors)
    threshold = settings_for(case.region).attendance_threshold
    at_risk = rules.is_at_risk(
        days_present=days_present,
        school_days=school_days,
        threshold=threshold,
        stopped_coming=stopped_coming,
    )
    percent = rules.attendance_percent(days_present=days_present, school_days=school_days)
    row, created = Attendance.objects.update_or_create(
        case=case,
        month=month,
        defaults={
            "place_id": case.place_id,
            "school_days": school_days,
            "days_present": days_present,
            "stopped_coming": stopped_coming,
            "percent": None if percent is None else Decimal(str(percent)).quantize(Decimal("0.01")),
            "at_risk": at_risk,
            "recorded_by": actor if actor is not None and actor.pk else None,
        },
    )
    audit.record(
        actor=actor,
        action="schooling.attendance.record" if created else "schooling.attendance.correct",
        instance=row,
    )
    shown = "-" if percent is None else f"{number_format(percent, 1)} %"
    on = min(today(), _month_end(month))
    event(case, actor=actor, kind=EventKind.ATTENDANCE, on=on, note=f"{month:%m/%Y}: {shown}")
    before, old = snapshot(case), case.status
    if case.status == Status.PLACED:
        case.status, case.attending_on = Status.ATTENDING, max(on, case.placed_on or on)
        status_event(case, actor=actor, before=old, on=case.attending_on)
    latest = Attendance.objects.filter(case=case).order_by("-month").first()
    was_at_risk = case.at_risk
    case.at_risk = bool(latest and latest.at_risk)
    if case.at_risk and not was_at_risk:
        case.times_at_risk += 1
        note = (
            _("Stopped coming")
            if stopped_coming
            else _("Attendance below %(t)s %%") % {"t": number_format(threshold, 0)}
        )
        event(case, actor=actor, kind=EventKind.RISK, on=on, note=note)
    case.save()
    audit.record(actor=actor, action="schooling.case.follow_up", instance=case, before=before)
    mark_dirty(case.region_id)
    return row


def _month_end(month: dt.date) -> dt.date:
    """The last day of a month."""
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


@transaction.atomic
def support_give(
    *,
    actor: User | None,
    case: Case,
    item: str,
    quantity: int,
    given_on: dt.date,
    unit_cost: Decimal | None = None,
    note: str = "",
) -> SupportGiven:
    """Record an item of the region's catalogue given to a child (cost from the catalogue
    unless the actual cost per unit is given)."""
    catalogue = settings_for(case.region).support_items()
    errors: dict[str, str] = {}
    if item not in catalogue:
        errors["item"] = _("Choose an item of the region's catalogue.")
    if not 1 <= quantity <= 100:
        errors["quantity"] = _("The quantity must be between 1 and 100.")
    if unit_cost is not None and not Decimal(0) <= unit_cost <= Decimal(50_000_000):
        errors["unit_cost"] = _("The cost must be between 0 and 50,000,000 rupiah.")
    if given_on > today():
        errors["given_on"] = _("The date cannot be in the future.")
    elif given_on < case.reported_on:
        errors["given_on"] = _("The date is before the case was reported.")
    if case.status in (Status.CLOSED,):
        errors["item"] = _("The case is closed.")
    if errors:
        raise ValidationError(errors)
    check_not_future("given_on", given_on)
    label, catalogue_cost = catalogue[item]
    cost_each = catalogue_cost if unit_cost is None else unit_cost
    row = SupportGiven.objects.create(
        case=case,
        place_id=case.place_id,
        item=item,
        item_label=label,
        quantity=quantity,
        unit_cost=cost_each,
        cost=cost_each * quantity,
        given_on=given_on,
        note=" ".join(note.split())[:255],
        created_by=actor if actor is not None and actor.pk else None,
    )
    audit.record(actor=actor, action="schooling.support.give", instance=row)
    event(case, actor=actor, kind=EventKind.SUPPORT, on=given_on, note=f"{label} × {quantity}")
    return row
