"""Writes of the registries: entries (each with its own core unit), photos and products."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from replika.core import audit, cache
from replika.core import services as core_services
from replika.core.access import require_in
from replika.core.models import User, Wilayah, snapshot
from replika.core.uploads import check_evidence
from replika.tourism.models import Place, PlaceKind, PlacePhoto, Product
from replika.tourism.permissions import CHANGE_REGISTRY
from replika.tourism.rules.limits import SUMBAR_LATITUDE, SUMBAR_LONGITUDE
from replika.tourism.settings_schema import settings_for

# The fields a registry form may set (besides kind, region and location).
EDITABLE = (
    "name",
    "category",
    "themes",
    "description",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "ticket_domestic",
    "ticket_foreign",
    "facilities",
    "manager",
    "phone",
    "email",
    "website",
    "licence_nib",
    "star_class",
    "rooms",
    "beds",
    "village_stage",
    "pokdarwis",
    "homestays",
    "subsector",
    "operating_since",
    "exempt",
    "published",
)
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _district_of(location: Wilayah | None) -> Wilayah | None:
    """The kecamatan of a location (itself when it is one)."""
    if location is None:
        return None
    if location.level == Wilayah.DISTRICT:
        return location
    return location.parent if location.level == Wilayah.VILLAGE else None


def _check_place(region: Wilayah, location: Wilayah | None, data: dict[str, Any]) -> None:
    """What the region's settings and the geography say about an entry's fields.

    Coordinates are rounded to the six decimals stored (about 10 cm) on the way.
    """
    for key in ("latitude", "longitude"):
        if data.get(key) is not None:
            data[key] = as_decimal(data[key])
    settings = settings_for(region)
    errors: dict[str, str] = {}
    if location is not None and not location.code.startswith(region.subtree_prefix):
        errors["location"] = _("The place is not inside the region.")
    category = data.get("category") or ""
    if category and category not in settings.categories:
        errors["category"] = _("Choose one of the region's categories.")
    subsector = data.get("subsector") or ""
    if subsector and subsector not in settings.subsectors:
        errors["subsector"] = _("Choose one of the region's subsectors.")
    unknown = [t for t in data.get("themes") or [] if t not in settings.themes]
    if unknown:
        errors["themes"] = _("Choose among the region's themes.")
    lat, lon = data.get("latitude"), data.get("longitude")
    if (lat is None) != (lon is None):
        errors["longitude" if lon is None else "latitude"] = _(
            "Give both latitude and longitude, or neither."
        )
    elif lat is not None and lon is not None:
        if not SUMBAR_LATITUDE[0] <= float(lat) <= SUMBAR_LATITUDE[1]:
            errors["latitude"] = _("This point lies outside Sumatera Barat.")
        if not SUMBAR_LONGITUDE[0] <= float(lon) <= SUMBAR_LONGITUDE[1]:
            errors["longitude"] = _("This point lies outside Sumatera Barat.")
    rooms, beds = data.get("rooms"), data.get("beds")
    if rooms is not None and beds is not None and beds < rooms:
        errors["beds"] = _("Beds cannot be fewer than rooms.")
    if errors:
        raise ValidationError(errors)


def _refresh_portal() -> None:
    """Once the change commits, the portal's cached pages show it."""
    transaction.on_commit(lambda: cache.bump("tourism"))


def _save(place: Place) -> None:
    """Validate and save, turning a lost race on the unique name into a field error."""
    place.full_clean(exclude=["unit", "region", "location", "district"])
    try:
        with transaction.atomic():
            place.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"name": _("The region already has an entry of this kind with this name.")}
        ) from exc


@transaction.atomic
def place_create(
    *,
    actor: User | None,
    region: Wilayah,
    kind: str,
    location: Wilayah | None = None,
    is_demo: bool = False,
    **data: Any,
) -> Place:
    """Register an entry in a region, with the core unit its operator's role is held at."""
    if actor is not None:
        require_in(actor, CHANGE_REGISTRY, region)
    if kind not in PlaceKind.values:
        raise ValidationError({"kind": _("Unknown kind of entry.")})
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_place(region, location, data)
    if Place.objects.filter(region=region, kind=kind, name=data.get("name", "")).exists():
        raise ValidationError(
            {"name": _("The region already has an entry of this kind with this name.")}
        )
    unit = core_services.unit_create(
        actor=actor, kind=kind, name=data.get("name", "")[:160], region=region, location=location
    )
    place = Place(
        region=region,
        location=location,
        district=_district_of(location),
        unit=unit,
        kind=kind,
        is_demo=is_demo,
        **{k: v for k, v in data.items() if v is not None},
    )
    _save(place)
    audit.record(actor=actor, action="tourism.place.create", instance=place)
    _refresh_portal()
    return place


@transaction.atomic
def place_update(
    *, actor: User | None, place: Place, location: Wilayah | None = None, **data: Any
) -> Place:
    """Change an entry's fields (the operator their own, the office any in its region)."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_place(place.region, location, data)
    before = snapshot(place)
    place.location = location
    place.district = _district_of(location)
    for key, value in data.items():
        setattr(place, key, value)
    _save(place)
    if place.unit.name != place.name or place.unit.location_id != place.location_id:
        place.unit.name = place.name
        place.unit.location = location
        place.unit.save(update_fields=["name", "location"])
    audit.record(actor=actor, action="tourism.place.update", instance=place, before=before)
    _refresh_portal()
    return place


@transaction.atomic
def photo_add(
    *, actor: User | None, place: Place, upload: UploadedFile, caption: str = ""
) -> PlacePhoto:
    """Store a photo of an entry: a PNG or JPEG up to 5 MB whose content matches its name."""
    checked = check_evidence(upload, field="image", max_bytes=PHOTO_MAX_BYTES)
    if checked.content_type not in ("image/png", "image/jpeg"):
        raise ValidationError({"image": _("Only PNG or JPEG photos are accepted.")})
    upload.name = checked.display_name
    photo = PlacePhoto(
        place=place,
        image=upload,
        caption=caption.strip()[:160],
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    photo.save()
    audit.record(
        actor=actor,
        action="tourism.photo.add",
        instance=photo,
        after={"place": place.pk, "caption": photo.caption, "size": photo.size},
    )
    _refresh_portal()
    return photo


@transaction.atomic
def product_add(
    *,
    actor: User | None,
    place: Place,
    name: str,
    kind: str = "produk",
    price: int | None = None,
    description: str = "",
) -> Product:
    """Add a product (creative-economy actor) or a package (tourism village) to an entry."""
    name = name.strip()
    if place.kind not in (PlaceKind.CREATIVE, PlaceKind.VILLAGE, PlaceKind.TRAVEL_AGENT):
        raise ValidationError(
            {"name": _("Only creative-economy actors, villages and travel agents list products.")}
        )
    if Product.objects.filter(place=place, name=name).exists():
        raise ValidationError({"name": _("This entry already lists a product with this name.")})
    product = Product(place=place, kind=kind, name=name, price=price, description=description)
    product.full_clean(exclude=["place"])
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"name": _("This entry already lists a product with this name.")}
        ) from exc
    audit.record(actor=actor, action="tourism.product.add", instance=product)
    _refresh_portal()
    return product


def as_decimal(value: float | Decimal | None) -> Decimal | None:
    """A coordinate as the model stores it (6 decimals)."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)
