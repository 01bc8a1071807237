"""Follow-up writes: referrals to the puskesmas and the Rumah Gizi programme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import Unit, User
from replika.nutrition import rules, unit_kinds
from replika.nutrition.growth import assess
from replika.nutrition.models import (
    AdolescentGirl,
    Child,
    FeedingDay,
    Measurement,
    Pregnancy,
    Referral,
    ReferralEvent,
    ReferralReason,
    ReferralStatus,
    RumahGiziEnrolment,
    RumahGiziStatus,
    Source,
    WeeklyWeight,
)
from replika.nutrition.rules import acute
from replika.nutrition.rules import followup as rg
from replika.nutrition.selectors.care import discharge_missing
from replika.nutrition.services.checks import check_not_future, check_range, update_audited
from replika.nutrition.services.dirty import mark_dirty


def _touch(unit_id: int, day: dt.date) -> None:
    """The month's summary counts children in care: mark it for recomputation."""
    mark_dirty(unit_id, rules.period_of(day))


def _puskesmas_of(unit: Unit) -> Unit | None:
    """The puskesmas a posyandu belongs to (its parent unit), if it is one."""
    parent = unit.parent
    return parent if parent is not None and parent.kind == unit_kinds.PUSKESMAS else None


def _check_day(field: str, day: dt.date, not_before: dt.date | None = None) -> None:
    """Refuse a date in the future or before the start of what it belongs to."""
    check_not_future(field, day)
    if not_before is not None and day < not_before:
        raise ValidationError(
            {field: _("The date cannot be before %(day)s.") % {"day": not_before.isoformat()}}
        )


def _event(
    *, actor: User | None, referral: Referral, status: str, on: dt.date, note: str = ""
) -> ReferralEvent:
    """Write one dated, attributed step of a referral."""
    return ReferralEvent.objects.create(
        referral=referral, status=status, on=on, by=actor if actor and actor.pk else None, note=note
    )


