"""Poltabes in a real browser: a pendata reports a child on a phone and corrects it, Disdik
verifies, assesses and places it, the filial class records its attendance, and the dashboard
moves."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from tests.browser.conftest import Visitor

NAME = "Anak Uji Peramban"


def _attending(visitor: Visitor) -> int:
    visitor.open("/sekolah/dasbor/")
    stat = visitor.page.locator(
        ".stat", has=visitor.page.locator(".stat-label", has_text="bersekolah")
    )
    return int(re.sub(r"\D", "", stat.first.locator(".stat-value").inner_text()) or 0)


def test_a_child_is_reported_placed_and_followed_and_the_dashboard_moves(
    phone_visitor: Visitor, visitor: Visitor
) -> None:
    # Disdik notes the dashboard first.
    visitor.sign_in("disdik.padangpariaman")
    attending_before = _attending(visitor)

    # The pendata reports the child on a 360-px phone.
    phone = phone_visitor
    phone.sign_in("pendata.padangpariaman")
    phone.open("/sekolah/lapor/")
    page = phone.page
    page.locator("select[name=location]").select_option(index=1)
    page.locator("input[name=name]").fill(NAME)
    page.locator("input[name=sex][value='1']").check()
    page.locator("input[name=birth_date]").fill("2015-03-14")
    page.locator("input[name=ats_type][value='do']").check()
    page.locator("select[name=reason]").select_option("ekonomi")
    page.locator("input[name=guardian_name]").fill("Wali Uji")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the report form scrolls sideways on a phone ({width}px)"
    page.locator("main form button[type=submit]").click()
    # The report goes through the phone's outbox and shows as saved under the form.
    page.wait_for_selector("#r-outbox li[data-state='saved']")
    assert "Kasus" in page.locator("#r-outbox").inner_text()
    phone.check_page()

    # Disdik finds it in the verification queue and moves it on.
    visitor.open("/sekolah/antrian/")
    visitor.page.get_by_role("link", name=NAME).first.click()
    visitor.page.wait_for_load_state()
    case_path = visitor.path()
    assert re.fullmatch(r"/sekolah/kasus/\d+/", case_path), case_path

    def step(name: str, fill: dict[str, str] | None = None, select: dict[str, str] | None = None):
        form = visitor.page.locator(f"form[action$='/{name}/']")
        form.locator("xpath=ancestor::details").locator("summary").click()
        for field, value in (fill or {}).items():
            form.locator(f"[name='{name}-{field}']").fill(value)
        for field, value in (select or {}).items():
            form.locator(f"[name='{name}-{field}'][value='{value}']").check()
        form.locator("button[type=submit]").click()
        visitor.page.wait_for_load_state()
        assert visitor.path() == case_path, f"{name} was refused"

    # Until it is verified, the pendata who reported the child corrects it on the phone.
    phone.open(f"{case_path}koreksi/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the correction form scrolls sideways on a phone ({width}px)"
    page.locator("input[name=guardian_phone]").fill("0812 6600 1234")
    page.locator("input[name=rt]").fill("004")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert phone.path() == case_path, "the correction was refused"
    assert "dikoreksi" in page.locator("main").inner_text()
    assert "Diperbaiki" in page.locator("ol.timeline").inner_text()
    phone.check_page()

    step("verify")
    step("assess", select={"route": "filial"})
    # The page suggests the nearest filial class with a free SD seat; place the child there.
    suggested = visitor.page.locator("section.card li").first.inner_text()
    place_name = suggested.split(" — ")[0]
    form = visitor.page.locator("form[action$='/place/']")
    form.locator("xpath=ancestor::details").locator("summary").click()
    option = form.locator("select[name='place-place'] option", has_text=place_name).first
    form.locator("select[name='place-place']").select_option(option.get_attribute("value"))
    form.locator("button[type=submit]").click()
    visitor.page.wait_for_load_state()
    assert "Ditempatkan" in visitor.page.locator("h1").inner_text()
    visitor.check_page()

    # The filial class records this month's attendance.
    school = phone_visitor
    school.page.context.clear_cookies()
    school.sign_in("satuan.padangpariaman")
    school.open(case_path)
    form = school.page.locator("form[action$='/attendance/']")
    form.locator("xpath=ancestor::details").locator("summary").click()
    month = dt.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m")
    form.locator("[name='attendance-month']").fill(month)
    form.locator("[name='attendance-school_days']").fill("20")
    form.locator("[name='attendance-days_present']").fill("19")
    form.locator("button[type=submit]").click()
    school.page.wait_for_load_state()
    assert "Bersekolah" in school.page.locator("h1").inner_text()

    # The dashboard moves.
    assert _attending(visitor) == attending_before + 1
