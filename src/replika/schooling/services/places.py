"""Learning places: a school, SKB, PKBM or filial class with its seats per level."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from replika.core import audit, services
from replika.core.models import Unit, User, Wilayah
from replika.schooling import unit_kinds
from replika.schooling.models import Level, PlaceCapacity, PlaceProfile
from replika.schooling.rules import placement

MAX_SEATS = 5000

# Which levels each kind of place may teach.
KIND_LEVELS = {
    unit_kinds.SEKOLAH: placement.SCHOOL_LEVELS,
    unit_kinds.FILIAL: placement.SCHOOL_LEVELS,
    unit_kinds.SKB: tuple(placement.PACKAGE_OF.values()),
    unit_kinds.PKBM: tuple(placement.PACKAGE_OF.values()),
}


def _check_capacity(kind: str, capacity: dict[str, int]) -> dict[str, str]:
    """Problems of a place's seats, on the level at fault (``seats_<LEVEL>``): a level its
    kind does not teach, seats out of range; and none at all on the whole form."""
    errors: dict[str, str] = {}
    allowed = KIND_LEVELS[kind]
    for level, seats in capacity.items():
        key = f"seats_{level}"
        if level not in Level.values or (seats and level not in allowed):
            errors[key] = _("This kind of place does not teach %(level)s.") % {"level": level}
        elif not 0 <= seats <= MAX_SEATS:
            errors[key] = _("Seats must be between 0 and %(max)s.") % {"max": MAX_SEATS}
    if not errors and not any(capacity.values()):
        errors[NON_FIELD_ERRORS] = _("Give the seats of at least one level.")
    return errors


@transaction.atomic
def place_create(
    *,
    actor: User | None,
    kind: str,
    name: str,
    location: Wilayah,
    capacity: dict[str, int],
    npsn: str = "",
    parent: Unit | None = None,
    address: str = "",
) -> Unit:
    """Add a learning place with its seats; a filial class hangs under its parent school."""
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if kind not in unit_kinds.PLACE_KINDS:
        errors["kind"] = _("Choose a school, SKB, PKBM or filial class.")
    if not name:
        errors["name"] = _("Enter the name of the place.")
    if location.level != Wilayah.VILLAGE:
        errors["location"] = _("Choose a nagari, kelurahan or desa.")
    if npsn and not (len(npsn) == 8 and npsn.isdigit()):
        errors["npsn"] = _("The NPSN must be 8 digits.")
    if kind == unit_kinds.FILIAL:
        if parent is None or parent.kind != unit_kinds.SEKOLAH:
            errors["parent"] = _("A filial class is attached to a parent school.")
    elif parent is not None:
        errors["parent"] = _("Only a filial class has a parent school.")
    if (
        parent is not None
        and location.level == Wilayah.VILLAGE
        and (parent.region.code != location.region_code())
    ):
        errors["parent"] = _("The parent school is in another region.")
    if kind in unit_kinds.PLACE_KINDS:
        errors.update(_check_capacity(kind, capacity))
    if errors:
        raise ValidationError(errors)
    region = Wilayah.objects.get(code=location.region_code())
    unit = services.unit_create(
        actor=actor, kind=kind, name=name, region=region, location=location, parent=parent
    )
    try:
        with transaction.atomic():
            PlaceProfile.objects.create(unit=unit, npsn=npsn, address=address[:255])
    except IntegrityError:
        raise ValidationError({"npsn": _("Another place has this NPSN.")}) from None
    for level, seats in capacity.items():
        if seats:
            PlaceCapacity.objects.create(unit=unit, level=level, capacity=seats)
    audit.record(
        actor=actor, action="schooling.place.create", instance=unit, extra={"capacity": capacity}
    )
    return unit


@transaction.atomic
def capacity_set(*, actor: User | None, place: Unit, capacity: dict[str, int]) -> Unit:
    """Change a place's seats per level (a level at 0 seats is no longer taught)."""
    errors = _check_capacity(place.kind, capacity)
    if errors:
        raise ValidationError(errors)
    before = dict(PlaceCapacity.objects.filter(unit=place).values_list("level", "capacity"))
    for level, seats in capacity.items():
        if seats:
            PlaceCapacity.objects.update_or_create(
                unit=place, level=level, defaults={"capacity": seats}
            )
        else:
            PlaceCapacity.objects.filter(unit=place, level=level).delete()
    audit.record(
        actor=actor,
        action="schooling.place.capacity",
        instance=place,
        extra={"before": before, "after": capacity},
    )
    return place
