"""The case workflow: report, verify (or residu), assess, place, attend, complete or close."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import Unit, User, Wilayah, snapshot
from replika.schooling import rules, unit_kinds
from replika.schooling.models import (
    AtsType,
    Case,
    EventKind,
    PlaceCapacity,
    Route,
    Sex,
    Source,
    Status,
)
from replika.schooling.rules import identity, placement
from replika.schooling.services.common import (
    DuplicateFound,
    check_not_future,
    duplicates_refused,
    event,
    find_duplicate,
    identity_problem,
    lock_region,
    mark_dirty,
    save_new,
    status_event,
    today,
)
from replika.schooling.settings_schema import settings_for


@dataclass
class ChildIn:
    """What is known of a found child (a form, the API or an import row)."""

    location: Wilayah
    name: str
    sex: int
    birth_date: dt.date
    ats_type: str
    reason: str
    source: str
    nik: str = ""
    no_kk: str = ""
    nisn: str = ""
    address: str = ""
    rt: str = ""
    rw: str = ""
    guardian_name: str = ""
    guardian_phone: str = ""
    last_school_npsn: str = ""
    last_level: str = ""
    last_grade: int | None = None
    dtks: bool = False
    kip: bool = False
    pkh: bool = False
    reported_on: dt.date | None = None
    extra: dict[str, object] = field(default_factory=dict)


def region_of(location: Wilayah) -> Wilayah:
    """The kab/kota of a nagari/kelurahan (refused above the desa level)."""
    if location.level != Wilayah.VILLAGE:
        raise ValidationError({"location": _("Choose a nagari, kelurahan or desa.")})
    code = location.region_code()
    return Wilayah.objects.get(code=code)


SEXES = frozenset(Sex.values)
ATS_TYPES = frozenset(AtsType.values)
SOURCES = frozenset(Source.values)


def check_child(
    child: ChildIn,
    region: Wilayah,
    reasons: set[str] | None = None,
    on_day: dt.date | None = None,
) -> dict[str, str]:
    """Every problem of a found child's fields, by field ({} when there is none).

    ``reasons`` are the region's reason codes and ``on_day`` today's date when the caller
    has them already (an import checks thousands of rows).
    """
    errors: dict[str, str] = {}
    child.name = " ".join(child.name.split())
    if not child.name:
        errors["name"] = _("Enter the child's name.")
    if child.sex not in SEXES:
        errors["sex"] = _("Choose boy or girl.")
    now = on_day or today()
    on = child.reported_on or now
    if child.birth_date > now:
        errors["birth_date"] = _("The birth date cannot be in the future.")
    elif rules.age_in_years(birth_date=child.birth_date, on=min(on, now)) > 30:
        errors["birth_date"] = _("The child would be older than 30: check the birth date.")
    if child.reported_on is not None and child.reported_on > now:
        errors["reported_on"] = _("The date cannot be in the future.")
    if child.ats_type not in ATS_TYPES:
        errors["ats_type"] = _("Choose never enrolled, dropped out or did not continue.")
    if child.source not in SOURCES:
        errors["source"] = _("Choose where the report comes from.")
    if reasons is None:
        reasons = {code for code, _label in settings_for(region).reason_choices()}
    if child.reason not in reasons:
        errors["reason"] = _("Choose one of the region's reasons.")
    if child.last_level and child.last_level not in placement.SCHOOL_LEVELS:
        errors["last_level"] = _("Choose SD, SMP or SMA.")
    elif placement.grade_problem(child.last_level, child.last_grade):
        errors["last_grade"] = _("This grade does not belong to the last level.")
    if child.ats_type == AtsType.LTM and not child.last_level:
        errors["last_level"] = _("A child who did not continue has a last level.")
    elif child.ats_type == AtsType.LTM and child.last_level == placement.SMA:
        errors["last_level"] = _("A child who finished SMA is not out of school.")
    if child.last_school_npsn and not (
        len(child.last_school_npsn) == 8 and child.last_school_npsn.isdigit()
    ):
        errors["last_school_npsn"] = _("The NPSN must be 8 digits.")
    if child.nisn and not (len(child.nisn) == 10 and child.nisn.isdigit()):
        errors["nisn"] = _("The NISN must be 10 digits.")
    for key in ("rt", "rw"):
        value = getattr(child, key)
        if value and not (value.isdigit() and len(value) <= 3):
            errors[key] = _("Up to three digits.")
    phone = child.guardian_phone.replace(" ", "").replace("-", "")
    if phone and not (phone.lstrip("+").isdigit() and 8 <= len(phone) <= 15):
        errors["guardian_phone"] = _("Enter a phone number of 8 to 15 digits.")
    child.guardian_phone = phone
    if "birth_date" not in errors and "sex" not in errors:
        errors.update(
            identity_problem(child.nik, child.no_kk, child.birth_date, child.sex == Sex.FEMALE)
        )
    return errors


def child_values(child: ChildIn) -> dict[str, Any]:
    """A checked child's values as a case stores them (what a correction may change too)."""
    return {
        "location_id": child.location.pk,
        "name": child.name,
        "sex": child.sex,
        "birth_date": child.birth_date,
        "nik": child.nik,
        "no_kk": child.no_kk,
        "nisn": child.nisn,
        "address": " ".join(child.address.split()),
        "rt": child.rt,
        "rw": child.rw,
        "guardian_name": " ".join(child.guardian_name.split()),
        "guardian_phone": child.guardian_phone,
        "ats_type": child.ats_type,
        "last_school_npsn": child.last_school_npsn,
        "last_level": child.last_level,
        "last_grade": child.last_grade,
        "reason": child.reason,
        "source": child.source,
        "dtks": child.dtks,
        "kip": child.kip,
        "pkh": child.pkh,
    }


