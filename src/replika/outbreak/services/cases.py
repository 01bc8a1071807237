"""Reporting, verifying, classifying and transferring cases; lab tests and outcomes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.access import can_in, scoped
from replika.core.models import Unit, User, Wilayah
from replika.outbreak import unit_kinds
from replika.outbreak.models import (
    Case,
    CaseStatus,
    CaseTransfer,
    ClassificationChange,
    Cluster,
    Disease,
    LabTest,
    Outcome,
    PlaceOfCare,
    Sex,
    TestResult,
    TransferStatus,
)
from replika.outbreak.permissions import REPORT_CASE, VIEW_CASE
from replika.outbreak.rules import catalogue as lifecycle
from replika.outbreak.services import summaries
from replika.outbreak.services.common import (
    check_location,
    check_nik,
    check_not_future,
    create_audited,
    district_of,
    require_kind,
    save_audited,
)


class DuplicateCase(ValidationError):
    """The person already has an open case of this disease."""


def _duplicate_message(actor: User | None, found: Case) -> str:
    """Say where the open case is only to someone who may see it (rule 7 of the house)."""
    visible = actor is not None and scoped(Case.objects.filter(pk=found.pk), actor, VIEW_CASE)
    if visible and visible.exists():
        return _("This person already has an open case: %(code)s at %(unit)s.") % {
            "code": found.code,
            "unit": found.unit.name,
        }
    return _(
        "This person already has an open case of this disease elsewhere; "
        "ask the Dinas Kesehatan surveillance officer."
    )


def _check_open_duplicate(
    actor: User | None, disease: Disease, nik: str, exclude: int | None
) -> None:
    if not nik:
        return
    open_cases = Case.objects.filter(disease_code=disease.code, nik=nik, outcome="").exclude(
        status=CaseStatus.DECLINED
    )
    if exclude is not None:
        open_cases = open_cases.exclude(pk=exclude)
    found = open_cases.select_related("unit").first()
    if found is not None:
        raise DuplicateCase({"nik": _duplicate_message(actor, found)})


def _check_case_fields(disease: Disease, data: dict[str, Any]) -> None:
    """The checks every channel (form, API, import) applies to a case's own fields."""
    if not str(data.get("name", "")).strip():
        raise ValidationError({"name": _("Enter the person's name.")})
    if data.get("sex") not in Sex.values:
        raise ValidationError({"sex": _("Choose male or female.")})
    for field in ("birth_date", "reported_on", "onset_date", "symptoms_end"):
        check_not_future(field, data.get(field))
    nik = data.get("nik", "")
    if disease.nik_required and not nik:
        raise ValidationError(
            {"nik": _("A NIK is required for %(disease)s.") % {"disease": disease}}
        )
    check_nik("nik", nik, data.get("birth_date"))
    onset, end = data.get("onset_date"), data.get("symptoms_end")
    if end is not None and onset is None:
        raise ValidationError({"symptoms_end": _("Symptoms cannot end without an onset date.")})
    if onset is not None and end is not None and end < onset:
        raise ValidationError({"symptoms_end": _("Symptoms cannot end before they started.")})
    reported = data.get("reported_on")
    if onset is not None and reported is not None and onset > reported:
        raise ValidationError({"onset_date": _("The onset cannot be after the report date.")})
    born = data.get("birth_date")
    if born is not None and reported is not None and born > reported:
        raise ValidationError({"birth_date": _("The birth date cannot be after the report date.")})
    if data.get("classification") not in disease.classification_codes:
        raise ValidationError({"classification": _("Choose one of the disease's classifications.")})
    if data.get("place_of_care", "") not in PlaceOfCare.values:
        raise ValidationError({"place_of_care": _("Choose a place of care.")})


def _next_code(case: Case) -> str:
    return f"{case.disease_code.upper()}-{case.region.code.replace('.', '')}-{case.pk:07d}"


