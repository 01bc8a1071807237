"""Contacts of a case, their daily follow-up, and a contact who becomes a case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core.models import User, Wilayah
from replika.outbreak.models import (
    Case,
    CaseStatus,
    Contact,
    ContactStatus,
    ExposureType,
    FollowUp,
    FollowUpResult,
)
from replika.outbreak.rules import catalogue as lifecycle
from replika.outbreak.rules import follow_up_days, follow_up_end
from replika.outbreak.selectors.cases import window_of
from replika.outbreak.services.cases import case_report
from replika.outbreak.services.common import (
    check_location,
    check_nik,
    check_not_future,
    create_audited,
    save_audited,
)
from replika.outbreak.settings_schema import settings_for


def _generate_days(contact: Contact) -> None:
    """Create the missing follow-up days up to the end date; drop empty days beyond it."""
    if contact.follow_up_until <= contact.exposure_date:
        days: list[dt.date] = []
    else:
        days = follow_up_days(contact.exposure_date, until=contact.follow_up_until)
    existing = set(contact.follow_ups.values_list("day", flat=True))
    FollowUp.objects.bulk_create(
        [FollowUp(contact=contact, day=day) for day in days if day not in existing]
    )
    contact.follow_ups.filter(day__gt=contact.follow_up_until, result="").delete()


@transaction.atomic
def contact_add(
    *,
    actor: User | None,
    case: Case,
    name: str,
    exposure_date: dt.date,
    exposure_type: str,
    nik: str = "",
    phone: str = "",
    address: str = "",
    location: Wilayah | None = None,
    relationship: str = "",
    place: str = "",
    duration_minutes: int | None = None,
) -> Contact:
    """Link a contact to their source case; the follow-up days come from the disease's rule."""
    if case.status == CaseStatus.DECLINED:
        raise ValidationError({"case": _("A declined case has no contacts to follow.")})
    if not name.strip():
        raise ValidationError({"name": _("Enter the contact's name.")})
    if exposure_type not in ExposureType.values:
        raise ValidationError({"exposure_type": _("Choose the type of exposure.")})
    check_nik("nik", nik)
    check_not_future("exposure_date", exposure_date)
    window = window_of(case)
    if window is not None and not window[0] <= exposure_date <= window[1]:
        raise ValidationError(
            {
                "exposure_date": _("The exposure must fall between %(first)s and %(last)s.")
                % {"first": window[0].strftime("%d-%m-%Y"), "last": window[1].strftime("%d-%m-%Y")}
            }
        )
    if duration_minutes is not None and not 0 <= duration_minutes <= 60 * 24 * 30:
        raise ValidationError({"duration_minutes": _("Enter minutes from 0 to 43,200.")})
    check_location("location", location, case.region)
    contact = Contact(
        region=case.region,
        location=location or case.location,
        unit=case.unit,
        source_case=case,
        nik=nik,
        name=" ".join(name.split()),
        phone=phone,
        address=address,
        relationship=relationship,
        exposure_date=exposure_date,
        exposure_type=exposure_type,
        place=place,
        duration_minutes=duration_minutes,
        follow_up_until=follow_up_end(exposure_date, days=case.disease.follow_up_days),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            create_audited(contact, actor=actor, action="outbreak.contact.add")
    except IntegrityError as exc:
        raise ValidationError({"nik": _("This person is already a contact of this case.")}) from exc
    _generate_days(contact)
    return contact


@transaction.atomic
def contact_set_end(*, actor: User | None, contact: Contact, until: dt.date) -> Contact:
    """Shorten or lengthen a contact's follow-up (SORMAS's editable "follow-up until")."""
    if contact.status != ContactStatus.FOLLOWING:
        raise ValidationError({"until": _("This contact is no longer being followed.")})
    try:
        follow_up_days(contact.exposure_date, until=until)
    except ValueError as exc:
        raise ValidationError(
            {"until": _("The end must be after the exposure and within a year of it.")}
        ) from exc
    save_audited(contact, actor=actor, action="outbreak.contact.set_end", follow_up_until=until)
    _generate_days(contact)
    return contact


def _lost_after(contact: Contact) -> int:
    return settings_for(contact.region).followup_lost_after_days


@transaction.atomic
def follow_up_record(
    *, actor: User | None, follow_up: FollowUp, result: str, note: str = ""
) -> FollowUp:
    """Record one day's visit or call: seen and well, symptomatic, or not reached."""
    if result not in lifecycle.FOLLOW_UP_RESULTS:
        raise ValidationError({"result": _("Choose seen, symptomatic or not reached.")})
    contact = follow_up.contact
    if contact.status != ContactStatus.FOLLOWING:
        raise ValidationError({"result": _("This contact is no longer being followed.")})
    if follow_up.day > timezone.localdate():
        raise ValidationError({"result": _("This day has not come yet.")})
    save_audited(
        follow_up,
        actor=actor,
        action="outbreak.followup.record",
        result=result,
        note=note[:255],
        by=actor,
        at=timezone.now(),
    )
    _update_status(actor, contact)
    return follow_up


def _update_status(actor: User | None, contact: Contact) -> None:
    """Lost after n missed days in a row; completed once the last day is recorded."""
    recent = list(
        contact.follow_ups.exclude(result="")
        .order_by("-day")
        .values_list("result", flat=True)[: _lost_after(contact)]
    )
    if len(recent) == _lost_after(contact) and all(r == FollowUpResult.NOT_REACHED for r in recent):
        save_audited(
            contact, actor=actor, action="outbreak.contact.lost", status=ContactStatus.LOST
        )
        return
    last = contact.follow_ups.filter(day=contact.follow_up_until).first()
    if last is not None and last.result in (FollowUpResult.SEEN, FollowUpResult.SYMPTOMATIC):
        save_audited(
            contact, actor=actor, action="outbreak.contact.complete", status=ContactStatus.COMPLETED
        )


@transaction.atomic
def contact_to_case(
    *,
    actor: User | None,
    contact: Contact,
    classification: str,
    onset_date: dt.date | None = None,
    sex: str,
    birth_date: dt.date | None = None,
    symptoms: str = "",
    nik: str | None = None,
    **more: Any,
) -> Case:
    """A symptomatic contact becomes a case in one step, linked in the chain to the source."""
    if contact.status == ContactStatus.BECAME_CASE:
        raise ValidationError({"classification": _("This contact is already a case.")})
    source = contact.source_case
    case = case_report(
        actor=actor,
        unit=contact.unit,
        disease=source.disease,
        name=contact.name,
        sex=sex,
        classification=classification,
        nik=contact.nik if nik is None else nik,
        birth_date=birth_date,
        phone=contact.phone,
        address=contact.address,
        location=contact.location,
        onset_date=onset_date,
        symptoms=symptoms,
        exposure=_("Contact of %(code)s") % {"code": source.code},
        source_contact=contact,
        **more,
    )
    if source.cluster_id:
        case.cluster_id = source.cluster_id
        case.save(update_fields=["cluster"])
    save_audited(
        contact,
        actor=actor,
        action="outbreak.contact.became_case",
        status=ContactStatus.BECAME_CASE,
    )
    return case


@transaction.atomic
def contacts_close_due(*, today: dt.date | None = None) -> int:
    """Close the follow-up of contacts whose period ended (no task after the end: SORMAS #1710)."""
    today = today or timezone.localdate()
    due = Contact.objects.filter(status=ContactStatus.FOLLOWING, follow_up_until__lt=today)
    closed = 0
    for contact in due.iterator():
        missed = contact.follow_ups.filter(result=FollowUpResult.NOT_REACHED).count()
        recorded = contact.follow_ups.exclude(result="").count()
        status = (
            ContactStatus.LOST
            if recorded == 0 or missed > recorded // 2
            else ContactStatus.COMPLETED
        )
        save_audited(contact, actor=None, action="outbreak.contact.close", status=status)
        closed += 1
    return closed
