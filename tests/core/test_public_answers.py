"""Shared public answers: anonymous crowds are served before the middleware stack, nobody else.

A hit is recognised by its request-log line (``cache: shared``, at DEBUG), written only by the
shared answer cache; the stack's own request log never carries it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time

import pytest
from django.core.cache import cache as django_cache
from django.test import Client
from django.urls import reverse

from replika.core import cache, public_answers
from replika.nutrition.models import NutritionSummary
from replika.replication.models import Stage
from tests.factories import make_commitment, region, user_with_role

pytestmark = pytest.mark.django_db

PUBLIC = reverse("nutrition:public")
API = "/api/v1/nutrition/prevalence"
OCTOBER = dt.date(2026, 10, 1)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def padang(db):
    """Ayo Ceting live in Kota Padang, with a summary row for the province and Padang."""
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    for code, level in (("13", 1), ("13.71", 2)):
        kab = region("13.71") if level > 1 else None
        NutritionSummary.objects.create(
            scope=code,
            scope_level=level,
            region=kab,
            wilayah=region(code),
            period=OCTOBER,
            s_toddlers=40,
            d_weighed=34,
            len_valid=32,
            stunted=12,
        )


@pytest.fixture
def hits(caplog):
    """A function counting the requests answered from the shared cache so far."""
    caplog.set_level(logging.DEBUG, logger="replika.request")

    def count() -> int:
        return sum(getattr(r, "cache", None) == "shared" for r in caplog.records)

    return count


def _get(client: Client, path: str = PUBLIC, **extra):
    return client.get(path, {"bulan": "2026-10"} if path == PUBLIC else {}, **extra)


def test_the_second_anonymous_visit_skips_the_stack(padang, hits):
    first = _get(Client())
    assert hits() == 0
    second = _get(Client())
    assert hits() == 1
    assert second.status_code == 200
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())
    for header in ("Content-Type", "Cache-Control", "Content-Security-Policy", "X-Frame-Options"):
        assert second[header] == first[header]
    assert int(second["Content-Length"]) == len(second.content)


def test_the_public_api_is_shared_too(padang, hits):
    url = f"{API}?wilayah=13.71&period=2026-10"
    first = Client().get(url)
    second = Client().get(url)
    assert hits() == 1
    assert second.json() == first.json()


def test_a_signed_in_visitor_is_never_served_the_crowds_copy(padang, hits, client_for):
    _get(Client())
    _get(Client())
    assert hits() == 1
    officer = user_with_role("admin_daerah", "13.71", full_name="Rahmawati Sutan Pamenan")
    page = _get(client_for(officer))
    assert hits() == 1
    assert "Rahmawati Sutan Pamenan" in page.content.decode()
    assert "private" in page["Cache-Control"]


def test_a_signed_in_page_is_never_stored_for_the_crowd(padang, hits, client_for):
    officer = user_with_role("admin_daerah", "13.71", full_name="Rahmawati Sutan Pamenan")
    for _ in range(2):
        _get(client_for(officer))
    anonymous = _get(Client())
    assert hits() == 0
    assert "Rahmawati" not in anonymous.content.decode()


def test_a_personal_page_is_never_shared(padang, hits, client_for):
    """The dashboard is not marked shared: neither its owner nor an outsider gets a copy."""
    owner = client_for(user_with_role("petugas_gizi_dinkes", "13.71", full_name="Nurul Aini"))
    url = reverse("nutrition:dashboard") + "?tempat=13.71&bulan=2026-10"
    assert owner.get(url).status_code == 200
    outsider = client_for(user_with_role("petugas_gizi_dinkes", "13.06"))
    assert "Nurul Aini" not in outsider.get(url).content.decode()
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert hits() == 0


def test_a_page_the_view_did_not_share_is_not_stored(db, hits):
    login = reverse("core:login")
    for _ in range(2):
        assert Client().get(login).status_code == 200
    assert hits() == 0


def test_an_anonymous_visitor_with_other_cookies_gets_the_stack(padang, hits):
    """A messages or session cookie may make the page personal: no shared copy for it."""
    _get(Client())
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    _get(visitor)
    stale = Client()
    stale.cookies["sessionid"] = "not-a-session"
    _get(stale)
    assert hits() == 0


def test_a_token_carrying_request_gets_the_stack(padang, hits):
    url = f"{API}?wilayah=13.71&period=2026-10"
    Client().get(url)
    Client().get(url, HTTP_AUTHORIZATION="Bearer not-a-token")
    assert hits() == 0


def test_each_visitor_gets_their_own_csrf_token_from_a_hit(padang, hits):
    _get(Client())
    visitor = Client(enforce_csrf_checks=True)
    page = _get(visitor)
    assert hits() == 1
    token = TOKEN.search(page.content.decode())
    assert token is not None
    assert page.cookies["csrftoken"].value
    other = TOKEN.search(_get(Client()).content.decode())
    assert other is not None and other.group(1) != token.group(1)
    answer = visitor.post(
        reverse("set_language"),
        {"language": "en", "next": PUBLIC, "csrfmiddlewaretoken": token.group(1)},
    )
    assert answer.status_code == 302


def test_a_bump_ends_the_shared_copy(padang, hits):
    _get(Client())
    cache.bump("nutrition")
    _get(Client())
    assert hits() == 0
    _get(Client())
    assert hits() == 1


def test_each_language_has_its_own_copy(padang, hits):
    indonesian = _get(Client(), HTTP_ACCEPT_LANGUAGE="id")
    english = _get(Client(), HTTP_ACCEPT_LANGUAGE="en")
    assert hits() == 0
    assert indonesian["Content-Language"] == "id"
    assert english["Content-Language"] == "en"
    again = _get(Client(), HTTP_ACCEPT_LANGUAGE="en")
    assert hits() == 1
    assert again["Content-Language"] == "en"


def test_a_host_not_allowed_is_refused_even_when_cached(padang, hits):
    _get(Client())
    assert _get(Client(), HTTP_HOST="evil.example").status_code == 400
    assert hits() == 0


def test_an_answer_that_is_not_a_success_is_not_stored(padang, hits):
    url = f"{API}?wilayah=13.71.02.1007&period=2026-10"
    for _ in range(2):
        assert Client().get(url).status_code == 422
    assert hits() == 0


def test_entries_expire_with_the_public_cache_timeout(padang, hits, settings):
    settings.REPLIKA_PUBLIC_CACHE_SECONDS = 1
    _get(Client())
    time.sleep(1.1)
    _get(Client())
    assert hits() == 0


def test_the_key_holds_host_path_query_and_language(padang):
    request = Client().get(PUBLIC, {"bulan": "2026-10"}).wsgi_request
    key = public_answers.answer_key(request, "id")
    assert key != public_answers.answer_key(request, "en")
    assert django_cache.get(key) is not None
    other = Client().get(PUBLIC, {"bulan": "2026-09"}).wsgi_request
    assert public_answers.answer_key(other, "id") != key