@transaction.atomic
def case_report(
    *,
    actor: User | None,
    unit: Unit,
    disease: Disease,
    name: str,
    sex: str,
    classification: str,
    reported_on: dt.date | None = None,
    nik: str = "",
    birth_date: dt.date | None = None,
    phone: str = "",
    address: str = "",
    occupation: str = "",
    location: Wilayah | None = None,
    onset_date: dt.date | None = None,
    symptoms: str = "",
    symptoms_end: dt.date | None = None,
    comorbidities: str = "",
    exposure: str = "",
    place_of_care: str = "",
    submit: bool = True,
    source_contact: Any = None,
    import_run: Any = None,
) -> Case:
    """Report a case at a facility, as a draft or straight to verification."""
    require_kind(
        "unit", unit, unit_kinds.REPORTING, _("Cases are reported by a puskesmas, hospital or lab.")
    )
    if disease.region_id != unit.region_id or not disease.active:
        raise ValidationError(
            {"disease": _("This disease is not tracked in the facility's region.")}
        )
    reported_on = reported_on or timezone.localdate()
    data = {
        "name": name,
        "sex": sex,
        "nik": nik,
        "birth_date": birth_date,
        "reported_on": reported_on,
        "onset_date": onset_date,
        "symptoms_end": symptoms_end,
        "classification": classification,
        "place_of_care": place_of_care,
    }
    _check_case_fields(disease, data)
    check_location("location", location, unit.region)
    # Two reports of the same person racing: the NIK row lock is the open-case constraint.
    _check_open_duplicate(actor, disease, nik, None)
    now = timezone.now()
    case = Case(
        region=unit.region,
        location=location,
        district=district_of(location),
        unit=unit,
        disease=disease,
        disease_code=disease.code,
        code=f"tmp-{now.timestamp()}-{id(unit)}",
        nik=nik,
        name=" ".join(name.split()),
        birth_date=birth_date,
        sex=sex,
        phone=phone,
        address=address,
        occupation=occupation,
        reported_on=reported_on,
        onset_date=onset_date,
        symptoms=symptoms,
        symptoms_end=symptoms_end,
        comorbidities=comorbidities,
        exposure=exposure,
        place_of_care=place_of_care,
        classification=classification,
        status=CaseStatus.PENDING if submit else CaseStatus.DRAFT,
        submitted_at=now if submit else None,
        source_contact=source_contact,
        import_run=import_run,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:
        raise DuplicateCase(
            {"nik": _("This person already has an open case of this disease.")}
        ) from exc
    case.code = _next_code(case)
    case.save(update_fields=["code"])
    ClassificationChange.objects.create(
        case=case, classification=classification, on=reported_on, by=actor, note=_("Reported")
    )
    audit.record(actor=actor, action="outbreak.case.report", instance=case)
    return case


EDITABLE = (
    "nik",
    "name",
    "birth_date",
    "sex",
    "phone",
    "address",
    "occupation",
    "location",
    "onset_date",
    "symptoms",
    "symptoms_end",
    "comorbidities",
    "exposure",
    "place_of_care",
)


@transaction.atomic
def case_update(*, actor: User | None, case: Case, **changes: Any) -> Case:
    """Correct a case's identity and clinical fields (the classification has its own step)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be changed here.")})
    data = {f: getattr(case, f) for f in EDITABLE} | changes
    data |= {"reported_on": case.reported_on, "classification": case.classification}
    _check_case_fields(case.disease, data)
    check_location("location", data["location"], case.region)
    if data["nik"] != case.nik:
        _check_open_duplicate(actor, case.disease, data["nik"], case.pk)
    changes["district"] = district_of(data["location"])
    old_district = case.district_id
    try:
        with transaction.atomic():
            save_audited(case, actor=actor, action="outbreak.case.update", **changes)
    except IntegrityError as exc:
        raise DuplicateCase(
            {"nik": _("This person already has an open case of this disease.")}
        ) from exc
    if old_district != case.district_id:
        summaries.refresh_days(disease=case.disease, days=summaries.case_days(case))
    return case


def _move(actor: User | None, case: Case, target: str, **changes: Any) -> Case:
    if not lifecycle.can_move(lifecycle.STATUS_MOVES, case.status, target):
        raise ValidationError(
            {
                "status": _("A case that is %(status)s cannot be moved there.")
                % {"status": case.get_status_display()}
            }
        )
    save_audited(case, actor=actor, action=f"outbreak.case.{target}", status=target, **changes)
    return case


@transaction.atomic
def case_submit(*, actor: User | None, case: Case) -> Case:
    """Send a draft (or a corrected declined case) to the Dinas for verification."""
    return _move(actor, case, CaseStatus.PENDING, submitted_at=timezone.now(), decline_reason="")


@transaction.atomic
def case_verify(*, actor: User | None, case: Case) -> Case:
    """The Dinas confirms a submitted case: it now counts in the figures."""
    _move(actor, case, CaseStatus.VERIFIED, verified_at=timezone.now(), verified_by=actor)
    summaries.refresh_days(disease=case.disease, days=summaries.case_days(case))
    return case


@transaction.atomic
def case_decline(*, actor: User | None, case: Case, reason: str) -> Case:
    """The Dinas sends a submitted case back with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is declined.")})
    return _move(actor, case, CaseStatus.DECLINED, decline_reason=reason.strip()[:255])


@transaction.atomic
def case_classify(
    *,
    actor: User | None,
    case: Case,
    classification: str,
    on: dt.date | None = None,
    note: str = "",
) -> Case:
    """Change a case's classification; the history keeps every step."""
    if classification not in case.disease.classification_codes:
        raise ValidationError({"classification": _("Choose one of the disease's classifications.")})
    on = on or timezone.localdate()
    check_not_future("on", on)
    if on < case.reported_on:
        raise ValidationError({"on": _("The date cannot be before the report date.")})
    ClassificationChange.objects.create(
        case=case, classification=classification, on=on, by=actor, note=note[:255]
    )
    save_audited(case, actor=actor, action="outbreak.case.classify", classification=classification)
    summaries.refresh_days(disease=case.disease, days=summaries.case_days(case))
    return case


@transaction.atomic
def case_close(
    *,
    actor: User | None,
    case: Case,
    outcome: str,
    on: dt.date,
    symptoms_end: dt.date | None = None,
) -> Case:
    """Record a case's outcome: recovered (isolation ended), died or discarded."""
    if outcome not in (Outcome.RECOVERED, Outcome.DIED, Outcome.DISCARDED):
        raise ValidationError({"outcome": _("Choose recovered, died or discarded.")})
    check_not_future("on", on)
    if on < case.reported_on and (case.onset_date is None or on < case.onset_date):
        raise ValidationError({"on": _("The outcome cannot be before the case began.")})
    if symptoms_end is not None:
        if case.onset_date is None or symptoms_end < case.onset_date:
            raise ValidationError({"symptoms_end": _("Symptoms cannot end before they started.")})
        check_not_future("symptoms_end", symptoms_end)
    old_days = summaries.case_days(case)
    save_audited(
        case,
        actor=actor,
        action="outbreak.case.close",
        outcome=outcome,
        outcome_date=on,
        symptoms_end=symptoms_end or case.symptoms_end,
    )
    summaries.refresh_days(disease=case.disease, days=old_days | summaries.case_days(case))
    return case


@transaction.atomic
def labtest_record(
    *,
    actor: User | None,
    case: Case,
    specimen_type: str,
    specimen_date: dt.date,
    method: str,
    lab: Unit | None = None,
    result: str = TestResult.PENDING,
    result_date: dt.date | None = None,
) -> LabTest:
    """Record a specimen and, when known, its result."""
    if not specimen_type.strip():
        raise ValidationError({"specimen_type": _("Name the specimen (swab, serum, …).")})
    if not method.strip():
        raise ValidationError({"method": _("Name the test method (PCR, NS1, …).")})
    check_not_future("specimen_date", specimen_date)
    _check_result(result, result_date, specimen_date)
    if lab is not None and (lab.kind not in unit_kinds.REPORTING):
        raise ValidationError({"lab": _("Choose a laboratory or health facility.")})
    test = LabTest(
        case=case,
        specimen_type=specimen_type.strip(),
        specimen_date=specimen_date,
        method=method.strip(),
        lab=lab,
        result=result,
        result_date=result_date,
    )
    create_audited(test, actor=actor, action="outbreak.labtest.record")
    summaries.refresh_days(disease=case.disease, days={result_date})
    return test


def _check_result(result: str, result_date: dt.date | None, specimen_date: dt.date) -> None:
    if result not in TestResult.values:
        raise ValidationError({"result": _("Choose a result.")})
    if result != TestResult.PENDING and result_date is None:
        raise ValidationError({"result_date": _("Enter the date of the result.")})
    if result_date is not None:
        check_not_future("result_date", result_date)
        if result_date < specimen_date:
            raise ValidationError(
                {"result_date": _("The result cannot come before the specimen was taken.")}
            )


@transaction.atomic
def labtest_result(
    *, actor: User | None, test: LabTest, result: str, result_date: dt.date
) -> LabTest:
    """Enter the result of a pending test."""
    _check_result(result, result_date, test.specimen_date)
    old = test.result_date
    save_audited(
        test, actor=actor, action="outbreak.labtest.result", result=result, result_date=result_date
    )
    summaries.refresh_days(disease=test.case.disease, days={old, result_date})
    return test


@transaction.atomic
def case_transfer(*, actor: User, case: Case, to_unit: Unit, comment: str) -> CaseTransfer:
    """Offer a case to another facility, possibly in another region, with a comment.

    Nothing moves yet: the case shows a pending transfer until the receiving side accepts
    (``transfer_accept``) or declines (``transfer_decline``) it.
    """
    require_kind(
        "to_unit", to_unit, unit_kinds.REPORTING, _("Choose a puskesmas, hospital or lab.")
    )
    if to_unit.pk == case.unit_id:
        raise ValidationError({"to_unit": _("The case is already at this facility.")})
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the case is transferred.")})
    _receiving_disease(case, to_unit)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.transfers.filter(status=TransferStatus.PENDING).exists():
        raise ValidationError(
            {"to_unit": _("A transfer of this case is already waiting for an answer.")}
        )
    transfer = CaseTransfer(
        case=case,
        from_unit=case.unit,
        to_unit=to_unit,
        from_region=case.region,
        to_region=to_unit.region,
        comment=comment.strip()[:255],
        by=actor,
    )
    create_audited(transfer, actor=actor, action="outbreak.case.transfer_offer")
    return transfer


def _receiving_disease(case: Case, to_unit: Unit) -> Disease:
    """The disease entry the case takes at the receiving facility's region."""
    if to_unit.region_id == case.region_id:
        return case.disease
    found = Disease.objects.filter(region_id=to_unit.region_id, code=case.disease_code).first()
    if found is None or not found.active:
        raise ValidationError({"to_unit": _("The receiving region does not track this disease.")})
    return found


def may_answer_transfer(actor: User, transfer: CaseTransfer) -> bool:
    """Whether the actor is on the receiving side: reports cases at the receiving facility
    (its staff, or the receiving region's Dinas)."""
    return can_in(actor, REPORT_CASE, transfer.to_region, transfer.to_unit)


def _open_transfer(actor: User, transfer: CaseTransfer, answer: str) -> CaseTransfer:
    if not may_answer_transfer(actor, transfer):
        raise PermissionDenied
    transfer = CaseTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError({"answer": _("This transfer has already been answered.")})
    if len(answer.strip()) > 255:
        raise ValidationError({"answer": _("Keep the comment under 255 characters.")})
    return transfer


@transaction.atomic
def transfer_accept(*, actor: User, transfer: CaseTransfer, answer: str = "") -> CaseTransfer:
    """The receiving side takes the case: it moves to the receiving facility (and region,
    whose Dinas then sees it), and the daily counts follow it."""
    transfer = _open_transfer(actor, transfer, answer)
    case = Case.objects.select_for_update().get(pk=transfer.case_id)
    to_unit = transfer.to_unit
    if case.unit_id != transfer.from_unit_id:
        raise ValidationError({"answer": _("The case has moved since the transfer was asked.")})
    target_disease = _receiving_disease(case, to_unit)
    save_audited(
        transfer,
        actor=actor,
        action="outbreak.case.transfer_accept",
        status=TransferStatus.ACCEPTED,
        answer=answer.strip(),
        answered_by=actor,
        answered_at=timezone.now(),
    )
    old_disease, days = case.disease, summaries.case_days(case)
    changes: dict[str, Any] = {"unit": to_unit}
    if target_disease.pk != case.disease_id:
        changes |= {
            "region": to_unit.region,
            "disease": target_disease,
            "location": None,
            "district": None,
            "cluster": None,
        }
    save_audited(
        case,
        actor=actor,
        action="outbreak.case.transfer",
        extra={"comment": transfer.comment, "transfer": transfer.pk},
        **changes,
    )
    if old_disease.pk != target_disease.pk:
        summaries.refresh_days(disease=old_disease, days=days)
        summaries.refresh_days(disease=target_disease, days=days)
    return transfer


@transaction.atomic
def transfer_decline(*, actor: User, transfer: CaseTransfer, answer: str) -> CaseTransfer:
    """The receiving side refuses the case, saying why; the case stays where it was."""
    if not answer.strip():
        raise ValidationError({"answer": _("Say why the transfer is declined.")})
    transfer = _open_transfer(actor, transfer, answer)
    save_audited(
        transfer,
        actor=actor,
        action="outbreak.case.transfer_decline",
        status=TransferStatus.DECLINED,
        answer=answer.strip(),
        answered_by=actor,
        answered_at=timezone.now(),
    )
    return transfer


def may_report_at(actor: User, unit: Unit) -> bool:
    """Whether the actor may report cases at a facility."""
    return can_in(actor, REPORT_CASE, unit.region, unit)


@transaction.atomic
def cluster_create(
    *,
    actor: User | None,
    disease: Disease,
    name: str,
    opened_on: dt.date,
    setting: str = "",
    notes: str = "",
) -> Cluster:
    """Open a cluster of linked cases."""
    if not name.strip():
        raise ValidationError({"name": _("Name the cluster.")})
    check_not_future("opened_on", opened_on)
    if Cluster.objects.filter(
        region_id=disease.region_id, disease=disease, name=name.strip()
    ).exists():
        raise ValidationError({"name": _("A cluster with this name already exists.")})
    cluster = Cluster(
        region_id=disease.region_id,
        disease=disease,
        name=name.strip(),
        setting=setting.strip(),
        opened_on=opened_on,
        notes=notes,
    )
    create_audited(cluster, actor=actor, action="outbreak.cluster.create")
    return cluster


@transaction.atomic
def case_link_cluster(*, actor: User | None, case: Case, cluster: Cluster | None) -> Case:
    """Put a case into a cluster of its disease and region (or take it out)."""
    if cluster is not None and (
        cluster.disease_id != case.disease_id or cluster.region_id != case.region_id
    ):
        raise ValidationError({"cluster": _("Choose a cluster of the same disease and region.")})
    save_audited(case, actor=actor, action="outbreak.case.cluster", cluster=cluster)
    return case
