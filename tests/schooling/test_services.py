"""The case workflow through its services: report, duplicates, verify, assess, place,
follow up, complete, close — every refusal on its field, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from replika.core.models import AuditEvent
from replika.schooling import unit_kinds
from replika.schooling.models import Case, CaseEvent, EarlyWarning, SupportGiven
from replika.schooling.services import cases as svc
from replika.schooling.services import followup, warnings
from tests.schooling.factories import (
    OUTSIDE_NAGARI,
    born,
    child,
    place,
    report,
    today,
)

pytestmark = pytest.mark.django_db

# A valid NIK of a boy born 10 May 2012 in Padang Pariaman (13.05.01).
NIK = "1305011005120001"


def refusal(call, *args, **kwargs) -> dict:
    with pytest.raises(ValidationError) as exc:
        call(*args, **kwargs)
    error = exc.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def walk_to_assessed(case: Case, actor, route: str = "filial") -> Case:
    case = svc.case_verify(actor=actor, case=case, on=today())
    return svc.case_assess(actor=actor, case=case, route=route, on=today())


# --- report --------------------------------------------------------------------------------


def test_report_records_the_child_on_its_timeline(world):
    case = report(world.pendata)
    assert case.status == "reported"
    assert case.region == world.region
    event = CaseEvent.objects.get(case=case)
    assert (event.to_status, event.actor) == ("reported", world.pendata)
    assert AuditEvent.objects.filter(
        action="schooling.case.report", object_id=str(case.pk)
    ).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"sex": 3}, "sex"),
        ({"birth_date": dt.date(2999, 1, 1)}, "birth_date"),
        ({"ats_type": "x"}, "ats_type"),
        ({"reason": "nonsense"}, "reason"),
        ({"nik": "123"}, "nik"),
        ({"nik": "1305011005120000", "birth_date": dt.date(2012, 5, 10)}, "nik"),
        ({"nik": NIK, "birth_date": dt.date(2012, 5, 11)}, "nik"),
        ({"nik": NIK, "birth_date": dt.date(2012, 5, 10), "sex": 2}, "nik"),
        ({"no_kk": "99"}, "no_kk"),
        ({"last_level": "SMP", "last_grade": 3}, "last_grade"),
        ({"ats_type": "ltm", "last_level": ""}, "last_level"),
        ({"last_school_npsn": "12ab"}, "last_school_npsn"),
        ({"guardian_phone": "12"}, "guardian_phone"),
        ({"rt": "1234"}, "rt"),
    ],
)
def test_bad_report_is_refused_on_its_field_and_writes_nothing(world, fields, field):
    errors = refusal(svc.case_report, actor=world.pendata, child=child(**fields))
    assert field in errors
    assert not Case.objects.exists()


def test_report_needs_a_nagari_not_a_district(world):
    errors = refusal(svc.case_report, actor=world.disdik, child=child(location="13.05.01"))
    assert "location" in errors


def test_same_nik_is_refused_naming_the_case_inside_the_area(world):
    first = report(world.disdik, nik=NIK, birth_date=dt.date(2012, 5, 10))
    errors = refusal(
        svc.case_report,
        actor=world.disdik,
        child=child(nik=NIK, birth_date=dt.date(2012, 5, 10), name="Other Name", guardian_name="X"),
    )
    assert str(first.pk) in errors["nik"][0]
    assert Case.objects.count() == 1


def test_same_family_card_and_name_is_a_duplicate(world):
    report(world.disdik, no_kk="1305010101010001")
    errors = refusal(
        svc.case_report,
        actor=world.disdik,
        child=child(no_kk="1305010101010001", guardian_name="Z"),
    )
    assert "no_kk" in errors


def test_same_name_birth_date_and_guardian_is_a_duplicate(world):
    report(world.disdik)
    errors = refusal(svc.case_report, actor=world.disdik, child=child())
    assert "name" in errors


def test_outsider_duplicate_says_nothing_of_where_and_is_audited(world):
    report(world.disdik, nik=NIK, birth_date=dt.date(2012, 5, 10))
    errors = refusal(
        svc.case_report,
        actor=world.outside_pendata,
        child=child(OUTSIDE_NAGARI, nik=NIK, birth_date=dt.date(2012, 5, 10)),
    )
    message = errors["nik"][0]
    assert "another area" in message
    assert "Lubuk" not in message and "case" not in message.lower().split("another")[0]
    event = AuditEvent.objects.get(action="schooling.duplicate_outside_scope")
    assert NIK not in str(event.changes)


# --- verify, residu, assess -----------------------------------------------------------------


def test_verification_and_residu(world):
    case = report(world.pendata)
    case = svc.case_residu(actor=world.disdik, case=case, on=today())
    assert case.residu and case.status == "reported"
    case = svc.case_verify(actor=world.disdik, case=case, on=today())
    assert case.status == "verified" and not case.residu


def test_residu_can_be_closed_as_not_found(world):
    case = svc.case_residu(actor=world.disdik, case=report(), on=today())
    case = svc.case_close(actor=world.disdik, case=case, reason="not_found", on=today())
    assert (case.status, case.close_reason) == ("closed", "not_found")


def test_a_step_cannot_be_skipped(world):
    errors = refusal(svc.case_assess, actor=world.disdik, case=report(), route="filial", on=today())
    assert errors


def test_a_step_cannot_be_dated_before_the_last(world):
    case = report(world.pendata)
    errors = refusal(
        svc.case_verify, actor=world.disdik, case=case, on=today() - dt.timedelta(days=3)
    )
    assert "on" in errors


def test_up_to_22_a_filial_class_above_a_package(world):
    young = svc.case_verify(actor=world.disdik, case=report(birth_date=born(22, 1)), on=today())
    errors = refusal(
        svc.case_assess, actor=world.disdik, case=young, route="kesetaraan", on=today()
    )
    assert "route" in errors
    older = svc.case_verify(
        actor=world.disdik, case=report(birth_date=born(23, 1), name="Andika"), on=today()
    )
    errors = refusal(svc.case_assess, actor=world.disdik, case=older, route="filial", on=today())
    assert "route" in errors
    older = svc.case_assess(actor=world.disdik, case=older, route="kesetaraan", on=today())
    assert older.target_level == "PAKET_B"


def test_the_maximum_age_is_the_regions_setting(world):
    commitment = world.region.commitments.get(innovation__code="poltabes")
    commitment.settings = {"max_age": 25}
    commitment.save()
    older = svc.case_verify(actor=world.disdik, case=report(birth_date=born(23, 1)), on=today())
    assert (
        svc.case_assess(actor=world.disdik, case=older, route="filial", on=today()).route
        == "filial"
    )


def test_a_child_who_did_not_continue_after_sd_goes_to_smp(world):
    case = report(ats_type="ltm", last_level="SD", last_grade=6)
    assert walk_to_assessed(case, world.disdik).target_level == "SMP"


# --- place ------------------------------------------------------------------------------------


def test_placement_refuses_over_capacity_and_suggests_places_with_room(world):
    from replika.schooling.selectors.cases import suggestions

    cases = [walk_to_assessed(report(name=f"Anak {i}"), world.disdik) for i in range(3)]
    for case in cases[:2]:
        svc.case_place(actor=world.disdik, case=case, place=world.filial, on=today())
    errors = refusal(
        svc.case_place, actor=world.disdik, case=cases[2], place=world.filial, on=today()
    )
    assert "no free seat" in errors["place"][0]
    other = place(capacity={"SMP": 5}, name="Kelas Filial Kedua")
    found = suggestions(world.disdik, Case.objects.get(pk=cases[2].pk), "schooling.place_case")
    assert [p for p, _free in found] == [other]


def test_placement_refuses_a_wrong_level_and_a_wrong_kind(world):
    case = walk_to_assessed(report(), world.disdik)
    sd_only = place(capacity={"SD": 5}, name="Filial SD")
    errors = refusal(svc.case_place, actor=world.disdik, case=case, place=sd_only, on=today())
    assert "level" in errors["place"][0]
    errors = refusal(svc.case_place, actor=world.disdik, case=case, place=world.pkbm, on=today())
    assert "route" in errors["place"][0]


def test_placement_refuses_a_place_of_another_region(world):
    case = walk_to_assessed(report(), world.disdik)
    elsewhere = place(unit_kinds.FILIAL, OUTSIDE_NAGARI, name="Filial Solok")
    errors = refusal(svc.case_place, actor=world.disdik, case=case, place=elsewhere, on=today())
    assert "place" in errors


# --- follow-up ----------------------------------------------------------------------------------


def placed(world) -> Case:
    case = walk_to_assessed(report(), world.disdik)
    return svc.case_place(actor=world.disdik, case=case, place=world.filial, on=today())


def test_attendance_makes_the_child_attending_and_low_attendance_flags_risk(world):
    case = placed(world)
    month = today().replace(day=1)
    followup.attendance_record(
        actor=world.satuan, case=case, month=month, school_days=20, days_present=19
    )
    case.refresh_from_db()
    assert case.status == "attending" and not case.at_risk
    followup.attendance_record(
        actor=world.satuan, case=case, month=month, school_days=20, days_present=10
    )
    case.refresh_from_db()
    assert case.at_risk and case.times_at_risk == 1
    assert CaseEvent.objects.filter(case=case, kind="risk").count() == 1


def test_attendance_threshold_boundary_is_not_at_risk(world):
    case = placed(world)
    row = followup.attendance_record(
        actor=world.satuan, case=case, month=today(), school_days=20, days_present=15
    )
    assert not row.at_risk


@pytest.mark.parametrize(
    ("days", "present", "field"), [(30, 10, "school_days"), (20, 21, "days_present")]
)
def test_bad_attendance_is_refused(world, days, present, field):
    case = placed(world)
    errors = refusal(
        followup.attendance_record,
        actor=world.satuan,
        case=case,
        month=today(),
        school_days=days,
        days_present=present,
    )
    assert field in errors


def test_completion_closes_the_case(world):
    case = placed(world)
    followup.attendance_record(
        actor=world.satuan, case=case, month=today(), school_days=20, days_present=20
    )
    case = svc.case_complete(actor=world.satuan, case=case, on=today(), certificate="Rapor kelas 7")
    assert case.status == "completed"
    errors = refusal(svc.case_close, actor=world.disdik, case=case, reason="refused", on=today())
    assert errors


def test_support_costs_come_from_the_regions_catalogue(world):
    case = placed(world)
    row = followup.support_give(
        actor=world.satuan, case=case, item="seragam", quantity=2, given_on=today()
    )
    assert row.cost == 300000
    errors = refusal(
        followup.support_give,
        actor=world.satuan,
        case=case,
        item="mobil",
        quantity=1,
        given_on=today(),
    )
    assert "item" in errors
    assert SupportGiven.objects.count() == 1


# --- early warning ------------------------------------------------------------------------------


def test_a_pupil_who_drops_out_becomes_a_case_checked_by_the_school(world):
    row = warnings.warning_report(
        actor=world.satuan,
        school=world.filial,
        name="Intan Koto",
        sex=2,
        birth_date=born(13),
        level="SMP",
        grade=8,
        attendance=None,
        repeated_grades=1,
        dtks=True,
    )
    assert row.risk == "medium"
    row = warnings.warning_decide(actor=world.satuan, warning_row=row, status="dropped")
    assert row.case is not None
    assert (row.case.source, row.case.status) == ("school", "reported")
    assert row.case.school_checked_on == today()
    assert EarlyWarning.objects.get().status == "dropped"
