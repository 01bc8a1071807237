"""What people see in a real browser: menus per role, settings, monitoring, public pages,
language, and a posyandu session on a phone. Every page reached passes the accessibility
smoke test (title, labels, no console error); each test's last page is saved as a
screenshot under test-artifacts/browser/.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import Visitor

REPLICATION = "/replikasi/"
MATRIX = "/replikasi/matriks/"
USERS = "/pengguna/"
AUDIT = "/audit/"
CALCULATOR = "/gizi/kalkulator/"

# username → (menu entries that must be there {path: label}, paths that must not be).
# A label of None is checked by its link only.
# TODO(i18n): "Matrix" has no Indonesian translation yet (msgid missing in django.po);
# once it reads "Matriks" put the label here.
MENUS = {
    "admin.padang": (
        {REPLICATION: "Replikasi", MATRIX: None, USERS: "Pengguna", AUDIT: "Riwayat perubahan"},
        set(),
    ),
    "provinsi": ({REPLICATION: "Replikasi", MATRIX: None, USERS: "Pengguna"}, set()),
    "mentor": ({REPLICATION: "Replikasi", MATRIX: None}, {USERS, AUDIT}),
    "kader.padang": ({CALCULATOR: "Kalkulator pertumbuhan"}, {REPLICATION, MATRIX, USERS}),
    "gizi.padang": ({CALCULATOR: "Kalkulator pertumbuhan"}, {REPLICATION, USERS}),
    "bidan.andalas": ({}, {REPLICATION, MATRIX, USERS}),
    "admin.duadaerah": ({REPLICATION: "Replikasi", USERS: "Pengguna"}, set()),
}


@pytest.mark.parametrize("username", sorted(MENUS))
def test_each_demo_role_sees_its_own_menu(visitor: Visitor, username: str) -> None:
    visitor.sign_in(username)
    menu = visitor.menu()
    expected, absent = MENUS[username]
    for path, label in expected.items():
        assert path in menu, f"{username} should see {path} in the menu, sees {menu}"
        if label is not None:
            assert menu[path] == label
    assert not absent & set(menu), f"{username} should not see {absent & set(menu)}"
    # Every entry of the menu opens a page for this person.
    for path in menu:
        visitor.open(path)


def test_person_in_two_regions_can_switch_the_role_they_work_under(visitor: Visitor) -> None:
    visitor.sign_in("admin.duadaerah")
    switch = visitor.page.locator("#membership-switch")
    options = switch.locator("option")
    assert options.count() == 2
    other = next(
        options.nth(i).get_attribute("value")
        for i in range(2)
        if options.nth(i).get_attribute("selected") is None
    )
    # Choosing the other role submits the form by itself (the page script).
    with visitor.page.expect_navigation():
        switch.select_option(other)
    visitor.check_page()
    assert visitor.page.locator("#membership-switch").input_value() == other


def test_region_admin_sees_a_field_error_for_a_bad_setting_then_saves_a_good_one(
    visitor: Visitor,
) -> None:
    visitor.sign_in("admin.padang")
    page = visitor.page
    visitor.follow_menu("Replikasi")
    page.locator("main table").get_by_role("link", name=re.compile("Ayo Ceting")).first.click()
    visitor.check_page()
    page.locator("main").get_by_role("link", name=re.compile("pengaturan", re.I)).first.click()
    visitor.check_page()
    assert re.search(r"/replikasi/\d+/pengaturan/$", visitor.path())

    deadline = page.locator("input[name=report_deadline_day]")
    deadline.fill("45")
    page.get_by_role("button", name=re.compile("Simpan")).click()
    page.wait_for_load_state()
    visitor.check_page()
    field = page.locator(".field.has-error", has=deadline)
    assert field.count() == 1, "the bad value is not marked on its field"
    assert field.locator(".error").inner_text().strip()
    assert deadline.get_attribute("aria-invalid") == "true"

    deadline.fill("15")
    page.locator("input[name=report_deadline_day__reason]").fill("Laporan posyandu lebih lambat")
    page.get_by_role("button", name=re.compile("Simpan")).click()
    page.wait_for_load_state()
    visitor.check_page()
    assert re.search(r"/replikasi/\d+/$", visitor.path())
    assert page.locator(".messages").inner_text().strip()


def test_province_user_opens_the_matrix_a_region_page_and_the_dashboards(
    visitor: Visitor,
) -> None:
    visitor.sign_in("provinsi")
    page = visitor.page
    visitor.follow_menu(re.compile("Matri"))
    assert visitor.path() == MATRIX
    table = page.locator("main table").first
    for region in ("Kota Padang", "Kabupaten Agam", "Kota Padang Panjang"):
        assert table.get_by_text(region, exact=True).count() >= 1, f"{region} missing"
    table.get_by_role("link", name="Kota Padang", exact=True).first.click()
    visitor.check_page()
    assert visitor.path() == "/replikasi/daerah/13.71/"
    assert "Kota Padang" in page.locator("h1").first.inner_text()
    # The nutrition dashboards are being built; open them when they are there.
    if page.request.get(visitor.url("/gizi/dasbor/")).status == 200:
        visitor.open("/gizi/dasbor/")


PRIVATE = [REPLICATION, MATRIX, USERS, AUDIT, "/profil/", "/replikasi/daerah/13.71/"]


def test_anonymous_visitor_sees_public_pages_and_is_sent_to_sign_in_elsewhere(
    visitor: Visitor,
) -> None:
    page = visitor.page
    visitor.open("/masuk/")
    assert page.locator("input[name=username]").is_visible()
    assert page.locator("input[name=password]").is_visible()

    visitor.open("/api/v1/regions?level=2")
    assert "Kota Padang" in page.content()

    # The nutrition module's public page, where it exists.
    if _status(visitor.url("/gizi/publik/")) == 200:
        visitor.open("/gizi/publik/")

    for path in PRIVATE:
        visitor.open(path)
        assert visitor.path().startswith("/masuk/?next="), f"{path} did not ask to sign in"
        assert page.locator("input[name=username]").is_visible()


def _status(url: str) -> int:
    """The status of an anonymous GET (without following redirects)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=20) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_language_switches_to_english_and_back(visitor: Visitor) -> None:
    visitor.sign_in("admin.padang")
    page = visitor.page
    footer = page.locator("footer")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("#main-nav summary", has_text="Replikasi").is_visible()

    footer.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    visitor.check_page()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#main-nav summary", has_text="Replication").is_visible()
    assert page.get_by_role("button", name="Sign out").is_visible()

    footer.get_by_role("button", name="Bahasa Indonesia").click()
    page.wait_for_load_state()
    visitor.check_page()
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("#main-nav summary", has_text="Replikasi").is_visible()


