"""Writes of the events calendar and of the tourism-village self-assessment."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit, cache
from replika.core.access import can_in
from replika.core.models import User, Wilayah, snapshot
from replika.tourism import rules
from replika.tourism.models import Event, EventStatus, Place, PlaceKind, VillageAssessment
from replika.tourism.permissions import ASSESS_VILLAGE, MODERATE_EVENT, SUBMIT_EVENT

MAX_EVENT_DAYS = 92  # a festival season at most; longer is a typo in a date


@transaction.atomic
def event_submit(
    *,
    actor: User | None,
    region: Wilayah,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    venue: str = "",
    location: Wilayah | None = None,
    place: Place | None = None,
    is_demo: bool = False,
) -> Event:
    """Submit an event for moderation (an operator for their entry, the office for any)."""
    errors: dict[str, str] = {}
    if actor is not None and not can_in(actor, SUBMIT_EVENT, region, place.unit if place else None):
        errors["__all__"] = _("You may not submit events here.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The event cannot end before it starts.")
    elif (ends_on - starts_on).days > MAX_EVENT_DAYS:
        errors["ends_on"] = _("An event lasts at most %(days)d days.") % {"days": MAX_EVENT_DAYS}
    if location is not None and not location.code.startswith(region.subtree_prefix):
        errors["location"] = _("The place is not inside the region.")
    if place is not None and place.region_id != region.pk:
        errors["place"] = _("The entry is in another region.")
    if not title.strip():
        errors["title"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    event = Event(
        region=region,
        location=location or (place.location if place else None),
        place=place,
        title=title.strip(),
        description=description.strip(),
        venue=venue.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        submitted_by=actor,
        is_demo=is_demo,
    )
    event.full_clean(exclude=["region", "location", "place"])
    event.save()
    audit.record(actor=actor, action="tourism.event.submit", instance=event)
    return event


@transaction.atomic
def event_moderate(*, actor: User | None, event: Event, approve: bool, note: str = "") -> Event:
    """Approve (publish) or reject an event; a rejection says why."""
    if actor is not None and not can_in(actor, MODERATE_EVENT, event.region):
        raise ValidationError({"__all__": _("You may not moderate events here.")})
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the event is rejected.")})
    before = snapshot(event)
    event.status = EventStatus.APPROVED if approve else EventStatus.REJECTED
    event.moderated_by = actor
    event.moderated_at = timezone.now()
    event.moderation_note = note.strip()[:255]
    event.save()
    audit.record(actor=actor, action="tourism.event.moderate", instance=event, before=before)
    transaction.on_commit(lambda: cache.bump("tourism"))
    return event


@transaction.atomic
def village_assess(
    *,
    actor: User | None,
    place: Place,
    scores: dict[str, int],
    assessed_on: dt.date | None = None,
    notes: str = "",
) -> VillageAssessment:
    """Record a self-assessment; the village's class becomes the one its scores earn."""
    if place.kind != PlaceKind.VILLAGE:
        raise ValidationError({"__all__": _("Only tourism villages assess themselves.")})
    if actor is not None and not can_in(actor, ASSESS_VILLAGE, place.region, place.unit):
        raise ValidationError({"__all__": _("You may not assess this village.")})
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("The date lies in the future.")})
    errors = {}
    for axis in rules.AXES:
        value = scores.get(axis)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            errors[axis] = _("Enter a whole number from 0 to 100.")
    if errors:
        raise ValidationError(errors)
    stage = rules.village_class(scores)
    assessment = VillageAssessment.objects.create(
        place=place,
        assessed_on=assessed_on,
        stage=stage.value,
        notes=notes.strip(),
        assessed_by=actor,
        **{axis: scores[axis] for axis in rules.AXES},
    )
    latest = place.assessments.order_by("-assessed_on", "-pk").first()
    if latest is not None and place.village_stage != latest.stage:
        before = snapshot(place, ["village_stage"])
        place.village_stage = latest.stage
        place.save(update_fields=["village_stage", "updated_at"])
        audit.record(
            actor=actor,
            action="tourism.village.classify",
            instance=place,
            before=before,
            after=snapshot(place, ["village_stage"]),
        )
    audit.record(actor=actor, action="tourism.village.assess", instance=assessment)
    return assessment
