"""Forms of the registries: an entry, a photo, a product."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from replika.core.forms import LocalizedDecimalField
from replika.core.models import Wilayah
from replika.tourism.forms.fields import count, date
from replika.tourism.models import PlaceKind, ProductKind, VillageStage
from replika.tourism.settings_schema import TourismSettings

STAR_CHOICES = [("", "—"), ("0", _("Non-star")), *[(str(n), str(n)) for n in range(1, 6)]]


class PlaceForm(forms.Form):
    """A registry entry; which fields matter depends on its kind."""

    region: forms.ModelChoiceField[Wilayah] = forms.ModelChoiceField(
        label=_("Regency / city"), queryset=Wilayah.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaceKind.choices)
    name = forms.CharField(label=_("Name"), max_length=160)
    location: forms.ModelChoiceField[Wilayah] = forms.ModelChoiceField(
        label=_("Nagari / kelurahan or kecamatan"),
        queryset=Wilayah.objects.none(),
        to_field_name="code",
        required=False,
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    themes = forms.MultipleChoiceField(
        label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=255)
    latitude = LocalizedDecimalField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        decimal_places=6,
        help_text=_("For example -0.305 (south of the equator is negative)."),
    )
    longitude = LocalizedDecimalField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, decimal_places=6
    )
    opening_hours = forms.CharField(label=_("Opening hours"), required=False, max_length=120)
    ticket_domestic = count(_("Ticket, domestic visitor (Rp)"), "ticket_price", required=False)
    ticket_foreign = count(_("Ticket, foreign visitor (Rp)"), "ticket_price", required=False)
    facilities = forms.CharField(
        label=_("Facilities"), required=False, max_length=2000, widget=forms.Textarea
    )
    manager = forms.CharField(label=_("Manager"), required=False, max_length=160)
    phone = forms.RegexField(
        label=_("Phone / WhatsApp"),
        required=False,
        max_length=20,
        regex=r"^\+?[0-9 -]{6,20}$",
        error_messages={"invalid": _("Digits, spaces, dashes and a leading + only.")},
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    licence_nib = forms.RegexField(
        label=_("Business licence number (NIB)"),
        required=False,
        regex=r"^\d{13}$",
        error_messages={"invalid": _("A NIB has 13 digits.")},
    )
    star_class = forms.TypedChoiceField(
        label=_("Star class"), required=False, choices=STAR_CHOICES, coerce=int, empty_value=None
    )
    rooms = count(_("Rooms"), "rooms", required=False)
    beds = count(_("Beds"), "beds", required=False)
    village_stage = forms.ChoiceField(
        label=_("Village class"), required=False, choices=[("", "—"), *VillageStage.choices]
    )
    pokdarwis = forms.CharField(label=_("Pokdarwis / BUMNag"), required=False, max_length=160)
    homestays = count(_("Homestays"), "homestays", required=False)
    subsector = forms.ChoiceField(label=_("Creative-economy subsector"), required=False)
    operating_since = date(_("Operating since"), required=False)
    exempt = forms.BooleanField(label=_("Exempt from monthly reports"), required=False)
    published = forms.BooleanField(
        label=_("Show on the public portal"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        regions: QuerySet[Wilayah],
        locations: QuerySet[Wilayah],
        settings: TourismSettings,
        office: bool,
        creating: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions
        cast(forms.ModelChoiceField, self.fields["location"]).queryset = locations
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", "—"),
            *[(c, c) for c in settings.categories],
        ]
        cast(forms.ChoiceField, self.fields["themes"]).choices = [(t, t) for t in settings.themes]
        cast(forms.ChoiceField, self.fields["subsector"]).choices = [
            ("", "—"),
            *[(s, s) for s in settings.subsectors],
        ]
        if not creating:
            del self.fields["region"]
            del self.fields["kind"]
        if not office:
            # Only the office exempts an operator or sets a village's class by hand.
            del self.fields["exempt"]
            del self.fields["village_stage"]
            del self.fields["operating_since"]

    def data_for_service(self) -> dict[str, Any]:
        """The cleaned values the registry service takes (region, kind, location apart)."""
        data = dict(self.cleaned_data)
        for key in ("region", "kind", "location"):
            data.pop(key, None)
        if data.get("operating_since") is None:
            data.pop("operating_since", None)
        return data


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo (PNG or JPEG, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=160)


class ProductForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProductKind.choices)
    name = forms.CharField(label=_("Name"), max_length=160)
    price = count(_("Price (Rp)"), "price", required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea
    )
