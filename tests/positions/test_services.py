"""Services of SI JABPRI against the database: ABK, register checks, workflow, library."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from replika.core.models import AuditEvent
from replika.positions.models import AnjabVersion, OrgUnit, Position, Status, Structure
from replika.positions.services import abk, anjab, library, structure, workflow
from replika.replication.models import Commitment
from tests.positions.factories import make_position

pytestmark = pytest.mark.django_db


def test_worked_example_gives_the_domain_notes_numbers(world):
    p = world.position
    assert p.total_minutes == Decimal("56880")
    assert p.need == Decimal("0.7584")
    assert p.need_people == 1
    assert p.ej == Decimal("0.3792")
    assert p.pj == "E"


def test_holders_change_moves_ej_and_grade(world):
    p = structure.position_update(
        actor=world.drafter,
        position=world.position,
        title=world.position.title,
        kind="pelaksana",
        job_class=5,
        holders=1,
        retiring_5y=0,
    )
    assert p.ej == Decimal("0.7584")
    assert p.pj == "C"


def test_region_setting_of_effective_minutes_changes_the_need(world):
    commitment = Commitment.objects.get(region__code="13.74", innovation__code="si-jabpri")
    commitment.settings = {"effective_minutes": 72000}
    commitment.save()
    anjab.task_add(
        actor=None,
        position=world.position,
        description="Tugas tambahan",
        output="x",
        output_unit="x",
        volume=Decimal(0),
        norm_minutes=Decimal(1),
    )
    world.position.refresh_from_db()
    assert world.position.need == Decimal("0.7900")


def test_bulk_recompute_matches_the_per_position_figures(world):
    Position.objects.update(need=0, need_people=0, total_minutes=0, ej=None, pj="")
    changed = abk.abk_recompute()
    assert changed == Position.objects.count()
    p = Position.objects.get(pk=world.position.pk)
    assert (p.total_minutes, p.need, p.need_people, p.ej, p.pj) == (
        Decimal("56880.00"),
        Decimal("0.7584"),
        1,
        Decimal("0.3792"),
        "E",
    )
    assert abk.abk_recompute() == 0  # nothing left to change


def test_executor_class_above_seven_is_refused_with_its_field(world):
    with pytest.raises(ValidationError) as exc:
        structure.position_create(
            actor=None, org_unit=world.unit, title="Pelaksana Tinggi", kind="pelaksana", job_class=8
        )
    assert "job_class" in exc.value.error_dict


def test_more_retiring_than_holders_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        structure.position_create(
            actor=None,
            org_unit=world.unit,
            title="Analis",
            kind="fungsional",
            job_class=9,
            holders=1,
            retiring_5y=2,
        )
    assert "retiring_5y" in exc.value.error_dict


def test_the_same_title_twice_in_a_unit_is_refused_and_the_database_says_so_too(world):
    with pytest.raises(ValidationError) as exc:
        structure.position_create(
            actor=None,
            org_unit=world.unit,
            title="  pengadministrasi   perkantoran ",
            kind="pelaksana",
            job_class=5,
        )
    assert "title" in exc.value.error_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            region=world.region,
            opd=world.opd,
            org_unit=world.unit,
            title="X",
            title_key=world.position.title_key,
            kind="pelaksana",
            job_class=5,
        )


def test_submit_needs_a_summary_and_a_task(world):
    empty = make_position(world.unit, "Kosong", tasks=[], summary="")
    with pytest.raises(ValidationError) as exc:
        workflow.anjab_submit(actor=world.drafter, position=empty)
    assert {"ikhtisar", "tasks"} <= set(exc.value.error_dict)
    assert not AnjabVersion.objects.filter(position=empty).exists()


def test_return_needs_a_comment_and_keeps_it_per_block(world):
    p = world.position
    workflow.anjab_submit(actor=world.drafter, position=p)
    with pytest.raises(ValidationError):
        workflow.anjab_review(actor=world.verifier, position=p, decision="returned", comments={})
    version = workflow.anjab_review(
        actor=world.verifier,
        position=p,
        decision="returned",
        comments={"tugas_pokok": "Norma terlalu besar", "wewenang": " "},
    )
    assert version.comments == {"tugas_pokok": "Norma terlalu besar"}
    assert p.status == Status.RETURNED
    assert p.verified_version is None


def test_a_submitted_anjab_cannot_be_edited_until_decided(world):
    p = world.position
    workflow.anjab_submit(actor=world.drafter, position=p)
    with pytest.raises(ValidationError):
        anjab.anjab_update(actor=world.drafter, position=p, blocks={"ikhtisar": "baru"})
    with pytest.raises(ValidationError):
        workflow.anjab_submit(actor=world.drafter, position=p)


def test_approval_records_the_verified_need_and_an_edit_reopens_a_draft(world):
    p = world.position
    workflow.anjab_submit(actor=world.drafter, position=p)
    workflow.anjab_review(actor=world.verifier, position=p, decision="approved", comments={})
    assert (p.status, p.verified_version, p.verified_need_people) == (Status.APPROVED, 1, 1)
    anjab.anjab_update(actor=world.drafter, position=p, blocks={"ikhtisar": "Ikhtisar baru"})
    p.refresh_from_db()
    assert p.status == Status.DRAFT
    assert p.verified_version == 1  # the approved version stays what the map shows
    second = workflow.anjab_submit(actor=world.drafter, position=p)
    assert second.number == 2


def test_versions_keep_a_readable_diff(world):
    from replika.positions.selectors.structure import version_diff

    p = world.position
    workflow.anjab_submit(actor=world.drafter, position=p)
    workflow.anjab_review(
        actor=world.verifier, position=p, decision="returned", comments={"ikhtisar": "Lengkapi"}
    )
    anjab.anjab_update(actor=world.drafter, position=p, blocks={"ikhtisar": "Ikhtisar lengkap"})
    workflow.anjab_submit(actor=world.drafter, position=p)
    _version, diff = version_diff(p, 2)
    assert diff.blocks_changed == ("ikhtisar",)
    assert any("Ikhtisar lengkap" in line for line in diff.lines())


def test_unknown_block_is_refused(world):
    with pytest.raises(ValidationError):
        anjab.anjab_update(actor=world.drafter, position=world.position, blocks={"gaji": "x"})


def test_task_norm_out_of_range_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        anjab.task_add(
            actor=None,
            position=world.position,
            description="x",
            output="x",
            output_unit="x",
            volume=Decimal(1),
            norm_minutes=Decimal(0),
        )
    assert "norm_minutes" in exc.value.error_dict


def test_only_an_approved_position_is_published_and_only_once(world):
    p = world.position
    with pytest.raises(ValidationError):
        library.library_publish(actor=world.verifier, position=p)
    workflow.anjab_submit(actor=world.drafter, position=p)
    workflow.anjab_review(actor=world.verifier, position=p, decision="approved", comments={})
    entry = library.library_publish(actor=world.verifier, position=p)
    assert entry.source_region.code == "13.74"
    assert entry.document["tugas_pokok"][0]["uraian"] == "Mengagendakan surat masuk"
    with pytest.raises(ValidationError):
        library.library_publish(actor=world.verifier, position=p)


def test_a_region_that_does_not_share_cannot_publish(world):
    commitment = Commitment.objects.get(region__code="13.74", innovation__code="si-jabpri")
    commitment.settings = {"share_library": False}
    commitment.save()
    p = world.position
    workflow.anjab_submit(actor=world.drafter, position=p)
    workflow.anjab_review(actor=world.verifier, position=p, decision="approved", comments={})
    with pytest.raises(ValidationError):
        library.library_publish(actor=world.verifier, position=p)


def test_copy_from_the_library_is_a_draft_linked_to_its_origin(world):
    p = world.position
    workflow.anjab_submit(actor=world.drafter, position=p)
    workflow.anjab_review(actor=world.verifier, position=p, decision="approved", comments={})
    entry = library.library_publish(actor=world.verifier, position=p)
    target = OrgUnit.objects.get(opd=world.td_opd, parent__isnull=True)
    copy = library.library_copy(actor=world.td_drafter, entry=entry, org_unit=target, holders=3)
    assert copy.region.code == "13.04"
    assert copy.origin == entry
    assert copy.status == Status.DRAFT
    assert copy.tasks.count() == 5
    assert copy.total_minutes == Decimal("56880")
    assert copy.need_people == 1 and copy.holders - copy.need_people == 2
    assert AuditEvent.objects.filter(action="positions.library.copy").exists()


def test_new_structure_version_carries_the_tree_and_keeps_the_old_one(world):
    new = structure.structure_new_version(
        actor=world.verifier, opd=world.opd, label="Perwako baru", valid_from=dt.date(2025, 1, 1)
    )
    old = Structure.objects.get(opd=world.opd, number=1)
    assert not old.is_current and new.is_current and new.number == 2
    assert (
        OrgUnit.objects.filter(structure=new).count()
        == OrgUnit.objects.filter(structure=old).count()
    )
    moved = Position.objects.get(org_unit__structure=new, title=world.position.title)
    assert moved.tasks.count() == 5 and moved.pk != world.position.pk
    with pytest.raises(ValidationError):
        structure.orgunit_create(actor=None, parent=world.unit, name="Di versi lama")
    with pytest.raises(ValidationError):
        structure.structure_new_version(
            actor=None, opd=world.opd, label="Mundur", valid_from=dt.date(2024, 1, 1)
        )


def test_only_one_current_structure_per_opd_in_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Structure.objects.create(
            region=world.region,
            opd=world.opd,
            number=9,
            label="x",
            valid_from=dt.date(2030, 1, 1),
            is_current=True,
        )


def test_an_outsider_cannot_add_an_agency_in_another_region(world):
    with pytest.raises(ValidationError):
        structure.opd_create(
            actor=world.td_verifier,
            region=world.region,
            name="Dinas Asing",
            sotk_label="x",
            valid_from=dt.date(2022, 1, 1),
        )
