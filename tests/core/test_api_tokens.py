"""Personal API tokens expire, record their last use, and may be scoped read-only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from replika.core import services
from replika.core.models import ApiToken

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"
COMMITMENTS = "/api/v1/replication/commitments"


def in_indonesian(message: str) -> str:
    """The text as the pages show it (Indonesian first)."""
    with translation.override("id"):
        return gettext(message)


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _put_settings(client: Client, commitment, secret: str):
    return client.put(
        f"{COMMITMENTS}/{commitment.pk}/settings",
        {"settings": {"report_deadline_day": 5}, "reasons": {"report_deadline_day": "Alasan uji"}},
        content_type="application/json",
        headers=_auth(secret),
    )


def test_a_new_token_expires_after_the_configured_days(padang_admin, settings):
    settings.REPLIKA_API_TOKEN_DAYS = 30
    before = timezone.now()

    token, _secret = services.api_token_create(actor=padang_admin, name="sync")

    assert before + timedelta(days=30) <= token.expires_at
    assert token.expires_at <= timezone.now() + timedelta(days=30)


def test_tokens_live_ninety_days_by_default(padang_admin):
    token, _secret = services.api_token_create(actor=padang_admin, name="sync")

    assert abs(token.expires_at - token.created_at - timedelta(days=90)) < timedelta(minutes=1)


def test_an_expired_token_is_refused(client, padang_admin):
    token, secret = services.api_token_create(actor=padang_admin, name="old laptop")
    assert client.get(ME, headers=_auth(secret)).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.get(ME, headers=_auth(secret))
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_read_only_token_reads(client, padang_admin):
    _token, secret = services.api_token_create(actor=padang_admin, name="dash", read_only=True)

    response = client.get(ME, headers=_auth(secret))

    assert response.status_code == 200
    assert response.json()["username"] == padang_admin.username


def test_a_read_only_token_cannot_write(agam_admin, world):
    commitment = world.agam
    before = dict(commitment.settings)
    _token, secret = services.api_token_create(actor=agam_admin, name="dash", read_only=True)

    response = _put_settings(Client(), commitment, secret)

    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    commitment.refresh_from_db()
    assert commitment.settings == before


def test_a_read_write_token_of_the_same_user_writes(agam_admin, world):
    _token, secret = services.api_token_create(actor=agam_admin, name="sync")

    response = _put_settings(Client(), world.agam, secret)

    assert response.status_code == 200


def test_the_last_use_is_recorded_and_shown(client_for, padang_admin):
    token, secret = services.api_token_create(actor=padang_admin, name="Padang server")
    Client().get(ME, headers=_auth(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None

    page = client_for(padang_admin).get(reverse("core:profile")).content.decode()

    assert date_format(timezone.localtime(token.last_used_at), "DATETIME_FORMAT") in page
    assert date_format(timezone.localtime(token.expires_at), "DATETIME_FORMAT") in page


def test_the_profile_creates_a_read_only_token(client_for, padang_admin):
    client = client_for(padang_admin)

    response = client.post(reverse("core:profile"), {"name": "dashboard", "read_only": "on"})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=padang_admin)
    assert token.read_only is True
    assert f"<td>{in_indonesian('read only')}</td>" in response.content.decode()
    secret = response.context["new_secret"]
    assert Client().get(ME, headers=_auth(secret)).status_code == 200


def test_the_profile_creates_a_read_write_token_when_unticked(client_for, padang_admin):
    client_for(padang_admin).post(reverse("core:profile"), {"name": "sync"})

    assert ApiToken.objects.get(user=padang_admin).read_only is False


def test_the_profile_marks_expired_tokens(client_for, padang_admin):
    token, _secret = services.api_token_create(actor=padang_admin, name="old laptop")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))

    page = client_for(padang_admin).get(reverse("core:profile")).content.decode()

    assert f"<td>{in_indonesian('expired')}</td>" in page
    assert reverse("core:revoke_token", args=[token.pk]) not in page
