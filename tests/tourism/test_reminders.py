"""Reminders: the scheduler e-mails obliged operators who have not filed, once a kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from replika.core import schedule
from replika.tourism.models import Reminder
from replika.tourism.services.reports import reminders_send, report_file, whatsapp_link
from tests.tourism.factories import JUNE_EXAMPLE

pytestmark = pytest.mark.django_db
JUNE = dt.date(2025, 6, 1)


def with_email(user, address):
    user.email = address
    user.save()
    return user


def test_overdue_operators_are_reminded_once(world):
    with_email(world.operator, "hotel@example.id")
    with_email(world.attraction_operator, "ngalau@example.id")
    report_file(
        actor=None,
        place=world.attraction,
        period=JUNE,
        figures={"visitors_domestic": 100},
        today=dt.date(2025, 7, 5),
    )
    sent = reminders_send(today=dt.date(2025, 7, 15))  # due on 10 July
    # Payakumbuh's hotel (Ngalau filed) and Pesisir Selatan's two obliged entries.
    assert sent == 3
    assert [m.to for m in mail.outbox] == [["hotel@example.id"]]
    assert "Hotel Bukik Gadang" in mail.outbox[0].body
    assert reminders_send(today=dt.date(2025, 7, 16)) == 0
    assert len(mail.outbox) == 1


def test_before_the_due_date_a_due_soon_reminder_goes_out(world):
    with_email(world.operator, "hotel@example.id")
    assert reminders_send(today=dt.date(2025, 7, 1)) == 0  # nine days before: too early
    reminders_send(today=dt.date(2025, 7, 8))
    assert Reminder.objects.get(place=world.hotel).kind == "due_soon"


def test_the_scheduler_knows_the_reminder_job():
    periodic = schedule.PERIODIC["tourism.send_reminders"]
    assert periodic.every == dt.timedelta(hours=6)


def test_the_whatsapp_link_carries_the_reminder(world):
    link = whatsapp_link(world.hotel, JUNE, dt.date(2025, 7, 10))
    assert link.startswith("https://wa.me/6281266001234?text=")
    assert "Hotel%20Bukik%20Gadang" in link
    world.hotel.phone = ""
    assert whatsapp_link(world.hotel, JUNE, dt.date(2025, 7, 10)) == ""


def test_the_office_reminds_from_the_board(world, client_for):
    with_email(world.operator, "hotel@example.id")
    c = client_for(world.dinas)
    response = c.post("/wisata/kepatuhan/ingatkan/", {"periode": "2025-06"})
    assert response.status_code == 302
    places = set(Reminder.objects.values_list("place__name", flat=True))
    assert places == {"Hotel Bukik Gadang", "Ngalau Indah"}  # not Pesisir Selatan's
    report_file(actor=None, place=world.hotel, period=JUNE, figures=JUNE_EXAMPLE)
