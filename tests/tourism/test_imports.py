"""Importing a sheet of monthly reports: good rows stored, bad rows reported, no duplicates."""

from __future__ import annotations

import pytest

from replika.tourism import importers
from replika.tourism.models import MonthlyReport, ReportRevision

pytestmark = pytest.mark.django_db


def sheet(world, rooms_sold: int = 720) -> bytes:
    rows = [
        "tempat,bulan,kamar tersedia,tempat tidur tersedia,hari buka,kamar terjual,"
        "tamu nusantara,tamu asing,malam tamu nusantara,malam tamu asing,wisnus,wisman",
        f"{world.hotel.pk},2025-06,40,80,30,{rooms_sold},480,20,840,60,,",
        "Ngalau Indah,Juni 2025,,,,,,,,,3500,20",
        "Ngalau Indah,Juli 2025,,,,,,,,,-5,0",  # a negative count
        f"{world.other_hotel.pk},2025-06,20,40,30,100,50,0,60,0,,",  # another region's
        f"{world.hotel.pk},06,40,80,30,10,5,0,5,0,,",  # no year
        f"{world.hotel.pk},2025-05,40,80,30,5000,5,0,5,0,,",  # sold > rooms × days
    ]
    return ("\n".join(rows) + "\n").encode()


def test_good_rows_are_stored_and_bad_rows_reported(world):
    result = importers.import_reports(user=world.dinas, file_name="lapor.csv", content=sheet(world))
    assert result.created == 2
    assert sorted(p.row for p in result.problems) == [4, 5, 6, 7]
    reasons = {p.row: p.column for p in result.problems}
    assert reasons[7] == "kamar terjual"
    hotel = MonthlyReport.objects.get(place=world.hotel)
    assert hotel.on_behalf is True and hotel.rooms_sold == 720
    assert not MonthlyReport.objects.filter(place=world.other_hotel).exists()


def test_importing_the_same_file_again_adds_nothing(world):
    importers.import_reports(user=world.dinas, file_name="lapor.csv", content=sheet(world))
    again = importers.import_reports(user=world.dinas, file_name="lapor.csv", content=sheet(world))
    assert again.created == 0 and again.unchanged == 2
    assert MonthlyReport.objects.count() == 2


def test_a_changed_figure_becomes_a_correction_with_history(world):
    importers.import_reports(user=world.dinas, file_name="lapor.csv", content=sheet(world))
    again = importers.import_reports(
        user=world.dinas, file_name="lapor.csv", content=sheet(world, rooms_sold=700)
    )
    assert again.updated == 1
    assert ReportRevision.objects.get().figures["rooms_sold"] == 720


def test_an_operator_cannot_import(world):
    result = importers.import_reports(
        user=world.operator, file_name="lapor.csv", content=sheet(world)
    )
    assert result.created == 0
    assert not MonthlyReport.objects.exists()
