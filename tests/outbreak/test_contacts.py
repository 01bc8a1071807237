"""Contacts: linked to the source case, follow-up days from the disease's rule, the
tracer's results, lost/completed, the editable end date, and becoming a case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from replika.outbreak.services import cases as case_services
from replika.outbreak.services import contacts as services
from tests.factories import region
from tests.outbreak.factories import days_ago, report

pytestmark = pytest.mark.django_db


def _contact(world, case=None, **kwargs):
    values = {
        "actor": world.officer,
        "case": case or report(world),
        "name": "Andi Saputra",
        "exposure_date": days_ago(3),
        "exposure_type": "household",
        "location": region("13.74.01.1002"),
    }
    values.update(kwargs)
    return services.contact_add(**values)


def test_follow_up_days_start_the_day_after_last_exposure_for_the_disease_length(world):
    contact = _contact(world)
    days = list(contact.follow_ups.values_list("day", flat=True))
    assert days[0] == days_ago(2)
    assert len(days) == 14
    assert contact.follow_up_until == days_ago(3) + dt.timedelta(days=14)


def test_an_exposure_outside_the_contact_window_is_refused(world):
    case = report(world)  # onset 4 days ago: window onset − 2 … onset + 14
    with pytest.raises(ValidationError) as refused:
        _contact(world, case=case, exposure_date=days_ago(7))
    assert "exposure_date" in refused.value.message_dict


def test_a_region_that_shortens_follow_up_gets_fewer_days(world):
    world.covid.follow_up_days = 5
    world.covid.save()
    contact = _contact(world)
    assert contact.follow_ups.count() == 5


def test_the_end_date_can_be_lengthened_and_shortened(world):
    contact = _contact(world)
    services.contact_set_end(
        actor=world.surveillance, contact=contact, until=days_ago(3) + dt.timedelta(days=21)
    )
    assert contact.follow_ups.count() == 21
    services.contact_set_end(actor=world.surveillance, contact=contact, until=days_ago(1))
    assert contact.follow_ups.count() == 2
    with pytest.raises(ValidationError):
        services.contact_set_end(actor=world.surveillance, contact=contact, until=days_ago(5))


def test_three_days_not_reached_in_a_row_make_a_contact_lost(world):
    contact = _contact(world, exposure_date=days_ago(4))
    for entry in contact.follow_ups.order_by("day")[:3]:
        services.follow_up_record(actor=world.tracer, follow_up=entry, result="not_reached")
    contact.refresh_from_db()
    assert contact.status == "lost"


def test_a_future_day_cannot_be_recorded(world):
    contact = _contact(world)
    future = contact.follow_ups.order_by("-day").first()
    with pytest.raises(ValidationError):
        services.follow_up_record(actor=world.tracer, follow_up=future, result="seen")


def test_recording_the_last_day_completes_the_follow_up(world):
    contact = _contact(world, exposure_date=days_ago(3))
    services.contact_set_end(actor=world.surveillance, contact=contact, until=days_ago(1))
    for entry in contact.follow_ups.order_by("day"):
        services.follow_up_record(actor=world.tracer, follow_up=entry, result="seen")
    contact.refresh_from_db()
    assert contact.status == "completed"


def test_a_symptomatic_contact_becomes_a_case_linked_to_the_source(world):
    source = report(world)
    cluster = case_services.cluster_create(
        actor=world.surveillance, disease=world.covid, name="Klaster Ganting", opened_on=days_ago(3)
    )
    case_services.case_link_cluster(actor=world.surveillance, case=source, cluster=cluster)
    contact = _contact(world, case=source, nik="1374011503850002")
    case = services.contact_to_case(
        actor=world.officer,
        contact=contact,
        classification="suspek",
        sex="L",
        onset_date=days_ago(1),
    )
    contact.refresh_from_db()
    assert contact.status == "became_case"
    assert case.source_contact == contact
    assert case.cluster == cluster
    assert case.nik == contact.nik
    with pytest.raises(ValidationError):
        services.contact_to_case(
            actor=world.officer, contact=contact, classification="suspek", sex="L"
        )


def test_contacts_whose_period_ended_are_closed_by_the_daily_run(world):
    contact = _contact(world)
    contact.follow_up_until = days_ago(1)
    contact.save()
    entry = contact.follow_ups.order_by("day").first()
    services.follow_up_record(actor=world.tracer, follow_up=entry, result="seen")
    assert services.contacts_close_due() == 1
    contact.refresh_from_db()
    assert contact.status == "completed"


def test_the_same_person_is_a_contact_of_a_case_once(world):
    case = report(world)
    _contact(world, case=case, nik="1374011503850002")
    with pytest.raises(ValidationError):
        _contact(world, case=case, nik="1374011503850002")
