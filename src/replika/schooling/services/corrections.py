"""Correcting a registered case: the checks of a registration, duplicates refused as the
actor may see them, and a stale form refused instead of silently undoing someone's change.

A form (or an API client) carries the case's *version*: a keyed fingerprint of the values
it was drawn from. Any writer that changed one of them since (another operator, an import,
the API) changes the fingerprint, so the save is refused as a conflict; no writer has to
remember to bump a counter for this to hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.access import can_in
from replika.core.models import User, Wilayah, snapshot
from replika.schooling.models import Case, EventKind, Status
from replika.schooling.permissions import CORRECT_CASE, REPORT_CASE
from replika.schooling.rules import corrections, identity
from replika.schooling.selectors.cases import correction_right
from replika.schooling.services.cases import ChildIn, check_child, child_values
from replika.schooling.services.common import (
    CONFLICT,
    DuplicateFound,
    conflict_error,
    duplicates_refused,
    event,
    find_duplicate,
    lock_region,
    mark_dirty,
    today,
)


@dataclass(frozen=True)
class Corrected:
    """A correction's outcome: the case as stored now and the fields it changed."""

    case: Case
    fields: list[str]


def version_of(case: Case) -> str:
    """A keyed fingerprint of a case's correctable values (no value can be read back)."""
    values = "\x1f".join(repr(getattr(case, name)) for name in corrections.CORRECTABLE)
    return salted_hmac("schooling.case-version", values).hexdigest()[:24]


def _refuse_lost_right(case: Case) -> ValidationError:
    """The answer to a reporter whose case moved on (or who lost the role) meanwhile."""
    if case.status != Status.REPORTED:
        message = _(
            "This case was %(status)s meanwhile: only the Dinas Pendidikan can correct it now."
        ) % {"status": case.get_status_display().lower()}
    else:
        message = _("You may no longer correct this case.")
    return ValidationError(message, code=CONFLICT)


def stale_error() -> ValidationError:
    """The refusal of a form drawn from values someone else has changed since."""
    return ValidationError(
        _(
            "Someone else changed this case after you opened the form. Check the values "
            "stored now (shown above the form) and save again."
        ),
        code=CONFLICT,
    )


def _check_location(actor: User | None, case: Case, location: Wilayah, right: str) -> None:
    """A case moves between nagari of its kab/kota and within the actor's area only."""
    if location.pk == case.location_id:
        return
    if location.level != Wilayah.VILLAGE or location.region_code() != case.region.code:
        raise ValidationError(
            {
                "location": _(
                    "Choose a nagari or kelurahan of this regency/city. A child who moved "
                    "to another one is closed here (moved away) and reported there."
                )
            }
        )
    perm = CORRECT_CASE if right == "office" else REPORT_CASE
    if actor is not None and not can_in(actor, perm, location):
        raise ValidationError({"location": _("Choose a nagari or kelurahan of your area.")})


@duplicates_refused
@transaction.atomic
def case_correct(*, actor: User | None, case: Case, child: ChildIn, version: str) -> Corrected:
    """Correct a case's identity, address, guardian, last school, reason, source and flags.

    Refused: a form drawn from values changed since (``version``), a reporter whose case
    was verified meanwhile, what a registration would refuse, and a duplicate of another
    registered child (told as the actor may see it). The change is audited with its before
    and after values and put on the case's timeline.
    """
    # The kab/kota first, as registrations and imports lock it: the same order everywhere.
    lock_region(case.region_id)
    case = Case.objects.select_for_update().select_related("region", "location").get(pk=case.pk)
    right = correction_right(actor, case) if actor is not None else "office"
    if not right:
        raise _refuse_lost_right(case)
    if version != version_of(case):
        raise stale_error()
    _check_location(actor, case, child.location, right)
    child.reported_on = case.reported_on
    errors = check_child(child, case.region)
    if errors:
        raise ValidationError(errors)
    wanted = child_values(child)
    stored = {name: getattr(case, name) for name in corrections.CORRECTABLE}
    changed = corrections.changed_fields(stored, wanted)
    if not changed:
        return Corrected(case, [])
    name_key = identity.name_key(wanted["name"])
    guardian_key = identity.name_key(wanted["guardian_name"])
    if corrections.needs_duplicate_check(changed):
        found = find_duplicate(
            nik=wanted["nik"],
            no_kk=wanted["no_kk"],
            name_key=name_key,
            birth_date=wanted["birth_date"],
            guardian_key=guardian_key,
            region_id=case.region_id,
            exclude=case.pk,
        )
        if found is not None:
            raise DuplicateFound(found=found[0], field=found[1], nik=wanted["nik"])
    before = snapshot(case)
    for name in changed:
        setattr(case, name, wanted[name])
    if "location_id" in changed:
        case.location = child.location
    case.name_key, case.guardian_key = name_key, guardian_key
    try:
        with transaction.atomic():
            case.save(update_fields=[*changed, "name_key", "guardian_key", "updated_at"])
    except IntegrityError as exc:
        # A registration elsewhere took the NIK between the check and the save.
        raise conflict_error() from exc
    audit.record(actor=actor, action="schooling.case.correct", instance=case, before=before)
    fields = [name.removesuffix("_id") for name in changed]
    event(case, actor=actor, kind=EventKind.EDIT, on=today(), note=",".join(fields))
    mark_dirty(case.region_id)
    return Corrected(case, fields)
