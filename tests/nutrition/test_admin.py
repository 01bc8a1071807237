"""The nutrition admin: education content and read-only summaries, no personal data."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from replika.nutrition.models import Child, Measurement, Mother, NutritionSummary
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_personal_registers_are_not_in_the_admin():
    for model in (Child, Mother, Measurement):
        assert not admin.site.is_registered(model)


def test_summaries_are_read_only_for_a_superuser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    changelist = reverse("admin:nutrition_nutritionsummary_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(reverse("admin:nutrition_nutritionsummary_add")).status_code == 403
    assert client.get(reverse("admin:nutrition_article_add")).status_code == 200
    assert admin.site.is_registered(NutritionSummary)
