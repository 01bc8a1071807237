"""Registry pages: the list of entries, an entry's page, its form, photos and products."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.core.models import Wilayah
from replika.tourism.forms.registry import PhotoForm, PlaceForm, ProductForm
from replika.tourism.models import Place, PlaceKind
from replika.tourism.permissions import CHANGE_REGISTRY, VIEW_REGISTRY
from replika.tourism.selectors import registry as sel
from replika.tourism.services import registry as services
from replika.tourism.settings_schema import settings_for

PAGE_SIZE = 50


@module_page("tourism", VIEW_REGISTRY)
def places(request: AuthedHttpRequest) -> HttpResponse:
    """The entries the user may see, filtered by kind and name."""
    kind = request.GET.get("jenis", "")
    if kind not in PlaceKind.values:
        kind = ""
    query = request.GET.get("q", "")[:100]
    qs = sel.places(request.user, kind=kind, query=query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": PlaceKind.choices,
        "kind": kind,
        "q": query,
        "office": sel.is_office(request.user),
    }
    return render(request, "tourism/places.html", context)


def _place_form(request: HttpRequest, *, region: Wilayah, creating: bool, **kw: Any) -> PlaceForm:
    regions = sel.region_choices(request.user, CHANGE_REGISTRY)
    return PlaceForm(
        request.POST or None,
        regions=regions,
        locations=sel.locations_in(regions if creating else Wilayah.objects.filter(pk=region.pk)),
        settings=settings_for(region),
        office=sel.is_office(request.user),
        creating=creating,
        **kw,
    )


@module_page("tourism", CHANGE_REGISTRY)
def place_new(request: AuthedHttpRequest) -> HttpResponse:
    """Register an entry (the office of the region)."""
    if not sel.is_office(request.user):
        raise Http404
    regions = sel.region_choices(request.user, CHANGE_REGISTRY)
    region = request.region if request.region in regions else regions.first()
    if region is None:
        raise Http404
    form = _place_form(
        request,
        region=region,
        creating=True,
        initial={"region": region.code, "published": True},
    )

    def save(data: dict[str, Any]) -> Place:
        return services.place_create(
            actor=request.user,
            region=data["region"],
            kind=data["kind"],
            location=data.get("location"),
            **form.data_for_service(),
        )

    return form_page(
        request,
        form,
        "tourism/place_form.html",
        save=save,
        done=lambda place: saved(request, _("Entry registered."), "tourism:place", pk=place.pk),
        context={"creating": True},
    )


@module_page("tourism", VIEW_REGISTRY)
def place_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    place = sel.place(request.user, pk)
    context = {
        "place": place,
        "photos": sel.photos_of(request.user, place),
        "products": place.products.all(),
        "reports": sel.reports_of(request.user, place)[:12],
        "assessments": sel.assessments_of(request.user, place)[:5],
        "may_change": sel.places(request.user, perm=CHANGE_REGISTRY).filter(pk=place.pk).exists(),
    }
    return render(request, "tourism/place_detail.html", context)


_INITIAL_FIELDS = [name for name in services.EDITABLE]


@module_page("tourism", CHANGE_REGISTRY)
def place_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    place = sel.place_to_change(request.user, pk)
    initial = {name: getattr(place, name) for name in _INITIAL_FIELDS}
    initial["location"] = place.location.code if place.location else ""
    form = _place_form(request, region=place.region, creating=False, initial=initial)

    def save(data: dict[str, Any]) -> Place:
        return services.place_update(
            actor=request.user,
            place=place,
            location=data.get("location"),
            **form.data_for_service(),
        )

    return form_page(
        request,
        form,
        "tourism/place_form.html",
        save=save,
        done=lambda p: saved(request, _("Entry saved."), "tourism:place", pk=p.pk),
        context={"place": place, "creating": False},
    )


@module_page("tourism", CHANGE_REGISTRY)
def photo_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    place = sel.place_to_change(request.user, pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        "tourism/photo_form.html",
        save=lambda data: services.photo_add(
            actor=request.user, place=place, upload=data["image"], caption=data["caption"]
        ),
        done=lambda _photo: saved(request, _("Photo added."), "tourism:place", pk=place.pk),
        context={"place": place},
    )


@module_page("tourism", VIEW_REGISTRY)
def photo(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """A photo of an entry the user may see (unpublished entries' photos too)."""
    found = sel.photo(request.user, pk)
    return FileResponse(found.image.open("rb"), content_type=found.content_type)


@module_page("tourism", CHANGE_REGISTRY)
def product_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    place = sel.place_to_change(request.user, pk)
    form = ProductForm(request.POST or None)
    return form_page(
        request,
        form,
        "tourism/product_form.html",
        save=lambda data: services.product_add(actor=request.user, place=place, **data),
        done=lambda _p: saved(request, _("Product added."), "tourism:place", pk=place.pk),
        context={"place": place},
    )


def place_url(place: Place) -> str:
    return reverse("tourism:place", args=[place.pk])


urlpatterns = [
    path("tempat/", places, name="places"),
    path("tempat/baru/", place_new, name="place_new"),
    path("tempat/<int:pk>/", place_detail, name="place"),
    path("tempat/<int:pk>/ubah/", place_edit, name="place_edit"),
    path("tempat/<int:pk>/foto/", photo_add, name="photo_add"),
    path("tempat/<int:pk>/produk/", product_add, name="product_add"),
    path("foto/<int:pk>/", photo, name="photo"),
]
