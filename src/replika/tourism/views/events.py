"""Events (submit, moderate) and the tourism-village self-assessment pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.tourism.forms.reports import AssessmentForm, EventForm, ModerationForm
from replika.tourism.models import Event, EventStatus, VillageAssessment
from replika.tourism.permissions import (
    ASSESS_VILLAGE,
    MODERATE_EVENT,
    SUBMIT_EVENT,
)
from replika.tourism.rules import AXES
from replika.tourism.selectors import registry as sel
from replika.tourism.services import events as services


@module_page("tourism", SUBMIT_EVENT)
def events(request: AuthedHttpRequest) -> HttpResponse:
    """Events the user may see; the office sees those waiting for moderation first."""
    status = request.GET.get("status", "")
    if status not in EventStatus.values:
        status = ""
    context = {
        "events": sel.events(request.user, status=status)[:200],
        "waiting": sel.events(request.user, status=EventStatus.SUBMITTED)
        if sel.is_office(request.user, MODERATE_EVENT)
        else [],
        "status": status,
        "statuses": EventStatus.choices,
    }
    return render(request, "tourism/events.html", context)


@module_page("tourism", SUBMIT_EVENT)
def event_new(request: AuthedHttpRequest) -> HttpResponse:
    """Submit an event: an operator for their entry, the office for the region."""
    places = sel.places(request.user, perm=SUBMIT_EVENT)
    office = sel.is_office(request.user, SUBMIT_EVENT)
    regions = sel.region_choices(request.user, SUBMIT_EVENT)
    form = EventForm(request.POST or None, places=places)
    if not office:
        form.fields["place"].required = True

    def save(data: dict[str, Any]) -> Event:
        place = data.get("place")
        region = (
            place.region
            if place is not None
            else (request.region if request.region in regions else regions.first())
        )
        if region is None:
            raise Http404
        return services.event_submit(
            actor=request.user,
            region=region,
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            description=data["description"],
            venue=data["venue"],
            place=place,
        )

    return form_page(
        request,
        form,
        "tourism/event_form.html",
        save=save,
        done=lambda _e: saved(
            request,
            _("Event submitted; it is published once the tourism office approves it."),
            "tourism:events",
        ),
    )


@module_page("tourism", MODERATE_EVENT)
def event_moderate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = sel.event_to_moderate(request.user, pk)
    form = ModerationForm(request.POST or None)
    return form_page(
        request,
        form,
        "tourism/event_moderate.html",
        save=lambda data: services.event_moderate(
            actor=request.user,
            event=event,
            approve=data["decision"] == "approve",
            note=data["note"],
        ),
        done=lambda e: saved(
            request,
            _("Event approved and published.")
            if e.status == EventStatus.APPROVED
            else _("Event rejected."),
            "tourism:events",
        ),
        context={"event": event},
    )


@module_page("tourism", ASSESS_VILLAGE)
def assessment(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A village's self-assessment history and, for its manager or the office, a new one."""
    village = sel.village_to_assess(request.user, pk)
    history = sel.assessments_of(request.user, village)
    latest: VillageAssessment | None = history.first()
    initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
    if latest is not None:
        initial.update({axis: getattr(latest, axis) for axis in AXES})
    form = AssessmentForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        "tourism/assessment.html",
        save=lambda data: services.village_assess(
            actor=request.user,
            place=village,
            scores=form.scores(),
            assessed_on=data["assessed_on"],
            notes=data["notes"],
        ),
        done=lambda a: saved(
            request,
            _("Assessment saved: class %(stage)s.") % {"stage": a.get_stage_display()},
            "tourism:assessment",
            pk=village.pk,
        ),
        context={"village": village, "history": history, "axes": AXES},
    )


urlpatterns = [
    path("acara/", events, name="events"),
    path("acara/baru/", event_new, name="event_new"),
    path("acara/<int:pk>/moderasi/", event_moderate, name="event_moderate"),
    path("desa/<int:pk>/penilaian/", assessment, name="assessment"),
]
