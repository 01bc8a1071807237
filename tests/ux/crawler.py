"""A small signed-in crawler over the live demo: pages, their visible text, their links."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.liveserver import DEMO_PASSWORD, LiveServer

# Never followed: signing out, downloads and files, the admin and the API, posts in links.
SKIP = re.compile(
    r"^/(keluar|admin|api|static|i18n|media|healthz)\b|/(unduh|xlsx|pdf|csv|ulangi)/?($|\?)"
    r"|/(cabut|setujui|tolak)/$"
)
# Text inside these is not prose a person reads (scripts, data, the language switch's names).
QUIET = {"script", "style", "code", "pre", "noscript"}
# Attributes people read (tooltips, labels for screen readers, placeholders).
SPOKEN = ("title", "aria-label", "placeholder", "alt")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._quiet = 0
        self._lang_switch = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in QUIET:
            self._quiet += 1
        if tag == "form" and "lang-switch" in (values.get("class") or ""):
            self._lang_switch += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        for name in SPOKEN:
            if values.get(name):
                self.text.append(values[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in QUIET and self._quiet:
            self._quiet -= 1
        if tag == "form" and self._lang_switch:
            self._lang_switch -= 1

    def handle_data(self, data: str) -> None:
        if not self._quiet and not self._lang_switch:
            self.text.append(data)


@dataclass
class Crawl:
    """What one visitor saw: each page's text, by path."""

    pages: dict[str, str] = field(default_factory=dict)


class Visitor:
    """A signed-in (or anonymous) visitor speaking plain HTTP with cookies."""

    def __init__(self, server: LiveServer, language: str = "id") -> None:
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("Accept-Language", language)]

    def get(self, path: str) -> tuple[int, str, str]:
        """(status, content type, body) of a GET."""
        try:
            with self.opener.open(self.server.url + path, timeout=60) as response:
                body = response.read().decode("utf-8", "replace")
                return response.status, response.headers.get("Content-Type", ""), body
        except urllib.error.HTTPError as exc:
            return (
                exc.code,
                exc.headers.get("Content-Type", ""),
                exc.read().decode("utf-8", "replace"),
            )

    def sign_in(self, username: str) -> None:
        _status, _type, body = self.get("/masuk/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert token, "the login page has no CSRF token"
        data = urllib.parse.urlencode(
            {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token[1]}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the live server's own http URL
            self.server.url + "/masuk/", data=data, headers={"Referer": self.server.url + "/masuk/"}
        )
        with self.opener.open(request, timeout=60) as response:
            assert "/masuk/" not in response.url, f"{username} could not sign in"

    def crawl(self, start: str = "/", limit: int = 60) -> Crawl:
        """Breadth-first over the site's own links (each path once, queries dropped)."""
        seen: set[str] = set()
        queue: deque[str] = deque([start])
        found = Crawl()
        while queue and len(found.pages) < limit:
            path = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            status, content_type, body = self.get(path)
            if status != 200 or "text/html" not in content_type:
                continue
            parser = _Page()
            parser.feed(body)
            found.pages[path] = " ".join(parser.text)
            for href in parser.links:
                target = urllib.parse.urlsplit(href)
                if target.scheme or target.netloc or not target.path.startswith("/"):
                    continue
                if SKIP.search(target.path) or target.path in seen:
                    continue
                queue.append(target.path)
        return found