@transaction.atomic
def referral_open(
    *,
    actor: User | None,
    child: Child | None = None,
    pregnancy: Pregnancy | None = None,
    reason: str,
    measurement: Measurement | None = None,
    notes: str = "",
    on: dt.date | None = None,
) -> Referral:
    """Refer a child or a pregnant woman; an open referral for the same reason is returned."""
    placed: Child | Pregnancy | None = child if child is not None else pregnancy
    if placed is None or (child is not None and pregnancy is not None):
        raise ValidationError({"child": _("Refer either a child or a pregnancy.")})
    if reason not in ReferralReason.values:
        raise ValidationError({"reason": _("Choose a reason for the referral.")})
    on = on or timezone.localdate()
    _check_day("referred_on", on)
    person = {"child": child} if child is not None else {"pregnancy": pregnancy}
    # Lock the person's referrals so two cadres referring at once create one referral.
    existing = (
        Referral.objects.select_for_update()
        .filter(**person, reason=reason, status__in=rg.OPEN)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    new = new_referral(
        actor=actor, person=placed, reason=reason, measurement=measurement, notes=notes, on=on
    )
    try:
        with transaction.atomic():
            return referrals_store(actor=actor, referrals=[new])[0]
    except IntegrityError:
        # A parallel referral for the same person and reason won (one open per reason).
        return Referral.objects.get(**person, reason=reason, status__in=rg.OPEN)


def new_referral(
    *,
    actor: User | None,
    person: Child | Pregnancy | AdolescentGirl,
    reason: str,
    measurement: Measurement | None = None,
    notes: str = "",
    on: dt.date,
) -> Referral:
    """An unsaved referral of a child, a pregnancy or an adolescent girl, placed where the
    person is followed."""
    referral = Referral(
        # The region object, not its id: the audit entry files the referral under it.
        region=person.region,
        location_id=person.location_id,
        unit=person.unit,
        puskesmas=_puskesmas_of(person.unit),
        measurement=measurement,
        reason=reason,
        referred_on=on,
        notes=notes,
        created_by=actor if actor and actor.pk else None,
    )
    if isinstance(person, Child):
        referral.child = person
    elif isinstance(person, AdolescentGirl):
        referral.girl = person
    else:
        referral.pregnancy = person
    return referral


def referrals_store(*, actor: User | None, referrals: list[Referral]) -> list[Referral]:
    """Store new referrals (callers checked that none is open yet) with their first step.

    A few statements whatever the number: the alerts of a large import open many at once.
    """
    Referral.objects.bulk_create(referrals)
    by = actor if actor and actor.pk else None
    ReferralEvent.objects.bulk_create(
        ReferralEvent(
            referral=r, status=ReferralStatus.REFERRED, on=r.referred_on, by=by, note=r.notes
        )
        for r in referrals
    )
    for unit_id, month in sorted({(r.unit_id, rules.period_of(r.referred_on)) for r in referrals}):
        mark_dirty(unit_id, month)
    for referral in referrals:
        audit.record(actor=actor, action="referral.open", instance=referral)
    return referrals


@transaction.atomic
def referral_advance(
    *,
    actor: User | None,
    referral: Referral,
    status: str,
    on: dt.date | None = None,
    note: str = "",
) -> Referral:
    """Move a referral one step along the workflow, writing a dated, attributed event."""
    # Lock the row and read its current status into the caller's instance.
    referral.status = (
        Referral.objects.select_for_update().values_list("status", flat=True).get(pk=referral.pk)
    )
    if not rg.can_move(referral.status, status):
        raise ValidationError(
            {
                "status": _("A referral that is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": referral.get_status_display(),
                    "new": dict(ReferralStatus.choices).get(status, status),
                }
            }
        )
    note = note.strip()
    if rg.needs_note(status) and not note:
        raise ValidationError({"note": _("Say why the referral is closed.")})
    on = on or timezone.localdate()
    _check_day("on", on, not_before=referral.referred_on)
    return _set_status(actor=actor, referral=referral, status=status, on=on, note=note)


def _set_status(
    *, actor: User | None, referral: Referral, status: str, on: dt.date, note: str
) -> Referral:
    """Store the new status with its event and audit entry (callers check the workflow)."""
    update_audited(referral, actor=actor, action="referral.advance", status=status)
    _event(actor=actor, referral=referral, status=status, on=on, note=note)
    _touch(referral.unit_id, on)
    return referral


@transaction.atomic
def enrolment_start(
    *,
    actor: User | None,
    child: Child,
    rumah_gizi: Unit,
    enrolled_on: dt.date | None = None,
    referral: Referral | None = None,
) -> RumahGiziEnrolment:
    """Enrol a child at a Rumah Gizi; an examined referral moves to “Rumah Gizi”."""
    if rumah_gizi.kind != unit_kinds.RUMAH_GIZI or rumah_gizi.region_id != child.region_id:
        raise ValidationError({"rumah_gizi": _("Choose a Rumah Gizi of the child's region.")})
    enrolled_on = enrolled_on or timezone.localdate()
    _check_day("enrolled_on", enrolled_on, not_before=child.birth_date)
    if referral is not None and referral.child_id != child.pk:
        raise ValidationError({"referral": _("The referral is for another child.")})
    if RumahGiziEnrolment.objects.filter(child=child, status=RumahGiziStatus.ACTIVE).exists():
        raise ValidationError({"child": _("The child is already in a Rumah Gizi.")})
    enrolment = RumahGiziEnrolment.objects.create(
        child=child,
        referral=referral,
        rumah_gizi=rumah_gizi,
        enrolled_on=enrolled_on,
        admitted_on=admission_criteria(child=child, referral=referral, on=enrolled_on),
        region_id=child.region_id,
        location_id=child.location_id,
        unit_id=child.unit_id,
        created_by=actor if actor and actor.pk else None,
    )
    if referral is not None and rg.can_move(referral.status, ReferralStatus.RUMAH_GIZI):
        _set_status(
            actor=actor,
            referral=referral,
            status=ReferralStatus.RUMAH_GIZI,
            on=enrolled_on,
            note=str(rumah_gizi),
        )
    _touch(enrolment.unit_id, enrolled_on)
    audit.record(actor=actor, action="rumah_gizi.enrol", instance=enrolment)
    return enrolment


def admission_criteria(*, child: Child, referral: Referral | None, on: dt.date) -> str:
    """The criteria a child enters the Rumah Gizi on ("bbtb", "lila", "edema"), stored so
    that discharge is judged on them: those of the referring measurement, else of the
    child's latest measurement up to the enrolment, else weight-for-length/height."""
    measurement = referral.measurement if referral is not None else None
    if measurement is None or not measurement.acute_reasons:
        measurement = (
            Measurement.objects.filter(child=child, visit_date__lte=on)
            .exclude(acute_reasons="")
            .order_by("-period")
            .first()
        )
    if measurement is not None and measurement.acute_reasons:
        return measurement.acute_reasons
    return acute.BY_WFL


def _check_active(enrolment: RumahGiziEnrolment) -> None:
    """Feeding and weighing belong to a child still in the programme."""
    if enrolment.status != RumahGiziStatus.ACTIVE:
        raise ValidationError({"enrolment": _("The child is no longer in the programme.")})


@transaction.atomic
def feeding_day_record(
    *, actor: User | None, enrolment: RumahGiziEnrolment, day: dt.date, menu: str = ""
) -> FeedingDay:
    """Record a day of supplementary feeding (PMT); the same day again updates the menu."""
    _check_active(enrolment)
    _check_day("day", day, not_before=enrolment.enrolled_on)
    feeding, _created = FeedingDay.objects.update_or_create(
        enrolment=enrolment, day=day, defaults={"menu": menu.strip()}
    )
    audit.record(actor=actor, action="rumah_gizi.feeding", instance=feeding)
    return feeding


def weight_for_length_z(
    *, child: Child, on: dt.date, weight: Decimal, lenhei: Decimal, measure: str = ""
) -> float | None:
    """The child's weight-for-length/height z-score on a day (WHO engine), None if out of range."""
    return assess(
        sex=child.sex,
        age_days=(on - child.birth_date).days,
        weight=float(weight),
        lenhei=float(lenhei),
        measure=measure,
        oedema="n",
    ).zwfl


def _check_weighing(weight: Decimal, lenhei: Decimal, armc: Decimal | None) -> None:
    """Refuse what cannot be a child's weighing, naming the field."""
    check_range("weight", weight)
    check_range("lenhei", lenhei)
    check_range("armc", armc)


@transaction.atomic
def weekly_weight_record(
    *,
    actor: User | None,
    enrolment: RumahGiziEnrolment,
    measured_on: dt.date,
    weight: Decimal,
    lenhei: Decimal,
    measure: str = "",
    armc: Decimal | None = None,
    oedema: bool = False,
) -> WeeklyWeight:
    """Record a weekly weighing; discharge the child when recovered on the admission criterion.

    The weighing goes through the one measurement service as the child's measurement of the
    month (unless a later one of the month is stored), so it is classified, and gizi buruk,
    weight-for-age below the red line … raise their alert and referral as on every channel.
    """
    from replika.nutrition.services.measurements import measurement_record, zscore_values

    enrolment = (
        RumahGiziEnrolment.objects.select_for_update().select_related("child").get(pk=enrolment.pk)
    )
    _check_active(enrolment)
    _check_day("measured_on", measured_on, not_before=enrolment.enrolled_on)
    _check_weighing(weight, lenhei, armc)
    child = enrolment.child
    month = Measurement.objects.filter(child=child, period=rules.period_of(measured_on)).first()
    if month is None or month.visit_date <= measured_on:
        stored = measurement_record(
            actor=actor,
            child=child,
            visit_date=measured_on,
            weight=weight,
            lenhei=lenhei,
            measure=measure,
            oedema=oedema,
            armc=armc,
            source=Source.RUMAH_GIZI,
            keep={"headc"},
        )
        zwfl = None if stored.fwfl else stored.zwfl
    else:
        values = zscore_values(
            child=child,
            age_days=rules.age_in_days(child.birth_date, measured_on),
            weight=weight,
            lenhei=lenhei,
            measure=measure,
            oedema=oedema,
            armc=armc,
        )
        zwfl = None if values["fwfl"] else values["zwfl"]
    weighing, _created = WeeklyWeight.objects.update_or_create(
        enrolment=enrolment,
        measured_on=measured_on,
        defaults={
            "weight": weight,
            "lenhei": lenhei,
            "armc": armc,
            "oedema": oedema,
            "zwfl": zwfl,
        },
    )
    audit.record(actor=actor, action="rumah_gizi.weighing", instance=weighing)
    if not discharge_missing(enrolment):
        _graduate(actor=actor, enrolment=enrolment, on=measured_on)
    return weighing


def _graduate(*, actor: User | None, enrolment: RumahGiziEnrolment, on: dt.date) -> None:
    """Close the enrolment as graduated and mark its referral recovered."""
    update_audited(
        enrolment,
        actor=actor,
        action="rumah_gizi.graduate",
        status=RumahGiziStatus.GRADUATED,
        ended_on=on,
    )
    _touch(enrolment.unit_id, on)
    referral = enrolment.referral
    # Recovery is measured, so it ends the referral whatever step it had reached.
    if referral is not None and rg.is_open(referral.status):
        _set_status(
            actor=actor,
            referral=referral,
            status=ReferralStatus.RECOVERED,
            on=on,
            note=_("Graduated from the Rumah Gizi."),
        )


@transaction.atomic
def enrolment_exit(
    *,
    actor: User | None,
    enrolment: RumahGiziEnrolment,
    reason: str,
    on: dt.date | None = None,
) -> RumahGiziEnrolment:
    """End an enrolment before graduation (moved away, family declined, …) with its reason."""
    _check_active(enrolment)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the child leaves the programme.")})
    on = on or timezone.localdate()
    _check_day("on", on, not_before=enrolment.enrolled_on)
    update_audited(
        enrolment,
        actor=actor,
        action="rumah_gizi.exit",
        status=RumahGiziStatus.EXITED,
        ended_on=on,
        exit_reason=reason[:200],
    )
    _touch(enrolment.unit_id, on)
    return enrolment
