"""The outbreak workflow in a real browser: a puskesmas reports a case on a phone, the Dinas
verifies it and lists a contact, the tracer follows the contact on a phone, the contact
becomes a case, and the dashboard and the open data move."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.request
from typing import Any
from zoneinfo import ZoneInfo

from tests.browser.conftest import Visitor

NIK = "1374014107999999"  # a demo NIK: a woman born 1 July 1999 in Padang Panjang Timur
CONTACT = "Aaa Kontak Peramban"


def _open_data_cumulative(visitor: Visitor, start: dt.date) -> int:
    query = f"disease=covid19&wilayah=13.74&from={start}"
    with urllib.request.urlopen(visitor.url(f"/api/v1/outbreak/open-data?{query}")) as answer:  # noqa: S310
        return int(json.load(answer)["cumulative"])


def _dashboard_cumulative(visitor: Visitor) -> int:
    visitor.open("/wabah/dasbor/?disease=covid19&wilayah=13.74")
    stat = visitor.page.locator(
        ".stat", has=visitor.page.locator(".stat-label", has_text="kumulatif")
    )
    return int(stat.locator(".stat-value").inner_text().replace(".", "").strip())


def _choose_place(page: Any, name: str) -> None:
    """Pick a nagari/kelurahan by the start of its label (the kecamatan follows it)."""
    option = page.locator("select[name=location] option", has_text=name).first
    page.select_option("select[name=location]", value=option.get_attribute("value"))


def _fill_date(visitor: Visitor, name: str, day: dt.date) -> None:
    visitor.page.locator(f"input[name={name}]").fill(day.isoformat())


def test_a_case_is_reported_verified_traced_and_moves_the_figures(
    visitor: Visitor, phone_visitor: Visitor
) -> None:
    today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
    dinas, phone = visitor, phone_visitor
    dinas.sign_in("surveilans.padangpanjang")
    before_dashboard = _dashboard_cumulative(dinas)
    before_open = _open_data_cumulative(dinas, today - dt.timedelta(days=20))

    # A puskesmas officer reports a case on a phone.
    phone.sign_in("faskes.padangpanjang")
    phone.open("/wabah/kasus/baru/")
    page = phone.page
    page.select_option("select[name=disease]", label="COVID-19")
    page.select_option("select[name=classification]", value="konfirmasi")
    page.locator("input[name=nik]").fill(NIK)
    page.locator("input[name=name]").fill("Rahmi Uji Peramban")
    page.select_option("select[name=sex]", value="P")
    _fill_date(phone, "birth_date", dt.date(1999, 7, 1))
    _fill_date(phone, "reported_on", today)
    _fill_date(phone, "onset_date", today - dt.timedelta(days=1))
    _choose_place(page, "Ekor Lubuk")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert re.search(r"/wabah/kasus/\d+/$", phone.path()), phone.path()
    phone.check_page()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the case page scrolls sideways on a phone ({width}px)"
    case_path = phone.path()

    # The Dinas verifies it and lists a household contact.
    dinas.open("/wabah/kasus/verifikasi/")
    row = dinas.page.locator("tr", has_text="Rahmi Uji Peramban")
    row.locator("button[type=submit]").click()
    dinas.page.wait_for_load_state()
    dinas.open(case_path + "kontak/")
    form = dinas.page
    form.locator("input[name=name]").fill(CONTACT)
    _choose_place(form, "Ekor Lubuk")
    _fill_date(dinas, "exposure_date", today - dt.timedelta(days=1))
    form.select_option("select[name=exposure_type]", value="household")
    form.locator("main form button[type=submit]").click()
    form.wait_for_load_state()
    assert re.search(r"/wabah/kontak/\d+/$", dinas.path()), dinas.path()
    contact_path = dinas.path()

    # The tracer finds the contact on today's list and records symptoms with one tap.
    phone.page.context.clear_cookies()
    phone.sign_in("tracer.padangpanjang")
    phone.open("/wabah/pelacakan/")
    card = phone.page.locator("li.tracer-row", has_text=CONTACT)
    card.locator("button[value=symptomatic]").click()
    phone.page.wait_for_load_state()
    phone.check_page()
    assert "Bergejala" in phone.page.locator("li.tracer-row", has_text=CONTACT).inner_text()
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the tracer's list scrolls sideways on a phone ({width}px)"

    # The symptomatic contact becomes a case in one step; the Dinas verifies it too.
    dinas.open(contact_path + "jadi-kasus/")
    dinas.page.select_option("select[name=classification]", value="konfirmasi")
    dinas.page.locator("input[name=nik]").fill("1374011503859999")
    dinas.page.select_option("select[name=sex]", value="L")
    dinas.page.locator("main form button[type=submit]").click()
    dinas.page.wait_for_load_state()
    assert re.search(r"/wabah/kasus/\d+/$", dinas.path()), dinas.path()
    dinas.page.locator("form[action$='/verifikasi/'] button").click()
    dinas.page.wait_for_load_state()

    assert _dashboard_cumulative(dinas) == before_dashboard + 2
    assert _open_data_cumulative(dinas, today - dt.timedelta(days=19)) == before_open + 2
