"""Browser tests: Debian's Chromium driven by Playwright against the live server.

Where Chromium (or Playwright) is missing the browser tests are skipped with one clear
reason; with ``CI=true`` that is a failure instead, never a silent skip.
"""

from __future__ import annotations

import os
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import liveserver
from tests.liveserver import DEMO_PASSWORD, ROOT, LiveServer

replika_server = liveserver.replika_server  # the live server fixture, shared
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
MISSING = "Chromium is not installed (apt-get install chromium): the browser tests did not run"


def chromium_path() -> str | None:
    """Debian's Chromium (or ``$CHROMIUM_PATH``), if installed; never a Playwright download."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )


def missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: browser tests will not run"
    return None if chromium_path() else MISSING


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything here ``browser``; skip it (or fail it in CI) when Chromium is missing."""
    here = Path(__file__).parent
    ours = [item for item in items if here in Path(str(item.fspath)).parents]
    for item in ours:
        item.add_marker(pytest.mark.browser)
    reason = missing_reason()
    if reason is None or not ours:
        return
    if os.environ.get("CI") == "true":
        return  # the ``chromium`` fixture fails each test with the reason
    warnings.warn(reason, stacklevel=1)
    for item in ours:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the session (Playwright gives it a fresh profile dir)."""
    reason = missing_reason()
    if reason is not None:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Visitor:
    """A person at a browser: signs in, opens pages, and checks each page reached."""

    def __init__(self, page: Any, server: LiveServer) -> None:
        self.page = page
        self.server = server
        self.console_errors: list[str] = []
        self.checked: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"page error: {exc}"))

    def _on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and (
            source == self.page.url or source.endswith("/favicon.ico")
        ):
            # The page's own status (a form answering 422 on purpose) is not a fault, nor is
            # the favicon Chromium asks for when it shows a JSON document.
            return
        self.console_errors.append(f"{self.page.url}: {message.text} ({source})")

    def url(self, path: str) -> str:
        return self.server.url + path

    def path(self) -> str:
        """The path (and query) of the page shown now."""
        return self.page.url.removeprefix(self.server.url)

    def open(self, path: str, expect_status: int = 200) -> Any:
        """Open a page, check that it answered ``expect_status`` and passes the smoke test."""
        response = self.page.goto(self.url(path))
        assert response is not None and response.status == expect_status, (
            f"{path} answered {response.status if response else None}"
        )
        self.check_page()
        return response

    def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Sign in through the login form, as a person would."""
        self.open("/masuk/")
        self.page.locator("input[name=username]").fill(username)
        self.page.locator("input[name=password]").fill(password)
        self.page.locator("main form button[type=submit]").click()
        self.page.wait_for_load_state()
        assert not self.path().startswith("/masuk/"), f"{username} could not sign in"
        self.check_page()

    def menu(self) -> dict[str, str]:
        """The main menu as {link path: label}."""
        links = self.page.locator("#main-nav a")
        return {
            links.nth(i).get_attribute("href"): links.nth(i).text_content().strip()
            for i in range(links.count())
        }

    def reveal_menu_link(self, link: Any) -> None:
        """Make a link of the main menu visible as a person would: the menu button on a
        phone, then the group it belongs to."""
        page = self.page
        if link.is_visible():
            return
        nav = page.locator("#main-nav")
        button = page.locator("label.menu-button")
        if not nav.is_visible() and button.is_visible():
            button.click()
        if not link.is_visible():
            group = link.locator("xpath=ancestor::details[1]")
            if group.count():
                group.locator("summary").click()

    def follow_menu(self, name: Any) -> None:
        """Open the main menu's entry called ``name`` (text or pattern) and check the page."""
        nav = self.page.locator("#main-nav")
        link = nav.get_by_role("link", name=name, include_hidden=True).first
        self.reveal_menu_link(link)
        link.click()
        self.page.wait_for_load_state()
        self.check_page()

    def check_page(self) -> None:
        """Accessibility smoke: a title, a label on every input, no console error."""
        page = self.page
        page.wait_for_load_state()
        if "text/html" not in (page.evaluate("document.contentType") or ""):
            return
        where = self.path()
        self.checked.append(where)
        assert page.title().strip(), f"{where} has no <title>"
        unlabelled = page.evaluate(UNLABELLED_FIELDS_JS)
        assert not unlabelled, f"{where} has inputs without a label: {unlabelled}"
        dangling = page.evaluate(DANGLING_DESCRIBEDBY_JS)
        assert not dangling, f"{where} points aria-describedby at missing ids: {dangling}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


# Visible form fields with no label[for], wrapping <label>, aria-label or aria-labelledby.
UNLABELLED_FIELDS_JS = """() => {
  const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  const bad = [];
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (skip.has((el.getAttribute('type') || '').toLowerCase())) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if ((box.width === 0 && box.height === 0) || style.visibility === 'hidden') continue;
    const byFor = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    const named = (el.getAttribute('aria-label') || '').trim()
      || (el.getAttribute('aria-labelledby') || '').trim();
    if (!byFor && !el.closest('label') && !named) bad.push(el.outerHTML.slice(0, 160));
  }
  return bad;
}"""

DANGLING_DESCRIBEDBY_JS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean)) {
      if (!document.getElementById(id)) bad.push(`${el.getAttribute('name') || el.tagName}→${id}`);
    }
  }
  return bad;
}"""


def artefact_name(nodeid: str) -> str:
    """A file name for a test's screenshot."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")[:120]


def make_visitor(
    request: pytest.FixtureRequest, chromium: Any, server: LiveServer, **context: Any
) -> Iterator[Visitor]:
    """A fresh browser context (no cookies); screenshot of the last page at the end."""
    browser_context = chromium.new_context(locale="id-ID", **context)
    browser_context.set_default_timeout(20_000)
    page = browser_context.new_page()
    visitor = Visitor(page, server)
    try:
        yield visitor
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(
                path=ARTIFACTS / f"{artefact_name(request.node.nodeid)}.png", full_page=True
            )
        finally:
            browser_context.close()


@pytest.fixture
def visitor(request: pytest.FixtureRequest, chromium: Any, replika_server: LiveServer):
    """Someone at a desktop browser."""
    yield from make_visitor(
        request, chromium, replika_server, viewport={"width": 1280, "height": 900}
    )


@pytest.fixture
def phone_visitor(request: pytest.FixtureRequest, chromium: Any, replika_server: LiveServer):
    """Someone at a 360-px-wide phone screen (a common Android width)."""
    yield from make_visitor(
        request,
        chromium,
        replika_server,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
