"""Module activation: a module is reachable in a region only while it is live there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from replika.core import modules
from replika.core.activation import effective_settings, is_module_live, live_modules_in
from replika.replication.models import Stage
from tests.factories import make_commitment, make_unit, region, user_with_role

pytestmark = pytest.mark.django_db


def test_registry_holds_nutrition_with_padang_defaults():
    module = modules.get_module("nutrition")
    assert module is not None
    defaults = module.default_settings()
    assert defaults.display_name == "Ayo Ceting"
    assert defaults.kek_lila_cm == 23.5


@pytest.mark.parametrize(
    ("stage", "live"),
    [
        (Stage.IDENTIFIED, False),
        (Stage.COMMITTED, False),
        (Stage.ADAPTING, False),
        (Stage.PILOTING, True),
        (Stage.LAUNCHED, True),
        (Stage.INSTITUTIONALISED, True),
        (Stage.STOPPED, False),
    ],
)
def test_module_is_live_only_from_piloting_on(stage, live):
    make_commitment("13.06", "ayo-ceting", stage)
    assert is_module_live("nutrition", region("13.06")) is live
    assert ("nutrition" in live_modules_in(region("13.06"))) is live
    assert not is_module_live("nutrition", region("13.71"))


def test_calculator_page_is_404_where_nutrition_is_not_live(client_for):
    officer = user_with_role("petugas_gizi_dinkes", "13.06")
    client = client_for(officer)
    url = reverse("nutrition:calculator")
    assert client.get(url).status_code == 404
    make_commitment("13.06", "ayo-ceting", Stage.PILOTING)
    assert client.get(url).status_code == 200


def test_menu_shows_module_entries_only_where_live(client_for):
    officer = user_with_role("petugas_gizi_dinkes", "13.06")
    client = client_for(officer)
    url = reverse("nutrition:calculator")
    assert url not in client.get(reverse("core:home")).content.decode()
    make_commitment("13.06", "ayo-ceting", Stage.LAUNCHED)
    assert url in client.get(reverse("core:home")).content.decode()


def test_cadre_uses_calculator_and_outsider_cannot(client_for, nobody):
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    posyandu = make_unit("posyandu", "13.71", "13.71.02")
    cadre = user_with_role("kader_posyandu", "13.71", unit=posyandu)
    url = reverse("nutrition:calculator")
    assert client_for(cadre).get(url).status_code == 200
    assert client_for(nobody).get(url).status_code == 404
    mentor = user_with_role("mentor", "13")
    assert client_for(mentor).get(url).status_code == 404


def test_calculator_computes_categories_for_a_stunted_child(client_for):
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    posyandu = make_unit("posyandu", "13.71", "13.71.02")
    cadre = user_with_role("kader_posyandu", "13.71", unit=posyandu)
    # A 24-month-old girl (731 days) measured standing at 78.0 cm: WHO median is ~85.7 cm,
    # so height-for-age is below -2 SD (stunted) while weight-for-height is normal.
    response = client_for(cadre).post(
        reverse("nutrition:calculator"),
        {
            "sex": "2",
            "birth_date": "2024-01-01",
            "visit_date": "2026-01-01",
            "weight": "10.0",
            "lenhei": "78.0",
            "measure": "h",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.cat_zlen in {"pendek", "sangat_pendek"}
    assert result.zlen < -2
    assert result.cat_zwfl == "gizi_baik"


def test_calculator_refuses_birth_after_visit(client_for):
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    response = client_for(officer).post(
        reverse("nutrition:calculator"),
        {"sex": "1", "birth_date": "2026-01-02", "visit_date": "2026-01-01", "weight": "9"},
    )
    assert response.status_code == 422
    assert "birth_date" in response.context["form"].errors


def test_effective_settings_fall_back_to_defaults_without_commitment():
    assert effective_settings("nutrition", region("13.72")).display_name == "Ayo Ceting"
