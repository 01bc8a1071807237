"""Filing monthly reports: validation per field, corrections with history, on behalf."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from replika.tourism.models import MonthlyReport, ReportRevision
from replika.tourism.services.reports import report_file
from tests.tourism.factories import JUNE_EXAMPLE, last_month

pytestmark = pytest.mark.django_db


def test_operator_files_own_report_not_on_behalf(world):
    report = report_file(
        actor=world.operator,
        place=world.hotel,
        period=last_month(),
        figures=JUNE_EXAMPLE | {"days": None},
    )
    assert report.on_behalf is False
    assert report.days == (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).day
    assert report.region == world.hotel.region
    assert report.district.code == "13.76.01"


def test_office_files_on_behalf_and_the_report_says_so(world):
    report = report_file(
        actor=world.dinas,
        place=world.hotel,
        period=last_month(),
        figures=JUNE_EXAMPLE | {"days": 28},
    )
    assert report.on_behalf is True
    assert report.filed_by == world.dinas


def test_another_regions_office_may_not_file(world):
    with pytest.raises(ValidationError):
        report_file(
            actor=world.outsider,
            place=world.hotel,
            period=last_month(),
            figures=JUNE_EXAMPLE | {"days": 28},
        )
    assert not MonthlyReport.objects.exists()


def test_an_operator_may_not_file_for_another_operator(world):
    with pytest.raises(ValidationError):
        report_file(
            actor=world.attraction_operator,
            place=world.hotel,
            period=last_month(),
            figures=JUNE_EXAMPLE | {"days": 28},
        )


def test_bad_figures_are_refused_per_field_and_nothing_is_written(world):
    bad = JUNE_EXAMPLE | {"days": 28, "rooms_sold": 5000, "nights_domestic": 10}
    with pytest.raises(ValidationError) as caught:
        report_file(actor=world.operator, place=world.hotel, period=last_month(), figures=bad)
    assert set(caught.value.message_dict) == {"rooms_sold", "nights_domestic"}
    assert not MonthlyReport.objects.exists()


def test_the_current_month_cannot_be_filed(world):
    with pytest.raises(ValidationError) as caught:
        report_file(
            actor=world.operator,
            place=world.hotel,
            period=timezone.localdate(),
            figures=JUNE_EXAMPLE | {"days": 1, "rooms_sold": 10},
        )
    assert "period" in caught.value.message_dict


def test_a_correction_keeps_the_old_figures(world):
    first = report_file(
        actor=world.operator,
        place=world.hotel,
        period=last_month(),
        figures=JUNE_EXAMPLE | {"days": 28},
    )
    second = report_file(
        actor=world.dinas,
        place=world.hotel,
        period=last_month(),
        figures=JUNE_EXAMPLE | {"days": 28, "rooms_sold": 700},
        reason="salah ketik",
    )
    assert second.pk == first.pk and second.version == 2 and second.rooms_sold == 700
    revision = ReportRevision.objects.get(report=first)
    assert revision.figures["rooms_sold"] == 720
    assert revision.on_behalf is True and revision.reason == "salah ketik"
    assert first.filed_by == world.operator  # the first filer stays the filer


def test_attraction_report_with_revenue_needs_visitors(world):
    with pytest.raises(ValidationError) as caught:
        report_file(
            actor=world.attraction_operator,
            place=world.attraction,
            period=last_month(),
            figures={"visitors_domestic": 0, "visitors_foreign": 0, "ticket_revenue": 50000},
        )
    assert "ticket_revenue" in caught.value.message_dict


def test_restaurants_file_no_report(world):
    from tests.tourism.factories import place

    resto = place("13.76", "restoran", "RM Sederhana")
    with pytest.raises(ValidationError):
        report_file(
            actor=world.dinas, place=resto, period=last_month(), figures={"visitors_domestic": 1}
        )
