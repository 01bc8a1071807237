"""The module's registration, KPIs, skeleton rules and demo."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

import replika.tourism
from replika.core import modules
from replika.core.models import Wilayah
from replika.core.roles import get_role
from replika.tourism import kpis
from replika.tourism.services.releases import month_publish
from replika.tourism.services.reports import report_file
from replika.tourism.settings_schema import TourismSettings
from tests.tourism.factories import JUNE_EXAMPLE, last_month

PACKAGE = Path(replika.tourism.__file__).parent


def imports_of(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def test_rules_are_pure():
    for path in sorted((PACKAGE / "rules").glob("*.py")):
        for module in imports_of(path):
            assert not module.startswith(("django", "replika.core", "replika.tourism.models"))


def test_the_module_imports_no_other_module():
    others = ("nutrition", "schooling", "outbreak", "positions", "replication", "competition")
    for path in PACKAGE.rglob("*.py"):
        for module in imports_of(path):
            assert not any(module.startswith(f"replika.{o}") for o in others), (path, module)


def test_roles_and_kpis_are_registered():
    module = modules.get_module("tourism")
    assert module is not None and module.innovation == "sip-banget"
    assert {k.code for k in module.kpis} == {"report_compliance", "occupancy_rate", "visits"}
    for code in ("operator_wisata", "operator_dispar", "pengelola_desa_wisata"):
        assert get_role(code) is not None


def test_the_origin_settings_and_a_regions_adaptation():
    defaults = TourismSettings(display_name="SIP Banget")
    assert defaults.report_due_day == 10 and len(defaults.subsectors) == 17
    adapted = TourismSettings(
        display_name="Wisata Ranah Minang",
        themes=["Wisata halal", "Budaya Minangkabau"],
        obliged_kinds=["akomodasi", "dtw", "desa_wisata"],
    )
    assert "Wisata halal" in adapted.themes
    with pytest.raises(ValueError):
        TourismSettings(display_name="X Y Z", obliged_kinds=["restoran"])
    with pytest.raises(ValueError):
        TourismSettings(display_name="X Y Z", tile_url="http://tiles/{z}/{x}/{y}.png")


@pytest.mark.django_db
def test_kpis_read_the_month(world, django_capture_on_commit_callbacks):
    june = dt.date(2025, 6, 1)
    report_file(actor=None, place=world.hotel, period=june, figures=JUNE_EXAMPLE)
    report_file(
        actor=None,
        place=world.attraction,
        period=june,
        figures={"visitors_domestic": 900, "visitors_foreign": 100},
    )
    region = Wilayah.objects.get(code="13.76")
    # Provisional figures are not indicators: nothing until the office publishes the month.
    assert kpis.occupancy_rate(region, june) is None
    with django_capture_on_commit_callbacks(execute=True):
        month_publish(actor=world.dinas, region=region, period=june)
    assert kpis.report_compliance(region, dt.date(2025, 6, 17)) == 100.0
    assert kpis.occupancy_rate(region, june) == 60.0
    assert kpis.visits(region, june) == 1000.0
    assert kpis.visits(region, dt.date(2025, 5, 1)) is None


@pytest.mark.django_db
def test_the_demo_runs_twice_without_adding_anything(world):
    from replika.tourism import demo
    from replika.tourism.models import Event, MonthlyReport, MonthRelease, Place, ReleaseVersion

    def counted() -> tuple[int, ...]:
        return (
            Place.objects.count(),
            MonthlyReport.objects.count(),
            Event.objects.count(),
            MonthRelease.objects.count(),
            ReleaseVersion.objects.count(),
        )

    demo.run(lambda _msg: None)
    counts = counted()
    assert counts[1] > 100
    # Two live regions publish all months but the last; Payakumbuh re-published one.
    assert counts[3] == 2 * 11 and counts[4] == 2 * 11 + 1
    last = last_month()
    assert not MonthRelease.objects.filter(period=last).exists()
    assert MonthRelease.objects.filter(version=2, region__code="13.76").count() == 1
    demo.run(lambda _msg: None)
    assert counted() == counts


@pytest.mark.django_db
def test_a_region_adapts_the_module_on_its_commitments_settings_page(world, client_for):
    from replika.replication.models import Commitment
    from tests.factories import user_with_role

    commitment = Commitment.objects.get(region__code="13.76", innovation__code="sip-banget")
    response = client_for(user_with_role("admin_provinsi", "13")).get(
        f"/replikasi/{commitment.pk}/pengaturan/"
    )
    assert response.status_code == 200
    for name in ("categories", "themes", "subsectors", "report_due_day", "obliged_kinds"):
        assert f'name="{name}"'.encode() in response.content
