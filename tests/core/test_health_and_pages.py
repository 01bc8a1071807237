"""Health check and the core pages: home per role, profile tokens, switching role, language."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from replika.core import services, views
from replika.core.models import ApiToken
from replika.replication.models import Stage
from tests.factories import UserFactory, make_commitment, region, user_with_role

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def english(client: Client) -> Client:
    """The same client, reading the interface in English (stable text to assert on)."""
    client.cookies["django_language"] = "en"
    return client


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "page has no <html lang>"
    return match.group(1)


def stat(html: str, stage: str) -> int:
    """The number shown on the home page's stage tile."""
    match = re.search(rf'class="stat stage-{stage}"><span class="stat-value">(\d+)</span>', html)
    assert match, f"no tile for {stage}"
    return int(match.group(1))


# --- health -----------------------------------------------------------------------------------


def test_health_check_reports_database_and_tasks_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "status": "ok",
        # The suite runs tasks inline: no worker is needed, and the report says so.
        "checks": {"database": "ok", "tasks": "ok", "workers": {"mode": "inline"}},
    }
    assert "no-cache" in response["Cache-Control"]


def test_health_check_is_503_when_a_dependency_fails(client, monkeypatch):
    def broken() -> str:
        raise ConnectionError("queue down")

    monkeypatch.setattr(views, "_check_tasks", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"] == {"database": "ok", "tasks": "error: ConnectionError"}


def test_health_check_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


# --- home page per role -----------------------------------------------------------------------


@pytest.fixture
def commitments(world):
    """The world's three commitments, and one more in Kota Solok at the first stage."""
    return {
        "padang": world.padang,
        "padang_poltabes": world.padang_poltabes,
        "agam": world.agam,
        "solok": make_commitment("13.72", "pikobar", stage=Stage.IDENTIFIED),
    }


def test_province_admin_home_shows_province_wide_stage_counts(
    client_for, province_admin, commitments
):
    response = english(client_for(province_admin)).get(reverse("core:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Replication across the province" in html
    assert stat(html, "launched") == 1
    assert stat(html, "piloting") == 1
    assert stat(html, "adapting") == 1
    assert stat(html, "identified") == 1
    assert stat(html, "institutionalised") == 0
    assert response.context["total_commitments"] == 4
    # Role grants are province-wide changes, so the province admin sees them.
    assert response.context["recent_audit"]
    assert "Recent changes" in html


def test_mentor_home_shows_the_same_counts_without_the_audit(client_for, mentor, commitments):
    response = english(client_for(mentor)).get(reverse("core:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["total_commitments"] == 4
    assert stat(html, "launched") == 1
    assert "recent_audit" not in response.context
    assert reverse("core:audit") not in html


def test_padang_admin_home_shows_kota_padang_commitments_only(
    client_for, padang_admin, commitments
):
    response = english(client_for(padang_admin)).get(reverse("core:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Replication in Kota Padang" in html
    assert response.context["total_commitments"] == 2
    assert stat(html, "launched") == 1
    assert stat(html, "piloting") == 0  # Agam's pilot is not Padang's business
    listed = {c.pk for c in response.context["region_commitments"]}
    assert listed == {commitments["padang"].pk, commitments["padang_poltabes"].pk}
    assert reverse("replication:commitment", args=[commitments["padang"].pk]) in html
    assert reverse("replication:commitment", args=[commitments["agam"].pk]) not in html
    assert "Kabupaten Agam" not in html


def test_user_without_role_sees_the_no_role_message(client_for, nobody, commitments):
    response = english(client_for(nobody)).get(reverse("core:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "No role yet" in html
    assert "Kota Padang" not in html
    assert "stage_counts" not in response.context


def test_home_page_query_count_does_not_grow_with_commitments(client_for, province_admin):
    client = client_for(province_admin)
    make_commitment("13.71", "ayo-ceting")
    make_commitment("13.06", "poltabes")
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:home"))

    for code in ["13.01", "13.02", "13.03", "13.04", "13.05"]:
        for innovation in ["ayo-ceting", "sip-banget"]:
            make_commitment(code, innovation, stage=Stage.LAUNCHED)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("core:home"))

    assert response.context["total_commitments"] == 12
    assert len(many) == len(few)


# --- profile and API tokens -------------------------------------------------------------------


def test_profile_creates_a_token_shown_once_and_stored_as_digest(client_for, padang_admin):
    client = client_for(padang_admin)

    response = client.post(reverse("core:profile"), {"name": "Sinkronisasi SIMPUS"})

    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert secret.startswith("rpk_")
    assert response.content.decode().count(secret) == 1
    token = ApiToken.objects.get(user=padang_admin)
    assert token.name == "Sinkronisasi SIMPUS"
    assert token.digest != secret
    assert token.digest == ApiToken.digest_of(secret)
    assert secret.startswith(token.prefix)
    # Shown once: the next visit lists the token but not its secret.
    later = client.get(reverse("core:profile")).content.decode()
    assert secret not in later
    assert "Sinkronisasi SIMPUS" in later
    # And the secret works against the API.
    assert Client().get(ME, headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_profile_refuses_a_token_without_name(client_for, padang_admin):
    response = client_for(padang_admin).post(reverse("core:profile"), {"name": "   "})

    assert response.status_code == 422
    assert response.context["new_secret"] is None
    assert response.context["form"].errors
    assert not ApiToken.objects.filter(user=padang_admin).exists()


def test_user_revokes_own_token(client_for, padang_admin):
    token, secret = services.api_token_create(actor=padang_admin, name="old laptop")
    client = client_for(padang_admin)

    response = client.post(reverse("core:revoke_token", args=[token.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:profile")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(ME, headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_revoking_a_token_is_post_only(client_for, padang_admin):
    token, _secret = services.api_token_create(actor=padang_admin, name="old laptop")

    response = client_for(padang_admin).get(reverse("core:revoke_token", args=[token.pk]))

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_user_cannot_revoke_another_users_token(client_for, padang_admin, agam_admin):
    token, secret = services.api_token_create(actor=padang_admin, name="Padang server")

    response = client_for(agam_admin).post(reverse("core:revoke_token", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get(ME, headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_profile_does_not_list_another_users_tokens(client_for, padang_admin, agam_admin):
    services.api_token_create(actor=padang_admin, name="Padang server")

    response = client_for(agam_admin).get(reverse("core:profile"))

    assert list(response.context["tokens"]) == []
    assert "Padang server" not in response.content.decode()


# --- switching between memberships ------------------------------------------------------------


@pytest.fixture
def two_region_admin(db):
    """Administrator of Kabupaten Agam (13.06) and Kota Padang Panjang (13.74)."""
    user = user_with_role("admin_daerah", "13.06")
    services.membership_grant(actor=None, user=user, wilayah=region("13.74"), role="admin_daerah")
    return user


def membership_in(user, code: str) -> int:
    return user.memberships.get(wilayah__code=code).pk


def test_switching_membership_changes_the_working_region(client_for, two_region_admin, world):
    agam = world.agam
    padang_panjang = make_commitment("13.74", "sip-banget")
    client = english(client_for(two_region_admin))

    before = client.get(reverse("core:home"))
    assert before.wsgi_request.region.code == "13.06"
    assert {c.pk for c in before.context["region_commitments"]} == {agam.pk}

    switched = client.post(
        reverse("core:switch_membership"),
        {"membership": membership_in(two_region_admin, "13.74")},
    )
    assert switched.status_code == 302
    assert switched["Location"] == reverse("core:home")

    after = client.get(reverse("core:home"))
    assert after.wsgi_request.region.code == "13.74"
    assert after.wsgi_request.membership.wilayah.code == "13.74"
    assert {c.pk for c in after.context["region_commitments"]} == {padang_panjang.pk}
    html = after.content.decode()
    assert "Replication in Kota Padang Panjang" in html
    assert reverse("replication:commitment", args=[agam.pk]) not in html


def test_switching_to_someone_elses_membership_is_404(client_for, two_region_admin, padang_admin):
    client = client_for(two_region_admin)

    response = client.post(
        reverse("core:switch_membership"),
        {"membership": membership_in(padang_admin, "13.71")},
    )

    assert response.status_code == 404
    assert client.get(reverse("core:home")).wsgi_request.region.code == "13.06"


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_switching_to_a_bogus_membership_is_404(client_for, two_region_admin, value):
    response = client_for(two_region_admin).post(
        reverse("core:switch_membership"), {"membership": value}
    )

    assert response.status_code == 404


def test_switching_membership_does_not_redirect_off_site(client_for, two_region_admin):
    response = client_for(two_region_admin).post(
        reverse("core:switch_membership"),
        {
            "membership": membership_in(two_region_admin, "13.74"),
            "next": "https://evil.example.com/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_switching_membership_returns_to_the_page_it_came_from(client_for, two_region_admin):
    response = client_for(two_region_admin).post(
        reverse("core:switch_membership"),
        {"membership": membership_in(two_region_admin, "13.74"), "next": "/replikasi/"},
    )

    assert response["Location"] == "/replikasi/"


def test_switching_membership_is_post_only(client_for, two_region_admin):
    response = client_for(two_region_admin).get(reverse("core:switch_membership"))

    assert response.status_code == 405


# --- language ---------------------------------------------------------------------------------


def test_login_page_is_in_indonesian_by_default(client):
    response = client.get(reverse("core:login"))

    assert response.status_code == 200
    assert html_lang(response) == "id"
    assert "Nama pengguna" in response.content.decode()


def test_language_switch_turns_the_interface_to_english(client):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": reverse("core:login")})
    assert switched.status_code == 302

    response = client.get(reverse("core:login"))

    assert html_lang(response) == "en"
    html = response.content.decode()
    assert "Username" in html
    assert "Nama pengguna" not in html


def test_signing_in_applies_the_users_preferred_language(client):
    user = UserFactory(preferred_language="en")

    response = client.post(
        reverse("core:login"), {"username": user.username, "password": "a-long-test-password"}
    )

    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
    assert html_lang(client.get(reverse("core:home"))) == "en"


def test_login_page_text_is_indonesian_by_default_and_english_on_request(client):
    indonesian = client.get(reverse("core:login")).content.decode()
    english_html = english(Client()).get(reverse("core:login")).content.decode()

    assert "<h1>Sign in</h1>" in english_html
    assert "<h1>Sign in</h1>" not in indonesian
    assert "<h1>Masuk</h1>" in indonesian


# --- list pages stay cheap --------------------------------------------------------------------


def commitment_page_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("replication:commitments"))
    assert response.status_code == 200
    return len(queries), len(response.context["commitments"])


def test_commitment_list_page_query_count_does_not_grow_with_rows(client_for, province_admin):
    client = client_for(province_admin)
    make_commitment("13.71", "ayo-ceting")
    make_commitment("13.06", "poltabes")
    client.get(reverse("replication:commitments"))
    few_queries, few_rows = commitment_page_queries(client)

    innovations = ["ayo-ceting", "poltabes", "sip-banget", "pikobar", "si-jabpri"]
    for code in ["13.01", "13.72"]:
        for innovation in innovations:
            make_commitment(code, innovation)
    many_queries, many_rows = commitment_page_queries(client)

    assert (few_rows, many_rows) == (2, 12)
    assert many_queries == few_queries


def test_commitment_list_page_shows_a_region_admin_only_their_rows(client_for, padang_admin, world):
    padang = world.padang
    agam = world.agam

    response = client_for(padang_admin).get(reverse("replication:commitments"))

    html = response.content.decode()
    assert reverse("replication:commitment", args=[padang.pk]) in html
    assert reverse("replication:commitment", args=[agam.pk]) not in html
