"""A region's own tile server: validated in its settings, allowed by the map page's policy.

Without a tile address the portal's map draws the shipped boundaries alone and the policy
allows images from the site only; with one, the pages that draw that region's map allow
exactly its origin, and no other page or region does.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from replika.replication.models import Commitment
from replika.replication.services import commitment_settings_update
from replika.tourism.settings_schema import settings_for, tile_origin
from tests.factories import user_with_role
from tests.tourism.factories import PAYAKUMBUH, PESSEL

pytestmark = pytest.mark.django_db
TILES = "https://peta.payakumbuhkota.go.id/tiles/{z}/{x}/{y}.png"
ORIGIN = "https://peta.payakumbuhkota.go.id"
CREDIT = "© Diskominfo Payakumbuh, © kontributor OpenStreetMap"


def img_src(response) -> list[str]:
    header = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in header.split(";") if part.strip()
    )
    return directives["img-src"]


def commitment(code: str) -> Commitment:
    return Commitment.objects.get(region__code=code, innovation__code="sip-banget")


def set_tiles(world, url: str = TILES, credit: str = CREDIT) -> None:
    commitment_settings_update(
        actor=world.region_admin,
        commitment=commitment(PAYAKUMBUH),
        data={"tile_url": url, "tile_attribution": credit},
        reasons={"tile_url": "Peta dasar kota", "tile_attribution": "Lisensi peta"},
    )


def test_without_a_tile_address_the_map_loads_images_from_the_site_only(world, client):
    response = client.get(reverse("tourism:portal") + f"?wilayah={PAYAKUMBUH}")
    assert response.status_code == 200
    assert img_src(response) == ["'self'", "data:"]
    assert 'data-tiles=""' in response.content.decode()


def test_a_regions_tile_server_is_allowed_on_its_map_page_only(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        set_tiles(world)
    portal = reverse("tourism:portal")
    for _attempt in range(2):  # the second answer comes from the public cache
        response = client.get(f"{portal}?wilayah={PAYAKUMBUH}")
        assert img_src(response) == ["'self'", "data:", ORIGIN]
        html = response.content.decode()
        assert f'data-tiles="{TILES}"' in html
        assert "Diskominfo Payakumbuh" in html
    # A kecamatan of the region shows the region's map with its tiles.
    assert ORIGIN in img_src(client.get(f"{portal}?wilayah=13.76.01"))
    # The province, another region and pages without the map stay as strict as before.
    assert img_src(client.get(portal)) == ["'self'", "data:"]
    assert img_src(client.get(f"{portal}?wilayah={PESSEL}")) == ["'self'", "data:"]
    events = client.get(reverse("tourism:public_events") + f"?wilayah={PAYAKUMBUH}")
    assert img_src(events) == ["'self'", "data:"]
    # Nothing else of the policy is loosened.
    header = client.get(f"{portal}?wilayah={PAYAKUMBUH}")["Content-Security-Policy"]
    assert header.count(ORIGIN) == 1


def test_removing_the_tile_address_closes_the_policy_again(
    world, client, django_capture_on_commit_callbacks
):
    url = reverse("tourism:portal") + f"?wilayah={PAYAKUMBUH}"
    with django_capture_on_commit_callbacks(execute=True):
        set_tiles(world)
    assert ORIGIN in img_src(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        commitment_settings_update(
            actor=world.region_admin, commitment=commitment(PAYAKUMBUH), data={}
        )
    response = client.get(url)
    assert img_src(response) == ["'self'", "data:"]
    assert 'data-tiles=""' in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "http://peta.payakumbuhkota.go.id/{z}/{x}/{y}.png",  # not https
        "https://peta.payakumbuhkota.go.id/{z}/{x}.png",  # no {y}
        "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",  # no fixed host
        "https://peta.example.go.id/{z}/{x}/{y}.png https://evil.example",  # two sources
        "https://user@peta.example.go.id/{z}/{x}/{y}.png",
        "javascript:alert(1)//{z}/{x}/{y}",
        "https://localhost/{z}/{x}/{y}.png",
    ],
)
def test_a_bad_tile_address_is_refused_on_its_field(world, client_for, url):
    c = client_for(world.region_admin)
    page = reverse("replication:settings", args=[commitment(PAYAKUMBUH).pk])
    response = c.post(
        page,
        {
            "tile_url": url,
            "tile_url__reason": "Peta dasar kota",
            "tile_attribution": CREDIT,
            "tile_attribution__reason": "Lisensi peta",
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "https://" in " ".join(errors["tile_url"])
    assert settings_for(world.hotel.region).tile_url == ""
    assert tile_origin(url) is None


def test_a_tile_address_needs_its_attribution(world, client_for):
    c = client_for(world.region_admin)
    page = reverse("replication:settings", args=[commitment(PAYAKUMBUH).pk])
    response = c.post(page, {"tile_url": TILES, "tile_url__reason": "Peta dasar kota"})
    assert response.status_code == 422
    assert response.context["form"].errors["tile_attribution"]
    assert settings_for(world.hotel.region).tile_url == ""


def test_the_attribution_is_shown_as_text_not_markup(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        set_tiles(world, credit="<img src=x onerror=alert(1)> © Kota")
    html = client.get(reverse("tourism:portal") + f"?wilayah={PAYAKUMBUH}").content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; © Kota" in html


def test_an_outsider_cannot_change_another_regions_tiles(world, client_for):
    outsider = user_with_role("admin_daerah", PESSEL)
    c = client_for(outsider)
    target = commitment(PAYAKUMBUH)
    page = reverse("replication:settings", args=[target.pk])
    data = {"tile_url": TILES, "tile_attribution": CREDIT}
    assert c.get(page).status_code == 404
    assert c.post(page, data).status_code == 404
    api = c.put(
        f"/api/v1/replication/commitments/{target.pk}/settings",
        json.dumps({"settings": data, "reasons": {"tile_url": "x", "tile_attribution": "x"}}),
        content_type="application/json",
    )
    assert api.status_code == 404
    # The tourism office of the other region cannot either (settings are the admin's).
    assert client_for(world.outsider).post(page, data).status_code == 404
    assert settings_for(world.hotel.region).tile_url == ""


def test_a_bogus_region_code_gets_the_strict_policy(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        set_tiles(world)
    for code in ("13.76 x", "<script>", "99.99", "13.76.01.1003.9"):
        response = client.get(reverse("tourism:portal"), {"wilayah": code})
        assert response.status_code == 200
        assert img_src(response) == ["'self'", "data:"]
