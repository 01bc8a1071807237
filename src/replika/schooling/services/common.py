"""What every schooling service shares: rule codes as messages, duplicates, the timeline.

The pure rules answer with codes; this is the one place where they become messages in the
language of the page being served.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from replika.core import audit
from replika.core.access import scoped
from replika.core.models import User, Wilayah
from replika.schooling.models import Case, CaseEvent, DirtyRegion, EventKind
from replika.schooling.permissions import VIEW_REGISTER
from replika.schooling.rules import identity

NIK_MESSAGES: dict[str, Promise] = {
    identity.NIK_LENGTH: gettext_lazy("The NIK must be 16 digits."),
    identity.NIK_PROVINCE: gettext_lazy("Digits 1-2 of the NIK are not a province code."),
    identity.NIK_BIRTH_DIGITS: gettext_lazy("Digits 7-12 of the NIK are not a birth date."),
    identity.NIK_BIRTH_DATE: gettext_lazy("The birth date in the NIK differs from the birth date."),
    identity.NIK_SEX: gettext_lazy("The sex digit of the NIK differs from the sex."),
    identity.NIK_SERIAL: gettext_lazy("Digits 13-16 of the NIK cannot be 0000."),
    identity.KK_LENGTH: gettext_lazy("The family card number must be 16 digits."),
    identity.KK_PROVINCE: gettext_lazy("Digits 1-2 of the family card are not a province code."),
}

# Vague duplicate answers a user may get per hour before checks outside their area stop.
OUTSIDE_PER_HOUR = 10
RATE_LIMITED = "rate_limited"
CONFLICT = "conflict"
OUTSIDE_AUDIT = "schooling.duplicate_outside_scope"

T = TypeVar("T")
P = ParamSpec("P")


def today() -> dt.date:
    """The date in Asia/Jakarta."""
    return timezone.localdate()


def identity_problem(nik: str, no_kk: str, birth_date: dt.date | None, female: bool | None) -> dict:
    """Field -> message for an invalid NIK or family card ({} when both may be right)."""
    errors: dict[str, str] = {}
    if nik:
        code = identity.nik_problem(nik, birth_date=birth_date, female=female)
        if code:
            errors["nik"] = str(NIK_MESSAGES[code])
    if no_kk:
        code = identity.kk_problem(no_kk)
        if code:
            errors["no_kk"] = str(NIK_MESSAGES[code])
    return errors


def check_not_future(field: str, day: dt.date | None) -> None:
    """Refuse a date after today."""
    if day is not None and day > today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def lock_region(region_id: int) -> None:
    """Serialise registrations in one kab/kota so that a duplicate check sees every case."""
    lock_regions([region_id])


def lock_regions(region_ids: list[int]) -> None:
    """Lock several kab/kota in one query, always in the order of their ids (no deadlock
    between two writers that lock overlapping sets)."""
    rows = Wilayah.objects.select_for_update().filter(pk__in=region_ids).order_by("pk")
    list(rows.values_list("pk", flat=True))


def conflict_error() -> ValidationError:
    """The refusal of a write that a parallel write of the same child beat."""
    return ValidationError(
        _("This child was registered by someone else a moment ago. Search before trying again."),
        code=CONFLICT,
    )


def save_new(row: models.Model) -> None:
    """Insert a row in a savepoint; a unique constraint won by a parallel insert is a conflict."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise conflict_error() from exc


def codes_of(exc: ValidationError) -> set[str]:
    """Every error code of a refusal."""
    errors = (
        [e for found in exc.error_dict.values() for e in found]
        if hasattr(exc, "error_dict")
        else exc.error_list
    )
    return {e.code for e in errors if e.code}


def status_of_refusal(exc: ValidationError) -> int:
    """The HTTP status of a refusal: 409 lost race, 429 duplicate-check limit, else 422."""
    codes = codes_of(exc)
    if CONFLICT in codes:
        return 409
    if RATE_LIMITED in codes:
        return 429
    return 422


def event(
    case: Case,
    *,
    actor: User | None,
    kind: str,
    on: dt.date,
    to_status: str = "",
    from_status: str = "",
    note: str = "",
) -> CaseEvent:
    """Add a dated, attributed step to a child's timeline."""
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        on=on,
        note=note[:255],
        actor=actor if actor is not None and actor.pk else None,
    )


