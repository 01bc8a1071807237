"""The public portal: search and filter, detail pages, events, products, map, statistics.

No sign-in; anonymous answers are cached (``core.cache``) and the cache is refreshed when a
report, an event or an entry changes the figures behind them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from replika.core import cache
from replika.core.cache import public_page
from replika.core.models import Wilayah
from replika.tourism.models import PlaceKind
from replika.tourism.selectors import public as sel
from replika.tourism.selectors.releases import latest_published_period
from replika.tourism.selectors.statistics import last_closed_period, parse_period
from replika.tourism.settings_schema import TourismSettings, settings_for, tile_origin

NAMESPACE = "tourism"
PAGE_SIZE = 24


def _wilayah(request: HttpRequest) -> Wilayah | None:
    """The region filter: a live kab/kota or one of its kecamatan (else everything)."""
    code = request.GET.get("wilayah", "")[:20]
    if not code:
        return None
    found = Wilayah.objects.filter(code=code, level__in=(2, 3)).first()
    if found is None or found.region_code() not in sel.region_codes():
        return None
    return found


def _regions() -> list[Wilayah]:
    return list(Wilayah.objects.filter(code__in=sel.region_codes()).order_by("code"))


def _portal_settings(wilayah: Wilayah | None) -> TourismSettings:
    """The settings of the region the visitor looks at (the origin's for the province)."""
    region = None
    if wilayah is not None:
        region = wilayah if wilayah.level == Wilayah.REGION else wilayah.parent
    return settings_for(region)


def _tile_origin(request: HttpRequest) -> str:
    """The tile server origin of the region a map page shows ('' without one).

    Remembered per namespace version, as the cached page is: a settings change bumps the
    version, so the page's tile address and its policy change together.
    """
    code = request.GET.get("wilayah", "")[:20]
    if not code or not all(ch.isdigit() or ch == "." for ch in code):
        # The province-wide map runs on the origin's defaults (no tiles), and a code that
        # is no code names no region (nor goes into a cache key).
        return ""
    key = f"replika:tourism:tiles:{cache.version(NAMESPACE)}:{code}"
    return cache.remember(
        key, lambda: tile_origin(_portal_settings(_wilayah(request)).tile_url) or ""
    )


def draws_map(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let a map page load images from its region's tile server, and from nowhere else.

    Outside the public cache on purpose: the cache keeps a page's bytes, not the
    per-response policy, so the policy is added to every answer, cached or fresh.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        origin = _tile_origin(request)
        if origin and response.status_code == 200:
            # django-csp's per-response update: img-src gains this one origin.
            response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
        return response

    return wrapped


@draws_map
@public_page(NAMESPACE)
def portal(request: HttpRequest) -> HttpResponse:
    """Search and filter attractions, villages, accommodation and more; the map above."""
    wilayah = _wilayah(request)
    kind = request.GET.get("jenis", "")
    if kind not in PlaceKind.values:
        kind = ""
    query = request.GET.get("q", "")[:100]
    category = request.GET.get("kategori", "")[:60]
    theme = request.GET.get("tema", "")[:60]
    qs = sel.places(wilayah=wilayah, kind=kind, query=query, category=category, theme=theme)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    config = _portal_settings(wilayah)
    today = timezone.localdate()
    context = {
        "page": page,
        "regions": _regions(),
        "wilayah": wilayah,
        "kinds": PlaceKind.choices,
        "kind": kind,
        "q": query,
        "category": category,
        "theme": theme,
        "settings": config,
        "upcoming": sel.events(start=today, end=today + dt.timedelta(days=60), wilayah=wilayah)[:5],
        "map_query": f"?wilayah={wilayah.code}" if wilayah else "",
    }
    return render(request, "tourism/public/portal.html", context)


@public_page(NAMESPACE)
def place(request: HttpRequest, pk: int) -> HttpResponse:
    found = sel.place(pk)
    context = {
        "place": found,
        "photos": sel.photos(found),
        "products": found.products.filter(published=True),
        "events": sel.events(start=timezone.localdate()).filter(place=found)[:10],
        "settings": settings_for(found.region),
    }
    return render(request, "tourism/public/place.html", context)


@public_page(NAMESPACE)
def events(request: HttpRequest) -> HttpResponse:
    wilayah = _wilayah(request)
    today = timezone.localdate()
    context = {
        "events": sel.events(start=today, wilayah=wilayah)[:100],
        "regions": _regions(),
        "wilayah": wilayah,
    }
    return render(request, "tourism/public/events.html", context)


@public_page(NAMESPACE)
def event(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "tourism/public/event.html", {"event": sel.event(pk)})


@public_page(NAMESPACE)
def products(request: HttpRequest) -> HttpResponse:
    wilayah = _wilayah(request)
    query = request.GET.get("q", "")[:100]
    subsector = request.GET.get("subsektor", "")[:60]
    qs = sel.products(wilayah=wilayah, query=query, subsector=subsector)
    context = {
        "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "regions": _regions(),
        "wilayah": wilayah,
        "q": query,
        "subsector": subsector,
        "subsectors": _portal_settings(wilayah).subsectors,
    }
    return render(request, "tourism/public/products.html", context)


@public_page(NAMESPACE)
def map_data(request: HttpRequest) -> HttpResponse:
    """The map's points as GeoJSON (attractions and villages with coordinates)."""
    return HttpResponse(
        json.dumps(sel.map_features(_wilayah(request))), content_type="application/geo+json"
    )


def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A photo of a published entry; browsers may keep it a day."""
    found = sel.photo(pk)
    response = FileResponse(found.image.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@public_page(NAMESPACE)
def statistics(request: HttpRequest) -> HttpResponse:
    """The public figures of a region or the province for a month, small cells withheld."""
    wilayah = _wilayah(request) or Wilayah.objects.get(level=Wilayah.PROVINCE)
    today = timezone.localdate()
    latest = last_closed_period(today)
    # By default the latest month the public may see: the latest published one.
    period = (
        parse_period(request.GET.get("periode"))
        or latest_published_period(wilayah, latest)
        or latest
    )
    period = min(period, latest)
    context = {
        "figures": sel.public_statistics(wilayah, period),
        "wilayah": wilayah,
        "period": period,
        "regions": _regions(),
    }
    return render(request, "tourism/public/statistics.html", context)


def regions_json(request: HttpRequest) -> JsonResponse:
    """Codes of the regions with a portal, for the map to outline."""
    response = JsonResponse({"regions": sel.region_codes()})
    response["Cache-Control"] = "public, max-age=300"
    return response


urlpatterns = [
    path("portal/", portal, name="portal"),
    path("portal/tempat/<int:pk>/", place, name="public_place"),
    path("portal/acara/", events, name="public_events"),
    path("portal/acara/<int:pk>/", event, name="public_event"),
    path("portal/produk/", products, name="public_products"),
    path("portal/statistik/", statistics, name="public_statistics"),
    path("portal/peta.geojson", map_data, name="map_data"),
    path("portal/wilayah.json", regions_json, name="map_regions"),
    path("portal/foto/<int:pk>/", photo, name="public_photo"),
]
