"""Rule codes become messages in the page's language (no English on an Indonesian page)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from replika.nutrition.rules import monitoring
from replika.nutrition.services import checks

pytestmark = pytest.mark.django_db


def child_post(unit, nik: str) -> dict:
    return {
        "unit": unit.pk,
        "name": "Budi Santoso",
        "sex": "1",
        "birth_date": "2024-03-15",
        "nik": nik,
        "mother_name": "Rina",
        "has_kia_book": "on",
    }


def test_an_indonesian_page_shows_the_indonesian_nik_message(world, owner, client_for):
    client = client_for(owner)
    client.cookies["django_language"] = "id"
    response = client.post(reverse("nutrition:child_new"), child_post(world.posyandu, "12345"))
    assert response.status_code == 422
    errors = str(response.context["form"].errors["nik"])
    assert "NIK harus 16 digit." in errors
    assert "must be" not in errors


def test_an_english_page_shows_the_english_nik_message(world, owner, client_for):
    client = client_for(owner)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("nutrition:child_new"), child_post(world.posyandu, "12345"))
    assert "The NIK must be 16 digits." in str(response.context["form"].errors["nik"])


@pytest.mark.parametrize("code", monitoring.NIK_CODES)
def test_every_nik_code_has_an_indonesian_message(code):
    english = checks.nik_message(code)
    with translation.override("id"):
        indonesian = checks.nik_message(code)
    assert indonesian
    assert indonesian != english


def test_range_messages_name_the_limit_in_the_pages_language():
    assert checks.range_message("weight") == "Weight must be between 0.5 and 60 kg."
    with translation.override("id"):
        assert checks.range_message("hb_g_dl") == "Hemoglobin harus antara 3 dan 20 g/dL."
