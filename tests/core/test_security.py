"""Security settings and flows: hashing, login throttle, headers, sessions, password flows."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from replika.config import settings as production_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Rendang-Pedas-2025!"


def login(client: Client, username: str, password: str):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


# --- passwords --------------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2_in_production():
    assert production_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_passwords_shorter_than_ten_characters_are_refused():
    validators = {
        v["NAME"].rsplit(".", 1)[-1]: v.get("OPTIONS", {})
        for v in production_settings.AUTH_PASSWORD_VALIDATORS
    }

    assert validators["MinimumLengthValidator"]["min_length"] >= 10
    assert "CommonPasswordValidator" in validators


# --- the login throttle (django-axes) ---------------------------------------------------------


def test_correct_password_signs_in(client, padang_admin):
    response = login(client, padang_admin.username, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert is_signed_in(client)


def test_wrong_password_is_refused_with_the_form_again(client, padang_admin):
    response = login(client, padang_admin.username, "not-the-password")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not is_signed_in(client)


def test_login_locks_out_after_five_wrong_passwords(client, padang_admin):
    for _attempt in range(5):
        response = login(client, padang_admin.username, "wrong-password-guess")
        assert not is_signed_in(client)

    response = login(client, padang_admin.username, PASSWORD)

    assert response.status_code == 429
    assert "core/lockout.html" in [t.name for t in response.templates]
    assert not is_signed_in(client)


def test_four_wrong_passwords_do_not_lock_out(client, padang_admin):
    for _attempt in range(4):
        login(client, padang_admin.username, "wrong-password-guess")

    response = login(client, padang_admin.username, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_outsiders_failed_attempts_do_not_lock_another_username(client, padang_admin):
    for _attempt in range(6):
        login(client, "mallory", "guess-guess-guess")

    response = login(client, padang_admin.username, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_successful_sign_in_resets_the_failure_count(client, padang_admin):
    for _attempt in range(4):
        login(client, padang_admin.username, "wrong-password-guess")
    assert login(client, padang_admin.username, PASSWORD).status_code == 302
    client.logout()

    for _attempt in range(4):
        login(client, padang_admin.username, "wrong-password-guess")
    response = login(client, padang_admin.username, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


# --- headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_carry_a_strict_content_security_policy(client, padang_admin, signed_in):
    if signed_in:
        client.force_login(padang_admin)
        response = client.get(reverse("core:home"))
    else:
        response = client.get(reverse("core:login"))

    assert response.status_code == 200
    directives = csp_directives(response)
    assert "script-src" in directives
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives.get("style-src", [])
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_pages_have_no_inline_scripts_or_styles_the_policy_would_block(client, padang_admin):
    client.force_login(padang_admin)
    html = client.get(reverse("core:home")).content.decode()

    script_tags = re.findall(r"<script\b[^>]*>", html)
    assert script_tags
    assert all("src=" in tag for tag in script_tags)
    assert not re.search(r"\sstyle=", html)
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_pages_may_not_be_framed(client):
    response = client.get(reverse("core:login"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_api_responses_may_not_be_framed(client):
    response = client.get("/api/v1/regions", {"level": 1})

    assert response["X-Frame-Options"] == "DENY"


# --- sessions -------------------------------------------------------------------------------


def test_sessions_end_after_a_working_day_and_when_the_browser_closes():
    assert production_settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert production_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert production_settings.SESSION_COOKIE_HTTPONLY is True


def test_session_cookie_is_not_persistent_after_sign_in(client, padang_admin):
    login(client, padang_admin.username, PASSWORD)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    # Expiring at browser close means no expiry date on the cookie.
    assert not cookie["expires"]
    assert not cookie["max-age"]


def test_deploy_check_is_clean_in_a_production_like_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "REPLIKA_INSECURE_HTTP"}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="replika.example.go.id",
        DJANGO_SETTINGS_MODULE="replika.config.settings",
        REPLIKA_VAR_DIR=str(tmp_path),
    )
    env.pop("SECURE_SSL_REDIRECT", None)

    result = subprocess.run(
        [sys.executable, "-m", "replika.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


# --- password change and reset ----------------------------------------------------------------


def test_signed_in_user_changes_password(client, padang_admin):
    client.force_login(padang_admin)

    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("core:password_change_done")
    # The session that changed the password stays signed in.
    assert client.get(reverse("core:home")).status_code == 200
    padang_admin.refresh_from_db()
    assert padang_admin.check_password(NEW_PASSWORD)
    assert not padang_admin.check_password(PASSWORD)
    fresh = Client()
    assert login(fresh, padang_admin.username, PASSWORD).status_code == 200
    assert login(fresh, padang_admin.username, NEW_PASSWORD).status_code == 302


def test_password_change_needs_the_old_password(client, padang_admin):
    client.force_login(padang_admin)

    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": "not-the-old-one",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    padang_admin.refresh_from_db()
    assert padang_admin.check_password(PASSWORD)


def test_password_change_refuses_a_short_password(client, padang_admin):
    client.force_login(padang_admin)

    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": "Pdg-123", "new_password2": "Pdg-123"},
    )

    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    padang_admin.refresh_from_db()
    assert padang_admin.check_password(PASSWORD)


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="bidan@padang.example.go.id")

    response = client.post(reverse("core:password_reset"), {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    prefix = reverse("core:password_reset_confirm", args=["UID", "TOKEN"]).split("UID")[0]
    match = re.search(rf"https?://[^/\s]+({re.escape(prefix)}[^\s]+/[^\s]+/)", message.body)
    assert match, message.body

    set_password_page = client.get(match.group(1), follow=True)
    assert set_password_page.status_code == 200
    assert set_password_page.context["validlink"] is True
    done = client.post(
        set_password_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("core:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("core:password_reset"), {"email": "nobody@example.go.id"})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:password_reset_done")
    assert mail.outbox == []


# --- sign out and anonymous access ------------------------------------------------------------


def test_logout_is_post_only(client, padang_admin):
    client.force_login(padang_admin)

    response = client.get(reverse("core:logout"))

    assert response.status_code == 405
    assert is_signed_in(client)


def test_logout_ends_the_session(client, padang_admin):
    client.force_login(padang_admin)

    response = client.post(reverse("core:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:login")
    assert not is_signed_in(client)
    # "/" is the public front page now; a private page asks to sign in again.
    profile = client.get(reverse("core:profile"))
    assert profile.status_code == 302
    assert profile["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize("url", ["/profil/", "/replikasi/", "/audit/"])
def test_anonymous_user_is_sent_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    login_url = reverse("core:login")
    assert response["Location"].startswith(f"{login_url}?next=")
    assert url in response["Location"].replace("%2F", "/")


def test_anonymous_visitor_gets_the_public_front_page_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "core/front.html" in [t.name for t in response.templates]
