"""Shared public answers: anonymous crowds are served before the middleware stack, nobody else.

A hit is recognised by its request-log line (``cache: shared``, at DEBUG), written only by the
shared answer cache; the stack's own request log never carries it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time

import pytest
from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
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


# --- One draw per answer and process -------------------------------------------------------


class _Stack:
    """A stand-in for the middleware stack: counts draws, optionally shares or stalls them."""

    def __init__(
        self, *, share: bool, hold: threading.Event | None = None, status: int = 200
    ) -> None:
        self.share = share
        self.status = status
        self.hold = hold
        self.draws = 0
        self.started = threading.Event()
        self.lock = threading.Lock()
        self.fail_next = False

    def __call__(self, request):
        with self.lock:
            self.draws += 1
            fail, self.fail_next = self.fail_next, False
        self.started.set()
        if self.hold is not None:
            self.hold.wait(5)
        if fail:
            raise RuntimeError("the database went away")
        if self.share:
            cache.share(request, "nutrition")
        return HttpResponse(b"<p>figures</p>", content_type="text/html", status=self.status)


def _crowd(middleware, count: int) -> tuple[list, list[threading.Thread]]:
    """``count`` anonymous visitors asking for the same answer at once; their responses."""
    answers: list = [None] * count

    def visit(slot: int) -> None:
        request = RequestFactory().get("/gizi/publik/", {"bulan": "2026-10"})
        try:
            answers[slot] = middleware(request)
        except RuntimeError as error:
            answers[slot] = error

    threads = [threading.Thread(target=visit, args=(slot,)) for slot in range(count)]
    for thread in threads:
        thread.start()
    return answers, threads


def test_a_crowd_on_a_missing_answer_draws_it_once(db):
    hold = threading.Event()
    stack = _Stack(share=True, hold=hold)
    middleware = public_answers.PublicAnswerCacheMiddleware(stack)
    answers, threads = _crowd(middleware, 8)
    assert stack.started.wait(5)
    time.sleep(0.1)  # the others arrive while the first is still drawing
    hold.set()
    for thread in threads:
        thread.join(10)
    assert stack.draws == 1
    assert all(answer.status_code == 200 for answer in answers)
    assert {answer.content for answer in answers} == {b"<p>figures</p>"}


@pytest.mark.parametrize(
    ("share", "status"), [(False, 200), (True, 422)], ids=["never shared", "refused query"]
)
def test_visitors_of_an_answer_not_stored_do_not_wait_for_each_other(db, share, status):
    stack = _Stack(share=share, status=status)
    middleware = public_answers.PublicAnswerCacheMiddleware(stack)
    middleware(RequestFactory().get("/gizi/publik/", {"bulan": "2026-10"}))
    # Now known not to be stored: four visitors draw it side by side (a queue would never
    # bring all four into the stack at once, and the barrier would break).
    barrier = threading.Barrier(4, timeout=5)
    original = stack.__call__

    def side_by_side(request):
        barrier.wait()
        return original(request)

    middleware.get_response = side_by_side
    answers, threads = _crowd(middleware, 4)
    for thread in threads:
        thread.join(10)
    assert all(getattr(answer, "status_code", None) == status for answer in answers)
    assert stack.draws == 5


def test_when_the_drawing_visitor_fails_the_others_draw_it_themselves(db):
    hold = threading.Event()
    stack = _Stack(share=True, hold=hold)
    stack.fail_next = True
    middleware = public_answers.PublicAnswerCacheMiddleware(stack)
    answers, threads = _crowd(middleware, 3)
    assert stack.started.wait(5)
    time.sleep(0.1)
    hold.set()
    for thread in threads:
        thread.join(10)
    assert sum(isinstance(answer, RuntimeError) for answer in answers) == 1
    assert sum(getattr(answer, "status_code", None) == 200 for answer in answers) == 2
    assert stack.draws >= 2


def test_a_stalled_draw_holds_the_others_only_for_a_while(db, monkeypatch):
    monkeypatch.setattr(public_answers, "FOLLOW_SECONDS", 0.05)
    hold = threading.Event()
    stack = _Stack(share=True, hold=hold)
    middleware = public_answers.PublicAnswerCacheMiddleware(stack)
    first, first_threads = _crowd(middleware, 1)
    assert stack.started.wait(5)
    # The first draw is stuck; a second visitor waits its while, then draws for itself
    # (and is itself held by the stalled stand-in until it is released).
    second, second_threads = _crowd(middleware, 1)
    deadline = time.monotonic() + 5
    while stack.draws < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert stack.draws == 2
    hold.set()
    for thread in first_threads + second_threads:
        thread.join(10)
    assert first[0].status_code == second[0].status_code == 200
