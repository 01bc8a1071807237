"""The replication KPIs of Pikobar, computed from the module's own rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from replika.core.modules import get_module
from replika.outbreak import kpis
from replika.outbreak.models import Case, Contact
from replika.outbreak.rules import epi_week
from replika.outbreak.services import cases as case_services
from replika.outbreak.services import contacts as contact_services
from replika.outbreak.services import skdr
from tests.factories import region
from tests.outbreak.factories import days_ago, report

pytestmark = pytest.mark.django_db


def test_the_module_registers_its_three_kpis():
    module = get_module("outbreak")
    assert module is not None
    assert [k.code for k in module.kpis] == [
        "contacts_followed",
        "days_to_verification",
        "skdr_completeness",
    ]


def test_median_days_from_report_to_verification(world):
    today = timezone.localdate()
    for days in (0, 2, 5):
        case = report(
            world,
            nik="",
            disease=world.dbd,
            classification="dbd",
            name=f"P{days}",
            reported_on=today - dt.timedelta(days=days),
            onset_date=None,
        )
        case_services.case_verify(actor=world.surveillance, case=case)
    assert kpis.median_verification_days(region("13.74"), today) == 2.0
    assert kpis.median_verification_days(region("13.75"), today) is None


def test_share_of_contacts_followed_to_the_end(world):
    case = report(world)
    for name, status in (
        ("A", "completed"),
        ("B", "completed"),
        ("C", "lost"),
        ("D", "became_case"),
    ):
        contact = contact_services.contact_add(
            actor=world.officer,
            case=case,
            name=name,
            exposure_date=days_ago(2),
            exposure_type="work",
        )
        Contact.objects.filter(pk=contact.pk).update(status=status)
    until = Contact.objects.first().follow_up_until
    assert kpis.contacts_followed_share(region("13.74"), until) == 75.0


def test_skdr_completeness_counts_reports_received_of_those_expected(world):
    today = timezone.localdate()
    last_week = today - dt.timedelta(days=7)
    year, week = epi_week(last_week)
    skdr.weekly_report_submit(
        actor=world.officer, unit=world.puskesmas, disease=world.dbd, year=year, week=week, cases=0
    )
    share = kpis.skdr_completeness(region("13.74"), last_week)
    assert share is not None and 0 < share < 100
    assert Case.objects.count() == 0
