"""The session store reads a live session with one prepared statement, as Django's would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from replika.core.sessions import SessionStore
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_the_project_uses_this_store():
    assert settings.SESSION_ENGINE == "replika.core.sessions"


def test_a_saved_session_is_read_back_in_one_statement():
    store = SessionStore()
    store["membership"] = 7
    store.save()
    again = SessionStore(store.session_key)
    with CaptureQueriesContext(connection) as queries:
        assert again["membership"] == 7
    assert len(queries) == 1
    assert again.session_key == store.session_key


def test_an_expired_session_is_not_read_and_its_key_is_dropped():
    store = SessionStore()
    store["membership"] = 7
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None


def test_an_unknown_or_malformed_key_reads_nothing():
    assert SessionStore("x" * 32).load() == {}
    assert SessionStore("' OR 1=1 --").load() == {}
    assert SessionStore(None).load() == {}


def test_a_session_about_to_expire_is_still_read():
    store = SessionStore()
    store["membership"] = 7
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + dt.timedelta(seconds=30)
    )
    assert SessionStore(store.session_key)["membership"] == 7


def test_sign_in_survives_requests_and_sign_out_ends_it():
    user = user_with_role("petugas_gizi_dinkes", "13.71")
    client = Client()
    client.force_login(user)
    home = reverse("core:home")
    assert client.get(home).wsgi_request.user == user
    client.post(reverse("core:logout"))
    assert not client.get(home).wsgi_request.user.is_authenticated
    # An outsider holding a stolen key after sign-out gets nothing.
    assert not Session.objects.exists() or all(
        SessionStore(s.session_key).get("_auth_user_id") is None for s in Session.objects.all()
    )
