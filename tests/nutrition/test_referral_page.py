"""The referral list and page as the puskesmas uses them: the child's measurements and
growth, search and posyandu filter, the printable slip, a step that needs its outcome, and
outsiders kept out of all of it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from replika.nutrition.models import ReferralReason
from replika.nutrition.services.care import referral_open
from replika.nutrition.services.measurements import measurement_record
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(world):
    """A wasted girl at posyandu Mawar, measured twice, referred from her last visit."""
    today = timezone.localdate()
    birth = today - dt.timedelta(days=700)
    child = make_child(world.posyandu, "Rani Kurus", birth_date=birth)
    for days, weight in ((600, "8.6"), (690, "7.4")):
        last = measurement_record(
            actor=None,
            child=child,
            visit_date=birth + dt.timedelta(days=days),
            weight=Decimal(weight),
            lenhei=Decimal("80.0"),
            measure="h",
        )
    referral = referral_open(
        actor=None, child=child, reason=ReferralReason.WASTING, measurement=last
    )
    return child, referral, last


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response, response.content.decode()


def test_the_referral_page_shows_the_childs_measurements_zscores_and_growth(
    world, measured, client_for
):
    _child, referral, last = measured
    response, page = _page(
        client_for(world.midwife), reverse("nutrition:referral", args=[referral.pk])
    )
    rows = response.context["measurements"]
    assert rows[0].pk == last.pk  # newest first
    assert len(rows) == 2
    assert f"{last.zwfl:.2f}".replace(".", ",") in page  # z-score, Indonesian decimals
    assert last.cat_zwfl in ("gizi_buruk", "gizi_kurang")
    assert "data-acute" in page  # the stored reasons of the acute category
    assert response.context["charts"] and "<svg" in page
    assert reverse("nutrition:referral_slip", args=[referral.pk]) in page


def test_the_list_names_the_child_column_and_shows_the_measurement_at_referral(
    world, measured, client_for
):
    _child, _referral, last = measured
    _response, page = _page(client_for(world.midwife), reverse("nutrition:referrals"))
    assert "Pelaku" not in page
    assert "Nama orang yang dirujuk" in page
    assert f"{last.zwfl:.2f}".replace(".", ",") in page


def test_the_list_searches_by_name_and_filters_by_posyandu(world, measured, client_for):
    other = make_child(world.other_posyandu, "Budi Lain")
    referral_open(actor=None, child=other, reason=ReferralReason.TWO_T)
    client = client_for(world.midwife)
    url = reverse("nutrition:referrals")
    _r, page = _page(client, url, q="rani")
    assert "Rani Kurus" in page and "Budi Lain" not in page
    _r, page = _page(client, url, unit=world.other_posyandu.pk)
    assert "Budi Lain" in page and "Rani Kurus" not in page
    _r, page = _page(client, url)
    assert "Budi Lain" in page and "Rani Kurus" in page


def test_the_posyandu_filter_offers_only_the_users_posyandu(world, measured, client_for):
    client = client_for(world.cadre)  # the cadre of Mawar only
    response = client.get(reverse("nutrition:referrals"), {"unit": world.agam_posyandu.pk})
    assert "unit" in response.context["filters"].errors
    assert "Rani Kurus" in response.content.decode()  # an invalid filter filters nothing
    offered = list(response.context["filters"].fields["unit"].queryset)
    assert world.agam_posyandu not in offered and world.other_posyandu not in offered


def test_an_outsider_finds_nothing_by_search_or_filter(world, measured, client_for):
    client = client_for(world.agam_officer)
    for params in ({"q": "Rani"}, {}):
        _r, page = _page(client, reverse("nutrition:referrals"), **params)
        assert "Rani Kurus" not in page


def test_the_slip_carries_what_the_puskesmas_needs(world, measured, client_for):
    child, referral, last = measured
    _r, page = _page(
        client_for(world.cadre), reverse("nutrition:referral_slip", args=[referral.pk])
    )
    assert "Surat rujukan" in page or "Surat Rujukan" in page
    assert child.name in page
    assert world.posyandu.name in page
    assert "Dirujuk ke" in page and world.puskesmas.name in page
    assert "referral.css" in page  # the print layout
    assert f"{last.zwfl:.2f}".replace(".", ",") in page
    assert "style=" not in page and "<script>" not in page  # CSP: no inline style or script


def test_outsiders_get_404_on_the_slip(world, measured, client_for, nobody):
    _child, referral, _last = measured
    url = reverse("nutrition:referral_slip", args=[referral.pk])
    for outsider in (world.other_cadre, world.agam_officer, world.region_admin, nobody):
        assert client_for(outsider).get(url).status_code == 404


def test_an_untouched_step_form_does_not_advance_the_referral(world, measured, client_for):
    _child, referral, _last = measured
    url = reverse("nutrition:referral", args=[referral.pk])
    client = client_for(world.midwife)
    form = client.get(url).context["form"]
    # Nothing is chosen before the user chooses: the first choice is the empty one.
    assert form.fields["status"].choices[0][0] == ""
    response = client.post(url, {"status": "", "on": "", "note": ""})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "status" in errors and "note" in errors
    referral.refresh_from_db()
    assert referral.status == "referred"
    assert referral.events.count() == 1


def test_a_step_needs_its_outcome_and_says_so_on_the_field(world, measured, client_for):
    _child, referral, _last = measured
    url = reverse("nutrition:referral", args=[referral.pk])
    client = client_for(world.midwife)
    response = client.post(url, {"status": "examined", "note": "   "})
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["note"]
    page = response.content.decode()
    assert "Wajib" in page  # the field's help says it is required
    referral.refresh_from_db()
    assert referral.status == "referred"
    assert client.post(url, {"status": "examined", "note": "BB/TB -2,5; PMT"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == "examined"
