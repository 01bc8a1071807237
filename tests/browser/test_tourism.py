"""SIP Banget in a real browser: an operator files a month on a phone, the tourism office
sees compliance rise and the statistics change, and the public portal shows the map and an
approved event. The demo leaves last month open for Ngalau Indah (``tourism.demo``).
"""

from __future__ import annotations

import datetime as dt
import re

from tests.browser.conftest import Visitor


def last_month() -> str:
    today = dt.date.today()  # noqa: DTZ011 — the live server's local day is the same
    return (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


def compliance_percent(visitor: Visitor) -> float:
    visitor.open(f"/wisata/kepatuhan/?periode={last_month()}")
    text = visitor.page.locator(".stat-value").first.inner_text()
    return float(text.replace("%", "").replace(",", ".").strip())


def visits(visitor: Visitor) -> int:
    visitor.open(f"/wisata/statistik/?wilayah=13.76&periode={last_month()}")
    stat = visitor.page.locator(".stat", has_text="Kunjungan ke daya tarik wisata")
    return int(re.sub(r"\D", "", stat.locator(".stat-value").inner_text()))


def test_operator_files_on_a_phone_and_the_office_sees_it(
    phone_visitor: Visitor, visitor: Visitor
) -> None:
    visitor.sign_in("dispar.payakumbuh")
    before_percent = compliance_percent(visitor)
    before_visits = visits(visitor)

    phone = phone_visitor
    phone.sign_in("wisata.ngalau")
    phone.open("/wisata/laporan/")
    page = phone.page
    page.locator(f"a.month-open[href$='/{last_month()}/']").click()
    phone.check_page()
    page.locator("input[name=visitors_domestic]").fill("4321")
    page.locator("input[name=visitors_foreign]").fill("21")
    page.locator("main form button[type=submit]").click()
    phone.check_page()
    assert "Laporan tersimpan" in page.locator(".messages").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the reports page scrolls sideways on a phone ({width}px)"

    assert compliance_percent(visitor) > before_percent
    assert visits(visitor) == before_visits + 4342


def test_the_public_portal_shows_the_map_and_an_approved_event(phone_visitor: Visitor) -> None:
    phone_visitor.open("/wisata/portal/")
    page = phone_visitor.page
    page.locator("#tourism-map.leaflet-container").wait_for()
    page.locator("#tourism-map path.leaflet-interactive").first.wait_for()
    markers = page.locator("#tourism-map .leaflet-overlay-pane path.leaflet-interactive")
    assert markers.count() > 19  # the region outlines and the points of interest
    phone_visitor.open("/wisata/portal/acara/")
    assert page.get_by_text("Festival Silek dan Randai Kubu Gadang").count() == 1
    assert page.get_by_text("Konser Musik Pantai").count() == 0  # rejected by the office
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the events page scrolls sideways on a phone ({width}px)"
