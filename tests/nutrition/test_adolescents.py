"""Children and adolescents 5-18 years: the adolescent register records weight and height
(IMT/U, TB/U on the WHO 2007 reference), LiLA (KEK) and Hb with WHO's age cut-offs, which a
region may adapt; anaemic or KEK girls can be referred; the register is in the menu."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from replika.nutrition.models import AdolescentScreening, Referral
from replika.nutrition.rules import adolescent
from replika.nutrition.services.pregnancy import girl_register, screening_record
from replika.replication.models import Stage
from tests.factories import make_commitment

pytestmark = pytest.mark.django_db


def born_years_ago(years: int, extra_days: int = 30) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=extra_days)


@pytest.fixture
def girl(world):
    return girl_register(
        actor=None, unit=world.posyandu, name="Putri Remaja", birth_date=born_years_ago(13)
    )


# --- pure rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "hb", "anaemic"),
    [
        (8, 11.4, True),
        (8, 11.5, False),
        (11, 11.6, False),
        (12, 11.9, True),
        (14, 12.0, False),
        (16, 11.9, True),
        (16, 12.0, False),
    ],
)
def test_who_age_cutoffs_for_anaemia(years, hb, anaemic):
    age_days = int(years * 365.25) + 40
    assert adolescent.is_anaemic(hb, age_days) is anaemic


def test_a_region_may_adapt_the_cutoffs():
    cutoffs = adolescent.AnaemiaCutoffs(age_5_11=11.0, age_12_14=12.5, age_15_plus=12.0)
    assert not adolescent.is_anaemic(11.2, int(8 * 365.25), cutoffs)
    assert adolescent.is_anaemic(12.2, int(13 * 365.25), cutoffs)


def test_kek_below_23_5():
    assert adolescent.is_kek(23.4)
    assert not adolescent.is_kek(23.5)
    assert not adolescent.is_kek(None)


def test_bmi_for_age_categories_5_18():
    thin = adolescent.growth_5_18(sex=2, age_days=14 * 365, weight=30.0, height=150.0)
    normal = adolescent.growth_5_18(sex=2, age_days=14 * 365, weight=40.0, height=150.0)
    assert (thin.cat_zbfa, normal.cat_zbfa, normal.cat_zhfa) == (
        "gizi_buruk",
        "gizi_baik",
        "normal",
    )
    assert thin.zbfa is not None and thin.zbfa < -3
    under_five = adolescent.growth_5_18(sex=2, age_days=4 * 365, weight=15.0, height=100.0)
    assert (under_five.zbfa, under_five.cat_zbfa) == (None, "")


# --- the register pages ----------------------------------------------------------------------


def screen(client, girl, **values):
    data = {"screened_on": timezone.localdate().isoformat(), "ttd_tablets": "4", **values}
    return client.post(reverse("nutrition:girl_screening", args=[girl.pk]), data)


def test_screening_page_records_imt_tb_kek_and_anaemia(world, girl, client_for):
    client = client_for(world.cadre)
    response = screen(client, girl, weight="30", height="150", lila_cm="21.0", hb_g_dl="11.8")
    assert response.status_code == 302
    s = AdolescentScreening.objects.get(girl=girl)
    assert (s.cat_zbfa, s.cat_zhfa, s.kek, s.anaemia) == ("gizi_buruk", "normal", True, True)
    assert s.age_months == int((timezone.localdate() - girl.birth_date).days / 30.4375)
    page = client.get(reverse("nutrition:girl_screening", args=[girl.pk])).content.decode()
    assert "data-kek" in page and "data-anaemia" in page


def test_a_bad_screening_value_is_refused_on_its_field(world, girl, client_for):
    response = screen(client_for(world.cadre), girl, weight="300", hb_g_dl="12")
    assert response.status_code == 422
    assert not AdolescentScreening.objects.filter(girl=girl).exists()


def test_the_regions_threshold_is_used(world, girl):
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.settings = {"anaemia_hb_12_14": 11.5}
    commitment.save()
    screening = screening_record(
        actor=None, girl=girl, screened_on=timezone.localdate(), hb_g_dl=Decimal("11.8")
    )
    assert not screening.anaemia


def test_an_anaemic_kek_girl_is_referred_once_with_both_reasons(world, girl, client_for):
    client = client_for(world.cadre)
    screen(client, girl, lila_cm="21.0", hb_g_dl="11.0")
    response = client.post(reverse("nutrition:girl_refer", args=[girl.pk]))
    referral = Referral.objects.get(girl=girl)
    assert response.url == reverse("nutrition:referral", args=[referral.pk])
    assert referral.reason_codes == ("kek_remaja", "anemia_remaja")
    assert (referral.unit, referral.puskesmas) == (world.posyandu, world.puskesmas)
    client.post(reverse("nutrition:girl_refer", args=[girl.pk]))
    assert Referral.objects.filter(girl=girl).count() == 1
    detail = client_for(world.midwife).get(reverse("nutrition:referral", args=[referral.pk]))
    assert 'data-reasons="kek_remaja,anemia_remaja"' in detail.content.decode()


def test_a_healthy_girl_is_not_referred(world, girl, client_for):
    client = client_for(world.cadre)
    screen(client, girl, lila_cm="25.0", hb_g_dl="13.0")
    client.post(reverse("nutrition:girl_refer", args=[girl.pk]))
    assert not Referral.objects.filter(girl=girl).exists()


def test_an_outsider_cannot_refer_or_screen_a_girl(world, girl, client_for, outsider):
    client = client_for(outsider)
    assert screen(client, girl, hb_g_dl="10.0").status_code == 404
    assert client.post(reverse("nutrition:girl_refer", args=[girl.pk])).status_code == 404
    assert not AdolescentScreening.objects.exists()


def test_the_register_is_in_the_menu(world, client_for):
    page = client_for(world.cadre).get(reverse("nutrition:children")).content.decode()
    assert f'href="{reverse("nutrition:girls")}"' in page


def test_the_menu_leaves_it_out_where_the_region_does_not_screen(world, client_for):
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.settings = {"adolescent_screening": False}
    commitment.save()
    page = client_for(world.cadre).get(reverse("nutrition:children")).content.decode()
    assert f'href="{reverse("nutrition:girls")}"' not in page
