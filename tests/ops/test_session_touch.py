"""Sessions stay alive while used, but are written at most once a minute, not per request."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from replika.core.middleware import TOUCHED_KEY
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(settings):
    settings.REPLIKA_SESSION_TOUCH_SECONDS = 60
    client = Client()
    client.force_login(user_with_role("admin_daerah", "13.71"))
    return client


def _expiry(client: Client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_pages_within_a_minute_do_not_write_the_session_again(signed_in, monkeypatch):
    assert signed_in.get("/").status_code == 200  # the first page records the touch
    first = _expiry(signed_in)
    for _ in range(3):
        assert signed_in.get("/").status_code == 200
    assert _expiry(signed_in) == first


def test_a_session_in_use_is_pushed_back_after_a_minute(signed_in, monkeypatch):
    assert signed_in.get("/").status_code == 200
    first = _expiry(signed_in)
    touched = signed_in.session[TOUCHED_KEY]
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert signed_in.get("/").status_code == 200
    assert signed_in.session[TOUCHED_KEY] == int(later) > touched
    assert _expiry(signed_in) > first


def test_anonymous_visitors_get_no_session(client):
    response = client.get("/gizi/publik/")
    assert response.status_code == 200
    assert not Session.objects.exists()
    assert "sessionid" not in response.cookies
