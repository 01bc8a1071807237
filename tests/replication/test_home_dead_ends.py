"""The home page's replication card sends nobody into a dead end."""

from __future__ import annotations

import pytest
from django.urls import reverse

from replika.replication.models import Stage
from tests.factories import CommitmentFactory, innovation, region

pytestmark = pytest.mark.django_db


def _home_unconfigured(client):
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    return page


def test_the_origin_region_is_not_flagged_as_still_on_the_origin_settings(
    client_for, province_admin
):
    CommitmentFactory(
        region=region("13.71"), innovation=innovation("ayo-ceting"), stage=Stage.LAUNCHED
    )
    CommitmentFactory(
        region=region("13.06"), innovation=innovation("ayo-ceting"), stage=Stage.LAUNCHED
    )
    body = _home_unconfigured(client_for(province_admin)).content.decode()
    assert "Kabupaten Agam — Ayo Ceting" in body
    assert "Kota Padang — Ayo Ceting" not in body


def test_a_mentor_is_sent_to_the_commitment_not_to_the_settings_page_they_cannot_open(
    client_for, mentor
):
    agam = CommitmentFactory(
        region=region("13.06"), innovation=innovation("ayo-ceting"), stage=Stage.LAUNCHED
    )
    client = client_for(mentor)
    body = _home_unconfigured(client).content.decode()
    assert reverse("replication:settings", args=[agam.pk]) not in body
    assert reverse("replication:commitment", args=[agam.pk]) in body
    assert client.get(reverse("replication:commitment", args=[agam.pk])).status_code == 200


def test_a_region_administrator_is_sent_to_the_settings_page_they_can_open(client_for, agam_admin):
    agam = CommitmentFactory(
        region=region("13.06"), innovation=innovation("ayo-ceting"), stage=Stage.LAUNCHED
    )
    client = client_for(agam_admin)
    url = reverse("replication:settings", args=[agam.pk])
    assert url in _home_unconfigured(client).content.decode()
    assert client.get(url).status_code == 200