def status_event(
    case: Case, *, actor: User | None, before: str, on: dt.date, note: str = ""
) -> None:
    """The timeline step of a status change."""
    event(
        case,
        actor=actor,
        kind=EventKind.STATUS,
        on=on,
        from_status=before,
        to_status=case.status,
        note=note,
    )


def mark_dirty(region_id: int) -> None:
    """Note that a kab/kota's summaries need a refresh (and queue it after the commit)."""
    DirtyRegion.objects.update_or_create(region_id=region_id)


# --- duplicates ---------------------------------------------------------------------------------


class DuplicateFound(Exception):
    """A write found the child registered already; the refusal is decided outside its
    transaction so that the audit of a hit outside the actor's area is not rolled back."""

    def __init__(self, *, found: Case, field: str, nik: str) -> None:
        super().__init__(field)
        self.found = found
        self.field = field
        self.nik = nik


def duplicates_refused(write: Callable[P, T]) -> Callable[P, T]:
    """Wrap an atomic service (keyword ``actor``): a duplicate becomes the refusal that actor
    may see, decided after the write's transaction rolled back."""

    @functools.wraps(write)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return write(*args, **kwargs)
        except DuplicateFound as dup:
            actor = kwargs.get("actor")
            raise duplicate_refusal(
                actor=actor if isinstance(actor, User) else None, dup=dup
            ) from None

    return wrapper


def may_see(actor: User | None, case: Case) -> bool:
    """Whether the actor may see this case (no actor: the system, which sees all)."""
    if actor is None or not actor.pk:
        return True
    return scoped(Case.objects.filter(pk=case.pk), actor, VIEW_REGISTER).exists()


def duplicate_refusal(*, actor: User | None, dup: DuplicateFound) -> ValidationError:
    """Inside the actor's area the refusal names the nagari and case number; outside it is
    vague, counted per user and hour, and audited with the NIK as a keyed hash."""
    if may_see(actor, dup.found):
        return ValidationError(
            {
                dup.field: _("Already registered as case %(number)s in %(place)s.")
                % {"number": dup.found.pk, "place": dup.found.location.name}
            }
        )
    return outside_refusal(actor=actor, field=dup.field, nik=dup.nik)


def outside_refusal(*, actor: User | None, field: str, nik: str) -> ValidationError:
    """The vague refusal of a duplicate outside the actor's area: counted and audited."""
    allowed = _count(actor)
    if actor is not None and actor.pk:
        audit.record(
            actor=actor,
            action=OUTSIDE_AUDIT,
            instance=actor,
            before={},
            after={},
            extra={"nik_hmac": nik_digest(nik), "rate_limited": not allowed},
        )
    if not allowed:
        message = _(
            "Too many possible duplicates outside your area in the last hour. "
            "Try again later or contact the Dinas Pendidikan."
        )
        return ValidationError({field: ValidationError(message, code=RATE_LIMITED)})
    return ValidationError(
        {field: _("Possibly already registered in another area — contact the Dinas Pendidikan.")}
    )


def _count(actor: User | None) -> bool:
    """Count one vague answer for the actor this hour; False past the hourly limit."""
    if actor is None or not actor.pk:
        return True
    key = f"schooling:duplicate-outside:{actor.pk}:{int(time.time() // 3600)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= OUTSIDE_PER_HOUR


def nik_digest(nik: str) -> str:
    """A keyed hash of a NIK: equal NIKs match in the audit, the NIK itself is not there."""
    return salted_hmac("schooling.duplicate-outside", nik).hexdigest()[:20] if nik else ""


def find_duplicate(
    *,
    nik: str,
    no_kk: str,
    name_key: str,
    birth_date: dt.date,
    guardian_key: str,
    region_id: int,
    exclude: int | None = None,
) -> tuple[Case, str] | None:
    """An already registered child and the field that matched: the same NIK; the same family
    card and name; or the same name, birth date and guardian in the kab/kota."""
    cases = Case.objects.select_related("location")
    if exclude is not None:
        cases = cases.exclude(pk=exclude)
    if nik:
        found = cases.filter(nik=nik).first()
        if found is not None:
            return found, "nik"
    if no_kk:
        found = cases.filter(no_kk=no_kk, name_key=name_key).first()
        if found is not None:
            return found, "no_kk"
    found = (
        cases.filter(
            region_id=region_id,
            name_key=name_key,
            birth_date=birth_date,
            guardian_key=guardian_key,
        )
        .order_by("pk")
        .first()
    )
    return (found, "name") if found is not None else None
