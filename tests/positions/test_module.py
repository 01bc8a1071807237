"""Registration, skeleton rules, KPIs, settings and the demo of SI JABPRI."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

import replika.positions
from replika.core import modules
from replika.core.roles import get_role
from replika.positions import kpis
from replika.positions.services import workflow
from replika.positions.settings_schema import PositionsSettings

PACKAGE = Path(replika.positions.__file__).parent


def imports_of(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def test_rules_import_neither_django_nor_the_app():
    for path in sorted((PACKAGE / "rules").glob("*.py")):
        for module in imports_of(path):
            assert not module.startswith("django"), f"{path.name} imports {module}"
            assert not module.startswith("replika.core"), f"{path.name} imports {module}"
            assert not module.startswith("replika.positions.models"), f"{path.name}: {module}"


def test_the_module_imports_no_other_module():
    others = ("replika.nutrition", "replika.replication", "replika.competition")
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts or path.name == "demo.py":
            continue
        for module in imports_of(path):
            assert not module.startswith(others), f"{path.relative_to(PACKAGE)} imports {module}"


def test_tasks_live_in_tasks_py_only():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "tasks.py" or "migrations" in path.parts:
            continue
        assert "from django_tasks import task" not in path.read_text(), path


def test_the_module_registers_its_roles_kpis_and_public_page():
    module = modules.get_module("positions")
    assert module is not None and module.innovation == "si-jabpri"
    assert {k.code for k in module.kpis} == {"verified_abk_share", "approved_job_maps"}
    assert get_role("penyusun_opd").unit_kinds == ("opd",)
    assert get_role("verifikator_organisasi").allows("positions.verify_anjab")
    assert not get_role("bkpsdm").allows("positions.draft_anjab")
    assert module.public_pages[0].url_name == "positions:public"


def test_settings_default_to_riau_and_refuse_bad_values():
    assert PositionsSettings().effective_minutes == 75000
    assert PositionsSettings(effective_minutes=72000).effective_minutes == 72000
    for bad in ({"effective_minutes": 10}, {"unit_rounding": "up"}, {"nomenclature_target": "x"}):
        with pytest.raises(ValidationError):
            PositionsSettings(**bad)


@pytest.mark.django_db
def test_kpis_count_verified_positions_and_fully_verified_maps(world):
    today = dt.date(2026, 1, 1)
    assert kpis.verified_abk_share(world.region, today) == 0.0
    assert kpis.approved_job_maps(world.region, today) == 0.0
    workflow.anjab_submit(actor=world.drafter, position=world.position)
    workflow.anjab_review(
        actor=world.verifier, position=world.position, decision="approved", comments={}
    )
    assert kpis.verified_abk_share(world.region, today) == 50.0
    assert kpis.approved_job_maps(world.region, today) == 1.0


@pytest.mark.django_db
def test_the_demo_runs_twice_without_duplicates():
    from replika.core.demo import run as core_demo
    from replika.positions import demo
    from replika.positions.models import LibraryEntry, Position
    from replika.replication.models import Stage
    from tests.factories import make_commitment

    make_commitment("13.74", "si-jabpri", Stage.PILOTING)
    make_commitment("13.04", "si-jabpri", Stage.PILOTING)
    core_demo(lambda *_: None)
    first = demo.run(lambda *_: None)
    counts = (Position.objects.count(), LibraryEntry.objects.count())
    second = demo.run(lambda *_: None)
    assert (Position.objects.count(), LibraryEntry.objects.count()) == counts
    assert first == second
    assert {"penyusun.padangpanjang", "verifikator.tanahdatar", "bkpsdm.padangpanjang"} <= {
        u for u, _ in first
    }
    clerk = Position.objects.get(region__code="13.74", title="Pengadministrasi Perkantoran")
    assert (clerk.need_people, clerk.holders, clerk.pj) == (1, 2, "E")
    assert Position.objects.filter(region__code="13.04", origin__isnull=False).exists()
    assert Position.objects.filter(status="returned").exists()
    assert LibraryEntry.objects.filter(is_demo=True).exists()
