"""The registries: attractions, accommodation, restaurants, travel agents, villages, ekraf."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, Wilayah
from replika.core.tenancy import Tenant


class PlaceKind(models.TextChoices):
    """The kinds of registry entry; each code is also the kind of the entry's core unit."""

    ATTRACTION = "dtw", _("Tourist attraction")
    ACCOMMODATION = "akomodasi", _("Accommodation")
    RESTAURANT = "restoran", _("Restaurant")
    TRAVEL_AGENT = "biro_perjalanan", _("Travel agent")
    VILLAGE = "desa_wisata", _("Tourism village")
    CREATIVE = "pelaku_ekraf", _("Creative-economy actor")


class VillageStage(models.TextChoices):
    RINTISAN = "rintisan", _("Pioneering (rintisan)")
    BERKEMBANG = "berkembang", _("Developing (berkembang)")
    MAJU = "maju", _("Advanced (maju)")
    MANDIRI = "mandiri", _("Independent (mandiri)")


class Place(models.Model):
    """One registry entry; its core unit is where its operator's role is held."""

    region = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    # The nagari/kelurahan/desa (or at least the kecamatan) the entry lies in.
    location = models.ForeignKey(
        Wilayah,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("nagari / kelurahan"),
    )
    # The kecamatan, kept for statistics by kecamatan without walking the tree.
    district = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="tourism_place")
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=160)
    category = models.CharField(_("category"), max_length=60, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    ticket_domestic = models.PositiveIntegerField(_("ticket, domestic (Rp)"), null=True, blank=True)
    ticket_foreign = models.PositiveIntegerField(_("ticket, foreign (Rp)"), null=True, blank=True)
    facilities = models.TextField(_("facilities"), blank=True)
    manager = models.CharField(_("manager"), max_length=160, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    licence_nib = models.CharField(_("business licence (NIB)"), max_length=13, blank=True)
    # Accommodation: 0 is non-star (hotel melati, homestay, guesthouse), 1–5 the star class.
    star_class = models.PositiveSmallIntegerField(_("star class"), null=True, blank=True)
    rooms = models.PositiveIntegerField(_("rooms"), null=True, blank=True)
    beds = models.PositiveIntegerField(_("beds"), null=True, blank=True)
    # Tourism village.
    village_stage = models.CharField(
        _("village class"), max_length=12, choices=VillageStage.choices, blank=True
    )
    pokdarwis = models.CharField(_("Pokdarwis / BUMNag"), max_length=160, blank=True)
    homestays = models.PositiveIntegerField(_("homestays"), null=True, blank=True)
    # Creative-economy actor.
    subsector = models.CharField(_("subsector"), max_length=60, blank=True)
    # The month from which the entry operates (reports are owed from then on).
    operating_since = models.DateField(_("operating since"), default=timezone.localdate)
    exempt = models.BooleanField(
        _("exempt from monthly reports"),
        default=False,
        help_text=_("Set by the tourism office, e.g. while the place is closed for works."),
    )
    published = models.BooleanField(_("shown on the public portal"), default=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    tenant = Tenant(region="region", location="location", unit_path="unit__path", module="tourism")

    class Meta:
        ordering: ClassVar = ["name", "pk"]
        verbose_name = _("registry entry")
        verbose_name_plural = _("registry entries")
        indexes: ClassVar = [
            models.Index(fields=["region", "kind"]),
            models.Index(fields=["kind", "published"]),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "kind", "name"], name="tourism_place_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(beds__isnull=True) | Q(rooms__isnull=True) | Q(beds__gte=F("rooms")),
                name="tourism_place_beds_cover_rooms",
            ),
            models.CheckConstraint(
                condition=Q(star_class__isnull=True) | Q(star_class__lte=5),
                name="tourism_place_star_class_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="tourism_place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="tourism_place_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PlacePhoto(models.Model):
    """A photo of an entry, checked by content (PNG or JPEG) before it is stored."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="tourism/photos/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=160, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    tenant = Tenant(
        region="place__region",
        location="place__location",
        unit_path="place__unit__path",
        module="tourism",
    )

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.caption or f"photo {self.pk}"


class ProductKind(models.TextChoices):
    PRODUCT = "produk", _("Product")
    PACKAGE = "paket", _("Tour package")


class Product(models.Model):
    """A creative-economy product or a tourism village's package."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="products")
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProductKind.choices, default=ProductKind.PRODUCT
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    price = models.PositiveIntegerField(_("price (Rp)"), null=True, blank=True)
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant = Tenant(
        region="place__region",
        location="place__location",
        unit_path="place__unit__path",
        module="tourism",
    )

    class Meta:
        ordering: ClassVar = ["name", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["place", "name"], name="tourism_product_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
