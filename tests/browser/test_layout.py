"""Every demo role's menu at a phone, a laptop and a wide screen: no page scrolls sideways,
and every menu entry can be brought into view and opens a page.

Every entry's page is opened at the phone and the wide screen, the two widths every page
must serve. At the laptop width, where the one-row menu is tightest, each entry is brought
into view and must lie inside the window; its page, already opened at a narrower and a
wider window, is not loaded a third time (a third of the matrix's page loads).

The menu groups its entries (per module, platform pages in the account group), so however
many modules are live it stays one short row; these tests fail when it runs off the screen.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Visitor, make_visitor
from tests.liveserver import LiveServer

DEMO_USERS = (
    "admin",
    "provinsi",
    "mentor",
    "admin.padang",
    "admin.agam",
    "admin.padangpanjang",
    "admin.duadaerah",
    "gizi.padang",
    "gizi.agam",
    "bidan.andalas",
    "kader.padang",
    "kader.agam",
    "penilai.1",
    "penilai.2",
    "penilai.3",
    "panelis.1",
)
WIDTHS = (360, 1366, 1920)
# The widths at which every menu entry's page is opened (see the module docstring).
PAGE_WIDTHS = (360, 1920)

# The page's width beyond the window (a sideways scroll), and the menu's links lying
# outside the window once revealed.
OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
OUTSIDE_JS = """(el) => {
  const box = el.getBoundingClientRect();
  return box.left < 0 || box.right > document.documentElement.clientWidth || box.width === 0;
}"""


@pytest.fixture
def sized_visitor(
    request: pytest.FixtureRequest, chromium: Any, replika_server: LiveServer
) -> Iterator[Visitor]:
    """A visitor whose window is as wide as the test's ``width`` parameter."""
    width = request.node.callspec.params["width"]
    extra = {"is_mobile": True, "has_touch": True} if width < 768 else {}
    yield from make_visitor(
        request, chromium, replika_server, viewport={"width": width, "height": 900}, **extra
    )


def assert_no_sideways_scroll(visitor: Visitor, width: int) -> None:
    overflow = visitor.page.evaluate(OVERFLOW_JS)
    assert overflow <= 0, f"{visitor.path()} is {overflow}px wider than a {width}px window"


def menu_links(visitor: Visitor) -> list[tuple[str, str]]:
    """The main menu's entries as (href, label), in order."""
    links = visitor.page.locator("#main-nav a")
    return [
        (links.nth(i).get_attribute("href"), links.nth(i).text_content().strip())
        for i in range(links.count())
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_menu_entry_is_reachable_and_no_page_scrolls_sideways(
    sized_visitor: Visitor, username: str, width: int
) -> None:
    visitor = sized_visitor
    page = visitor.page
    visitor.sign_in(username)
    assert_no_sideways_scroll(visitor, width)
    entries = menu_links(visitor)
    assert entries, f"{username} has an empty menu"
    # The menu is one short row of groups on a wide screen, never a second page width.
    if width >= 1366:
        groups = page.locator("#main-nav .menu-group")
        tops = {round(groups.nth(i).bounding_box()["y"]) for i in range(groups.count())}
        assert len(tops) == 1, f"{username}'s menu wraps onto {len(tops)} rows at {width}px"
    for href, label in entries:
        # Every page carries the same menu, all groups closed after a page load, so each
        # entry is reached from the page the previous one opened (the home page was checked
        # at sign-in); reloading the home page before every entry doubled the page loads.
        # Back to the home page only where the previous entry led to a page without the menu.
        if not page.locator("#main-nav").count():
            visitor.open("/")
        link = page.locator(f'#main-nav a[href="{href}"]').first
        visitor.reveal_menu_link(link)
        assert link.is_visible(), f"{label} ({href}) cannot be brought into view at {width}px"
        assert not link.evaluate(OUTSIDE_JS), f"{label} lies outside a {width}px window"
        if width not in PAGE_WIDTHS:
            # Opening the next entry's group closes this one (replika.js), as a click would.
            continue
        link.click()
        page.wait_for_load_state()
        visitor.check_page()
        assert visitor.path().split("?")[0].startswith(href.split("?")[0]) or href == "/", (
            f"{label} led to {visitor.path()}"
        )
        assert_no_sideways_scroll(visitor, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/", "/gizi/publik/", "/kompetisi/hasil/", "/masuk/"])
def test_public_pages_fit_the_window(sized_visitor: Visitor, path: str, width: int) -> None:
    sized_visitor.open(path)
    assert_no_sideways_scroll(sized_visitor, width)


def test_the_maps_draw_every_region_and_the_screens_are_kept(visitor: Visitor) -> None:
    """The front page's replication map and the public stunting map draw the 19 kab/kota
    (and the 179 kecamatan); their screenshots and a ministry PDF land in test-artifacts/."""
    page = visitor.page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visitor.open("/")
    page.locator("#replication-map.map-ready").wait_for()
    assert page.locator("#replication-map path.leaflet-interactive").count() == 19
    page.screenshot(path=ARTIFACTS / "front-page.png", full_page=True)

    visitor.open("/gizi/publik/")
    page.locator("#stunting-map.map-ready").wait_for()
    assert page.locator("#stunting-map path.leaflet-interactive").count() == 19
    page.screenshot(path=ARTIFACTS / "public-stunting-map.png", full_page=True)
    visitor.open("/gizi/publik/?tingkat=kecamatan")
    page.locator("#stunting-map.map-ready").wait_for()
    assert page.locator("#stunting-map path.leaflet-interactive").count() == 179

    visitor.sign_in("provinsi")
    answer = page.request.get(visitor.url("/replikasi/matriks/pdf/"))
    assert answer.status == 200 and answer.body().startswith(b"%PDF")
    pdf = ARTIFACTS / "ministry-matrix.pdf"
    pdf.write_bytes(answer.body())
    # A picture of the PDF's first page where poppler is installed (make browser adds it).
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                pdftoppm,
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(ARTIFACTS / "ministry-matrix"),
            ],
            check=True,
            timeout=120,
        )
        assert (ARTIFACTS / "ministry-matrix.png").stat().st_size > 10_000
