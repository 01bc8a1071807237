"""Duplicate refusals that say where only to those who may see there.

A NIK's digits 7-12 are the birth date, so guessing NIKs is cheap: a refusal naming the
posyandu of a child the user may not see would tell a stranger where that child lives.
Inside the user's scope the refusal names the posyandu; outside it says only that the person
may be registered elsewhere, is counted per user and hour (refused past a limit) and audited,
with the NIK as a keyed hash, never in clear.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.access import scoped
from replika.core.models import User
from replika.nutrition.permissions import VIEW_REGISTER

# Vague answers a user may get per hour before duplicate checks outside their scope stop.
OUTSIDE_PER_HOUR = 10
# The code of the refusal past that limit (pages answer it 429).
RATE_LIMITED = "rate_limited"
AUDIT_ACTION = "nutrition.duplicate_outside_scope"

T = TypeVar("T")
P = ParamSpec("P")


class DuplicateFound(Exception):
    """A write found the person registered already; the refusal is decided outside its
    transaction so that the audit of a cross-region hit is not rolled back with the write."""

    def __init__(self, *, found: models.Model, field: str, nik: str, register: str) -> None:
        super().__init__(field)
        self.found = found
        self.field = field
        self.nik = nik
        self.register = register


def duplicates_refused(write: Callable[P, T]) -> Callable[P, T]:
    """Wrap an atomic register service (keyword ``actor``): a duplicate it found becomes the
    refusal that actor may see, decided after the write's transaction rolled back."""

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


def may_see(actor: User | None, row: models.Model) -> bool:
    """Whether the actor may see this register row (no actor: the system, which sees all)."""
    if actor is None or not actor.pk:
        return True
    return scoped(type(row)._default_manager.filter(pk=row.pk), actor, VIEW_REGISTER).exists()


def duplicate_refusal(*, actor: User | None, dup: DuplicateFound) -> ValidationError:
    """The refusal of a duplicate: its posyandu inside the actor's scope, vague outside it."""
    if may_see(actor, dup.found):
        unit = getattr(dup.found, "unit", None)
        return ValidationError(
            {dup.field: _("Already registered at %(unit)s.") % {"unit": getattr(unit, "name", "")}}
        )
    return outside_refusal(actor=actor, field=dup.field, nik=dup.nik, register=dup.register)


def outside_refusal(*, actor: User | None, field: str, nik: str, register: str) -> ValidationError:
    """The vague refusal of a duplicate outside the actor's scope: counted and audited."""
    allowed = _count(actor)
    _audit(actor, register=register, nik=nik, limited=not allowed)
    if not allowed:
        return ValidationError(
            {
                field: ValidationError(
                    _(
                        "Too many possible duplicates outside your area in the last hour. "
                        "Try again later or contact the puskesmas."
                    ),
                    code=RATE_LIMITED,
                )
            }
        )
    return ValidationError(
        {field: _("Possibly already registered in another area — contact the puskesmas.")}
    )


def is_rate_limited(exc: ValidationError) -> bool:
    """Whether a service's refusal is the duplicate-check limit (answered 429)."""
    errors = (
        [e for found in exc.error_dict.values() for e in found]
        if hasattr(exc, "error_dict")
        else exc.error_list
    )
    return any(e.code == RATE_LIMITED for e in errors)


def _count(actor: User | None) -> bool:
    """Count one vague answer for the actor this hour; False past the hourly limit."""
    if actor is None or not actor.pk:
        return True
    key = f"nutrition:duplicate-outside:{actor.pk}:{int(time.time() // 3600)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first answer of a new hour.
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= OUTSIDE_PER_HOUR


def nik_digest(nik: str) -> str:
    """A keyed hash of a NIK: equal NIKs match in the audit, the NIK itself is not there."""
    return salted_hmac("nutrition.duplicate-outside", nik).hexdigest()[:20] if nik else ""


def _audit(actor: User | None, *, register: str, nik: str, limited: bool) -> None:
    """Audit a duplicate hit outside the actor's scope (who, which register, no place)."""
    if actor is None or not actor.pk:
        return
    audit.record(
        actor=actor,
        action=AUDIT_ACTION,
        instance=actor,
        before={},
        after={},
        extra={"register": register, "nik_hmac": nik_digest(nik), "rate_limited": limited},
    )
