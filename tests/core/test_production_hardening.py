"""Production hardening: the secret key, the client address behind a proxy, caches and mail."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from replika.config.settings import (
    DEVELOPMENT_SECRET_KEY,
    SECRET_KEY_MIN_LENGTH,
    secret_key_problem,
)
from replika.core.middleware import client_address
from tests.factories import PASSWORD, UserFactory

PROXY = "10.0.0.5"
HOME_USER = "203.0.113.7"
ATTACKER = "198.51.100.66"


def _settings_env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "EMAIL_URL", "EMAIL_HOST", "EMAIL_PORT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="replika.config.settings",
        REPLIKA_VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="replika.example.go.id",
    )
    env.update(values)
    return env


def _python(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the project's own Python and fixed arguments
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- 9: no production without a real secret key ------------------------------------------------


@pytest.mark.parametrize(
    "key",
    ["", DEVELOPMENT_SECRET_KEY, "short-but-not-empty", "k" * (SECRET_KEY_MIN_LENGTH - 1)],
)
def test_production_refuses_a_missing_default_or_short_key(key):
    assert secret_key_problem(key, debug=False) is not None


def test_production_accepts_a_long_random_key_and_development_any_key():
    assert secret_key_problem(secrets.token_urlsafe(64), debug=False) is None
    assert secret_key_problem(DEVELOPMENT_SECRET_KEY, debug=True) is None


@pytest.mark.parametrize("key", [None, DEVELOPMENT_SECRET_KEY, "tooshort" * 5])
def test_production_command_does_not_start_without_a_real_key(tmp_path, key):
    values = {"DEBUG": "0"} if key is None else {"DEBUG": "0", "SECRET_KEY": key}

    result = _python(
        _settings_env(tmp_path, **values),
        "from replika.cli import main; raise SystemExit(main())",
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr
    assert "token_urlsafe" in result.stderr


def test_production_command_starts_with_a_real_key(tmp_path):
    result = _python(
        _settings_env(tmp_path, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64)),
        "import django; django.setup(); print('started')",
    )

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


# --- 8: the lock-out keys on the real client behind the trusted proxy ---------------------------


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(REPLIKA_TRUSTED_PROXIES=[PROXY])
def test_client_address_comes_from_the_header_only_through_a_trusted_proxy():
    assert client_address(_request(PROXY, HOME_USER)) == HOME_USER
    # Spoofed hops on the left do not matter: the proxy appended the real peer last.
    assert client_address(_request(PROXY, f"1.2.3.4, {ATTACKER}")) == ATTACKER
    # From anywhere else the header is ignored.
    assert client_address(_request(ATTACKER, HOME_USER)) == ATTACKER
    assert client_address(_request(PROXY)) == PROXY
    assert client_address(_request(PROXY, "not-an-address")) == PROXY


@override_settings(REPLIKA_TRUSTED_PROXIES=["10.0.0.0/24", "192.0.2.1"])
def test_trusted_proxies_may_be_networks_and_chains():
    assert client_address(_request("10.0.0.9", f"{HOME_USER}, 192.0.2.1")) == HOME_USER


@override_settings(REPLIKA_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address(_request(PROXY, HOME_USER)) == PROXY


def _login_via_proxy(client: Client, username: str, password: str, origin: str):
    return client.post(
        reverse("core:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=origin,
    )


@pytest.mark.django_db
@override_settings(REPLIKA_TRUSTED_PROXIES=[PROXY])
def test_wrong_passwords_from_elsewhere_do_not_lock_the_real_user_out(padang_admin):
    attacker = Client()
    for _attempt in range(6):
        _login_via_proxy(attacker, padang_admin.username, "wrong-password-guess", ATTACKER)
    assert _login_via_proxy(attacker, padang_admin.username, PASSWORD, ATTACKER).status_code == 429

    user = Client()
    response = _login_via_proxy(user, padang_admin.username, PASSWORD, HOME_USER)

    assert response.status_code == 302
    assert "_auth_user_id" in user.session


# --- 11: what is rendered for a signed-in user stays out of shared caches -----------------------


@pytest.mark.django_db
def test_signed_in_pages_are_private(client, padang_admin):
    client.force_login(padang_admin)

    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_public_page_rendered_for_a_signed_in_user_is_never_public(client, padang_admin):
    anonymous = Client().get(reverse("nutrition:public"))
    assert "public" in anonymous["Cache-Control"]

    client.force_login(padang_admin)
    response = client.get(reverse("nutrition:public"))

    assert response.status_code == 200
    directives = [part.strip() for part in response["Cache-Control"].split(",")]
    assert "private" in directives
    assert "public" not in directives


@pytest.mark.django_db
def test_api_answers_to_a_token_are_private(client, padang_admin):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer not-a-real-token")

    assert "private" in response["Cache-Control"]


# --- 12: password reset mail through configurable SMTP ----------------------------------------


@pytest.mark.django_db
def test_password_reset_sends_a_mail_from_the_configured_sender(client, settings):
    settings.DEFAULT_FROM_EMAIL = "Replika Sumbar <noreply@sumbarprov.go.id>"
    user = UserFactory(email="kader@agam.example.go.id")

    client.post(reverse("core:password_reset"), {"email": user.email})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].from_email == "Replika Sumbar <noreply@sumbarprov.go.id>"


_PRINT_MAIL = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS)"
)


def test_email_url_configures_smtp(tmp_path):
    env = _settings_env(
        tmp_path,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        EMAIL_URL="smtp+tls://replika:rahasia@smtp.sumbarprov.go.id:587",
    )

    result = _python(env, _PRINT_MAIL)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.sumbarprov.go.id",
        "587",
        "replika",
        "True",
    ]


def test_email_host_variables_configure_smtp(tmp_path):
    env = _settings_env(
        tmp_path,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        EMAIL_HOST="mail.padang.go.id",
        EMAIL_PORT="465",
        EMAIL_HOST_USER="dinkes",
    )

    result = _python(env, _PRINT_MAIL)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.padang.go.id",
        "465",
        "dinkes",
        "False",
    ]


def test_development_prints_mail_to_the_console(tmp_path):
    result = _python(_settings_env(tmp_path, DEBUG="1"), _PRINT_MAIL)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.core.mail.backends.console.EmailBackend"