def _plausible(months: int) -> tuple[str, str]:
    """A weight (kg) and length/height (cm) near the WHO median for an age in months."""
    weight = 3.3 + 0.55 * min(months, 12) + 0.2 * max(months - 12, 0)
    length = 50 + 2.0 * min(months, 12) + 0.8 * max(months - 12, 0)
    return f"{weight:.1f}", f"{length:.1f}"


def test_cadre_enters_a_months_measurements_on_a_phone_and_sees_the_categories(
    phone_visitor: Visitor,
) -> None:
    visitor = phone_visitor
    page = visitor.page
    visitor.sign_in("kader.padang")
    visitor.open("/gizi/sesi/")
    assert re.search(r"/gizi/sesi/\d+/\d{4}-\d{2}/$", visitor.path()), visitor.path()
    weighed_before = _skdn(page, "D")

    rows = page.locator("fieldset.srow")
    empty = [
        rows.nth(i)
        for i in range(rows.count())
        if not rows.nth(i).locator("input[name$='-weight']").input_value()
    ]
    assert empty, "no child is left to weigh this month in the demo posyandu"
    for row in empty:
        months = int(re.search(r"(\d+)\s+(bulan|months)", row.locator("legend").inner_text())[1])
        weight, length = _plausible(months)
        row.locator("input[name$='-weight']").fill(weight)
        row.locator("input[name$='-lenhei']").fill(length)
        row.locator("input[name$='-lenhei']").blur()
        # Each row saves as the cadre types and answers with its categories; a value that
        # contradicts the child's history is first asked about, and the cadre confirms it.
        row.locator(".sresult .badge, .sresult [data-confirm]").first.wait_for()
        if row.locator(".sresult [data-confirm]").count():
            row.locator(".sresult [data-confirm]").check()
        row.locator(".sresult .badge").first.wait_for()
    visitor.check_page()

    visitor.open(visitor.path())
    assert _skdn(page, "D") == weighed_before + len(empty)
    for row_id in [row.get_attribute("id") for row in empty]:
        result = page.locator(f"#{row_id} .sresult")
        assert result.locator(".badge[class*='cat-']").count() >= 1, f"{row_id} has no category"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the session page scrolls sideways on a phone ({width}px)"


def _skdn(page, letter: str) -> int:  # type: ignore[no-untyped-def]
    """One SKDN number of the session page (S, K, D, N…)."""
    stat = page.locator("#skdn .stat", has=page.locator(".stat-label", has_text=f"{letter} —"))
    return int(stat.locator(".stat-value").inner_text().strip())