def case_values(
    child: ChildIn,
    region: Wilayah,
    actor: User | None,
    on_day: dt.date | None = None,
    keys: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The column values (by attribute name) of a new case from a checked child.

    ``on_day`` is today and ``keys`` the folded child's and guardian's names when the
    caller has them already (an import writes thousands of cases).
    """
    now = on_day or today()
    name_key, guardian_key = keys or (
        identity.name_key(child.name),
        identity.name_key(child.guardian_name),
    )
    return {
        **child_values(child),
        "region_id": region.pk,
        "name_key": name_key,
        "guardian_key": guardian_key,
        "reported_on": child.reported_on or now,
        "school_checked_on": now if child.source == Source.SCHOOL else None,
        "created_by_id": actor.pk if actor is not None and actor.pk else None,
    }


def new_case(child: ChildIn, region: Wilayah, actor: User | None) -> Case:
    """An unsaved case from a checked child."""
    return Case(**case_values(child, region, actor))


@duplicates_refused
@transaction.atomic
def case_report(*, actor: User | None, child: ChildIn, entry: uuid.UUID | None = None) -> Case:
    """Register a child found out of school; a duplicate is refused as the actor may see it.

    ``entry`` is the id the phone's outbox gave the report: the first sending writes the
    case and keeps it, a later sending of the same report returns that case (see
    ``case_report_entry``)."""
    region = region_of(child.location)
    errors = check_child(child, region)
    if errors:
        raise ValidationError(errors)
    lock_region(region.pk)
    case = new_case(child, region, actor)
    case.entry_key = entry
    found = find_duplicate(
        nik=case.nik,
        no_kk=case.no_kk,
        name_key=case.name_key,
        birth_date=case.birth_date,
        guardian_key=case.guardian_key,
        region_id=region.pk,
    )
    if found is not None:
        raise DuplicateFound(found=found[0], field=found[1], nik=case.nik)
    save_new(case)
    audit.record(actor=actor, action="schooling.case.report", instance=case)
    status_event(case, actor=actor, before="", on=case.reported_on, note=case.get_source_display())
    mark_dirty(region.pk)
    return case


def case_report_entry(*, actor: User | None, child: ChildIn, entry: uuid.UUID) -> tuple[Case, bool]:
    """Record one report of the field survey's outbox, once however often it is sent.

    Returns the case and whether this sending was a replay. A replay by another user, or
    of an id already used for another child, is refused rather than shown.
    """
    with transaction.atomic():
        # Two sendings of one report queue up on the region's lock.
        lock_region(region_of(child.location).pk)
        done = Case.objects.filter(entry_key=entry).first()
        if done is None:
            return case_report(actor=actor, child=child, entry=entry), False
    same = (
        actor is not None
        and done.created_by_id == actor.pk
        and done.name_key == identity.name_key(child.name)
        and done.birth_date == child.birth_date
    )
    if not same:
        raise ValidationError({"entry": _("This report id was already used for another child.")})
    return done, True


def _move(
    case: Case, target: str, *, actor: User | None, on: dt.date, reason: str | None = None
) -> None:
    """Refuse a move the lifecycle does not allow or dated before the last step."""
    if not rules.is_transition_allowed(case.status, target, reason=reason):
        raise ValidationError(
            _("A case that is %(status)s cannot be moved to %(target)s.")
            % {"status": case.get_status_display(), "target": Status(target).label}
        )
    check_not_future("on", on)
    last = case.events.order_by("-on").values_list("on", flat=True).first()
    if last is not None and on < last:
        raise ValidationError({"on": _("The date is before the case's last step.")})


def _save_step(
    case: Case,
    *,
    actor: User | None,
    action: str,
    before: dict,
    old: str,
    on: dt.date,
    note: str = "",
) -> Case:
    """Save a status change, audit it, put it on the timeline and mark the summaries."""
    case.save()
    audit.record(actor=actor, action=action, instance=case, before=before)
    status_event(case, actor=actor, before=old, on=on, note=note)
    mark_dirty(case.region_id)
    return case


@transaction.atomic
def case_verify(*, actor: User | None, case: Case, on: dt.date, note: str = "") -> Case:
    """Confirm a reported child was found and is out of school (the ATS check at Dinas)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _move(case, Status.VERIFIED, actor=actor, on=on)
    before, old = snapshot(case), case.status
    case.status, case.verified_on, case.residu = Status.VERIFIED, on, False
    return _save_step(
        case, actor=actor, action="schooling.case.verify", before=before, old=old, on=on, note=note
    )


@transaction.atomic
def case_residu(*, actor: User | None, case: Case, on: dt.date, note: str = "") -> Case:
    """Put a reported child who cannot be located into the residu bin (still open)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Status.REPORTED:
        raise ValidationError(_("Only a reported case can go to the residu bin."))
    check_not_future("on", on)
    before = snapshot(case)
    case.residu = True
    case.save(update_fields=["residu", "updated_at"])
    audit.record(actor=actor, action="schooling.case.residu", instance=case, before=before)
    event(case, actor=actor, kind=EventKind.RESIDU, on=on, note=note)
    mark_dirty(case.region_id)
    return case


def pathway_of(case: Case, on: dt.date) -> str:
    """``filial`` or ``kesetaraan`` by the child's age on ``on`` and the region's maximum age."""
    max_age = settings_for(case.region).max_age
    return rules.pathway(birth_date=case.birth_date, on=on, max_age=max_age)


@transaction.atomic
def case_assess(*, actor: User | None, case: Case, route: str, on: dt.date, note: str = "") -> Case:
    """Decide the route (filial class, regular school or package) and the level to place at."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _move(case, Status.ASSESSED, actor=actor, on=on)
    if route not in Route.values:
        raise ValidationError({"route": _("Choose a route.")})
    pathway = pathway_of(case, on)
    if route not in placement.routes_allowed(pathway):
        if pathway == rules.KESETARAAN:
            message = _("Older than %(age)s: only an equivalency package (Paket A/B/C).")
        else:
            message = _("Up to %(age)s years: a filial class or a regular school.")
        raise ValidationError({"route": message % {"age": settings_for(case.region).max_age}})
    try:
        school_level = placement.school_level_to_return(
            ats_type=case.ats_type, last_level=case.last_level
        )
    except ValueError:
        raise ValidationError(_("A child who finished SMA is not out of school.")) from None
    before, old = snapshot(case), case.status
    case.status, case.assessed_on, case.route = Status.ASSESSED, on, route
    case.target_level = placement.level_for(route, school_level)
    return _save_step(
        case, actor=actor, action="schooling.case.assess", before=before, old=old, on=on, note=note
    )


def seats(place: Unit) -> dict[str, tuple[int, int]]:
    """level -> (capacity, seats taken by placed or attending children) of a place."""
    capacity = dict(PlaceCapacity.objects.filter(unit=place).values_list("level", "capacity"))
    taken = dict(
        Case.objects.filter(place=place, status__in=[Status.PLACED, Status.ATTENDING])
        .values("target_level")
        .annotate(n=Count("pk"))
        .values_list("target_level", "n")
    )
    return {level: (cap, taken.get(level, 0)) for level, cap in capacity.items()}


def _route_fits_kind(route: str, kind: str) -> bool:
    """A package is taught at an SKB/PKBM; a filial class is a filial unit; a return is a school."""
    if route == Route.KESETARAAN:
        return kind in unit_kinds.EQUIVALENCY_KINDS
    if route == Route.FILIAL:
        return kind == unit_kinds.FILIAL
    return kind == unit_kinds.SEKOLAH


@transaction.atomic
def case_place(*, actor: User | None, case: Case, place: Unit, on: dt.date, note: str = "") -> Case:
    """Place an assessed child at a learning place with a free seat at the child's level."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _move(case, Status.PLACED, actor=actor, on=on)
    # Lock the place: two placements racing for its last seat are serialised here.
    place = Unit.objects.select_for_update().get(pk=place.pk)
    if place.region_id != case.region_id or place.kind not in unit_kinds.PLACE_KINDS:
        raise ValidationError({"place": _("Choose a learning place of this region.")})
    if not _route_fits_kind(case.route, place.kind):
        raise ValidationError({"place": _("This place does not teach the child's route.")})
    if case.route not in placement.routes_allowed(pathway_of(case, on)):
        raise ValidationError({"on": _("On this date the child's age calls for another route.")})
    problem = placement.placement_problem(level=case.target_level, place_levels=seats(place))
    if problem == placement.WRONG_LEVEL:
        raise ValidationError({"place": _("This place does not teach the child's level.")})
    if problem == placement.NO_ROOM:
        raise ValidationError({"place": _("This place has no free seat at the child's level.")})
    before, old = snapshot(case), case.status
    case.status, case.placed_on, case.place = Status.PLACED, on, place
    return _save_step(
        case,
        actor=actor,
        action="schooling.case.place",
        before=before,
        old=old,
        on=on,
        note=note or place.name,
    )


@transaction.atomic
def case_complete(
    *, actor: User | None, case: Case, on: dt.date, certificate: str, next_level: str = ""
) -> Case:
    """Close an attending child's case with the certificate earned (and the next level)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _move(case, Status.COMPLETED, actor=actor, on=on)
    certificate = " ".join(certificate.split())
    if not certificate:
        raise ValidationError({"certificate": _("Name the certificate or report earned.")})
    before, old = snapshot(case), case.status
    case.status, case.completed_on = Status.COMPLETED, on
    case.certificate, case.next_level, case.at_risk = certificate, next_level, False
    return _save_step(
        case,
        actor=actor,
        action="schooling.case.complete",
        before=before,
        old=old,
        on=on,
        note=certificate,
    )


@transaction.atomic
def case_close(*, actor: User | None, case: Case, reason: str, on: dt.date, note: str = "") -> Case:
    """Close an open case: moved away, refused, over age or not found (from the residu bin)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    try:
        _move(case, Status.CLOSED, actor=actor, on=on, reason=reason)
    except ValueError:
        raise ValidationError({"reason": _("Choose why the case is closed.")}) from None
    before, old = snapshot(case), case.status
    case.status, case.closed_on, case.close_reason = Status.CLOSED, on, reason
    return _save_step(
        case, actor=actor, action="schooling.case.close", before=before, old=old, on=on, note=note
    )


def open_cases_in(place: Unit) -> Q:
    """The filter of children placed or attending at a place."""
    return Q(place=place, status__in=[Status.PLACED, Status.ATTENDING])
