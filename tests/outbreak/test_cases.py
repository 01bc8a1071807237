"""Cases: reporting, duplicates under the privacy rule, verification, classification,
outcomes, lab tests, transfers, and the daily summaries they move."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from replika.core.models import AuditEvent
from replika.outbreak.models import Case, DailyCount
from replika.outbreak.selectors import cases as case_selectors
from replika.outbreak.services import cases as services
from replika.outbreak.services import summaries
from tests.factories import region
from tests.outbreak.factories import NIK_WOMAN, days_ago, report, report_man

pytestmark = pytest.mark.django_db


def test_a_reported_case_waits_for_verification_with_a_code_and_history(world):
    case = report(world)
    assert case.status == "pending"
    assert case.code == f"COVID19-1374-{case.pk:07d}"
    assert case.district.code == "13.74.01"
    assert [h.classification for h in case.history.all()] == ["konfirmasi"]


def test_covid_needs_a_nik_and_the_nik_must_match_the_birth_date(world):
    with pytest.raises(ValidationError) as missing:
        report(world, nik="")
    assert "nik" in missing.value.message_dict
    with pytest.raises(ValidationError) as mismatch:
        report(world, birth_date=dt.date(1991, 8, 17))
    assert "does not match" in mismatch.value.message_dict["nik"][0]


def test_a_classification_outside_the_disease_definition_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        report(world, classification="dbd")
    assert "classification" in refused.value.message_dict


def test_the_onset_cannot_follow_the_report_date(world):
    with pytest.raises(ValidationError) as refused:
        report(world, onset_date=days_ago(1), reported_on=days_ago(3))
    assert "onset_date" in refused.value.message_dict


def test_a_second_open_case_for_the_same_person_names_where_only_to_who_may_see(world):
    report(world)
    with pytest.raises(services.DuplicateCase) as seen:
        report(world, actor=world.surveillance, unit=world.other_puskesmas)
    assert "Puskesmas Ganting" in seen.value.message_dict["nik"][0]
    with pytest.raises(services.DuplicateCase) as hidden:
        report(world, actor=world.other_officer, unit=world.other_puskesmas)
    assert "Ganting" not in hidden.value.message_dict["nik"][0]
    assert "elsewhere" in hidden.value.message_dict["nik"][0]


def test_after_an_outcome_the_same_person_may_be_a_new_case(world):
    first = report(world)
    services.case_close(actor=world.officer, case=first, outcome="recovered", on=days_ago(0))
    again = report(world, reported_on=days_ago(0), onset_date=days_ago(1))
    assert again.pk != first.pk


def test_verifying_a_case_puts_it_in_the_daily_counts(world):
    case = report(world)
    assert not DailyCount.objects.exists()
    services.case_verify(actor=world.surveillance, case=case)
    row = DailyCount.objects.get(region=region("13.74"), district=None, day=case.reported_on)
    assert row.new_cases == 1
    kecamatan = DailyCount.objects.get(district=region("13.74.01"), day=case.reported_on)
    assert kecamatan.new_cases == 1


def test_a_declined_case_goes_back_with_its_reason_and_may_be_sent_again(world):
    case = report(world)
    with pytest.raises(ValidationError):
        services.case_decline(actor=world.surveillance, case=case, reason="  ")
    services.case_decline(actor=world.surveillance, case=case, reason="Alamat tidak lengkap")
    assert case.status == "declined"
    services.case_submit(actor=world.officer, case=case)
    assert case.status == "pending" and case.decline_reason == ""


def test_a_verified_case_cannot_be_verified_twice(world):
    case = report(world)
    services.case_verify(actor=world.surveillance, case=case)
    with pytest.raises(ValidationError):
        services.case_verify(actor=world.surveillance, case=case)


def test_discarding_by_classification_takes_the_case_out_of_the_counts(world):
    case = report(world)
    services.case_verify(actor=world.surveillance, case=case)
    services.case_classify(actor=world.surveillance, case=case, classification="discarded")
    assert not DailyCount.objects.filter(new_cases__gt=0).exists()
    assert [h.classification for h in case.history.all()] == ["konfirmasi", "discarded"]


def test_deaths_and_recoveries_are_counted_on_their_day(world):
    case = report(world)
    services.case_verify(actor=world.surveillance, case=case)
    services.case_close(actor=world.officer, case=case, outcome="died", on=days_ago(1))
    row = DailyCount.objects.get(district=None, day=days_ago(1))
    assert row.deaths == 1


def _positive_test(world, case) -> None:
    """A PCR specimen taken three days ago, positive two days ago."""
    services.labtest_record(
        actor=world.officer,
        case=case,
        specimen_type="swab",
        specimen_date=days_ago(3),
        method="PCR",
        result="positive",
        result_date=days_ago(2),
    )


def test_lab_results_count_as_tests_and_positives(world):
    _positive_test(world, report(world))
    row = DailyCount.objects.get(district=None, day=days_ago(2))
    assert (row.tests, row.positives) == (1, 1)


def test_a_result_before_its_specimen_is_refused(world):
    case = report(world)
    with pytest.raises(ValidationError) as refused:
        services.labtest_record(
            actor=world.officer,
            case=case,
            specimen_type="swab",
            specimen_date=days_ago(2),
            method="PCR",
            result="negative",
            result_date=days_ago(3),
        )
    assert "result_date" in refused.value.message_dict


def test_isolation_ends_ten_days_after_the_specimen_without_symptoms(world):
    case = report(world, onset_date=None, classification="konfirmasi")
    services.labtest_record(
        actor=world.officer,
        case=case,
        specimen_type="swab",
        specimen_date=days_ago(2),
        method="PCR",
    )
    assert case_selectors.isolation_end_of(case) == days_ago(2) + dt.timedelta(days=10)


def test_a_transfer_to_another_region_moves_the_case_only_when_the_receiver_accepts(world):
    case = report(world)
    services.case_verify(actor=world.surveillance, case=case)
    transfer = services.case_transfer(
        actor=world.surveillance, case=case, to_unit=world.bkt_puskesmas, comment="Pindah domisili"
    )
    case.refresh_from_db()
    assert transfer.status == "pending"
    assert case.region.code == "13.74"
    assert case_selectors.case_detail(world.surveillance, case)["pending_transfer"] == transfer
    # Until the receiving side accepts, the receiver does not see the case itself.
    assert not case_selectors.case_list(world.bkt_surveillance).exists()
    assert list(case_selectors.incoming_transfers(world.bkt_officer)) == [transfer]
    assert not case_selectors.incoming_transfers(world.surveillance).exists()

    services.transfer_accept(actor=world.bkt_officer, transfer=transfer, answer="Diterima")
    case.refresh_from_db()
    transfer.refresh_from_db()
    assert (transfer.status, transfer.answer, transfer.answered_by) == (
        "accepted",
        "Diterima",
        world.bkt_officer,
    )
    assert case.region.code == "13.75"
    assert case.disease == world.bkt_covid
    assert case.transfers.get().comment == "Pindah domisili"
    assert DailyCount.objects.get(region=region("13.75"), district=None).new_cases == 1
    assert not DailyCount.objects.filter(region=region("13.74"), new_cases__gt=0).exists()
    assert list(case_selectors.case_list(world.bkt_surveillance)) == [case]
    assert not case_selectors.case_list(world.surveillance).exists()
    assert AuditEvent.objects.filter(action="outbreak.case.transfer_accept").exists()


def test_a_declined_transfer_leaves_the_case_where_it_was(world):
    case = report(world)
    transfer = services.case_transfer(
        actor=world.surveillance, case=case, to_unit=world.bkt_puskesmas, comment="Rujuk"
    )
    with pytest.raises(ValidationError) as no_reason:
        services.transfer_decline(actor=world.bkt_surveillance, transfer=transfer, answer=" ")
    assert "answer" in no_reason.value.message_dict
    services.transfer_decline(
        actor=world.bkt_surveillance, transfer=transfer, answer="Alamat bukan di Bukittinggi"
    )
    case.refresh_from_db()
    transfer.refresh_from_db()
    assert transfer.status == "declined"
    assert case.unit == world.puskesmas
    assert not case_selectors.case_list(world.bkt_surveillance).exists()
    with pytest.raises(ValidationError):
        services.transfer_accept(actor=world.bkt_surveillance, transfer=transfer)
    # A new transfer may be asked once the first one is answered.
    services.case_transfer(
        actor=world.surveillance, case=case, to_unit=world.hospital, comment="Rawat inap"
    )


def test_only_the_receiving_side_answers_and_one_transfer_waits_at_a_time(world):
    case = report(world)
    transfer = services.case_transfer(
        actor=world.surveillance, case=case, to_unit=world.bkt_puskesmas, comment="Rujuk"
    )
    for not_receiver in (world.surveillance, world.officer, world.province):
        with pytest.raises(PermissionDenied):
            services.transfer_accept(actor=not_receiver, transfer=transfer)
    with pytest.raises(ValidationError) as twice:
        services.case_transfer(
            actor=world.surveillance, case=case, to_unit=world.hospital, comment="Rawat inap"
        )
    assert "to_unit" in twice.value.message_dict
    case.refresh_from_db()
    assert case.unit == world.puskesmas


def test_a_transfer_needs_a_comment_and_a_region_tracking_the_disease(world):
    case = report(world)
    with pytest.raises(ValidationError):
        services.case_transfer(
            actor=world.surveillance, case=case, to_unit=world.hospital, comment=""
        )
    dengue = report(world, disease=world.dbd, classification="dbd", nik="", name="Budi")
    with pytest.raises(ValidationError) as refused:
        services.case_transfer(
            actor=world.surveillance, case=dengue, to_unit=world.bkt_puskesmas, comment="Rujuk"
        )
    assert "to_unit" in refused.value.message_dict


def test_the_database_keeps_one_open_case_per_nik_and_disease(world):
    report(world)
    assert Case.objects.filter(nik=NIK_WOMAN).count() == 1


def _daily_rows() -> list[tuple]:
    return sorted(
        DailyCount.objects.values_list(
            "district_id", "disease_code", "day", "new_cases", "recovered", "deaths", "tests"
        ),
        key=repr,
    )


def _a_week_of_cases(world) -> None:
    """Two cases verified, one tested and closed: the days of three kinds of change."""
    first = report(world)
    second = report_man(world, reported_on=days_ago(3))
    for case in (first, second):
        services.case_verify(actor=world.surveillance, case=case)
    _positive_test(world, first)
    services.case_close(actor=world.officer, case=second, outcome="recovered", on=days_ago(1))


def test_figures_refreshed_once_equal_figures_refreshed_after_every_change(world):
    with summaries.refreshed_once():
        _a_week_of_cases(world)
        with summaries.refreshed_once():  # a nested block leaves it to the outer one
            pass
        assert not DailyCount.objects.exists()  # nothing recomputed inside the block
    once = _daily_rows()
    assert once and any(row[3] for row in once)
    summaries.rebuild(disease=world.covid)
    assert _daily_rows() == once


def test_a_failed_block_recomputes_nothing_and_leaves_no_pending_days(world):
    with pytest.raises(RuntimeError), summaries.refreshed_once():
        services.case_verify(actor=world.surveillance, case=report(world))
        raise RuntimeError("the import stopped")
    assert not DailyCount.objects.exists()
    # Outside a block each change is recomputed at once again.
    services.case_verify(actor=world.surveillance, case=report_man(world))
    assert DailyCount.objects.filter(district=None, new_cases__gt=0).exists()
