"""SI JABPRI in a real browser: an Anjab from draft to the library of another region.

A drafter of Padang Panjang fills an Anjab with a task, Bagian Organisasi returns it with a
comment, the drafter fixes it, it is approved (the job map now shows its verified need), it
is published, and Tanah Datar's drafter copies it from the library. Then the job map and the
library are checked on a 360-px phone.
"""

from __future__ import annotations

import re

from tests.browser.conftest import Visitor

TITLE = "Pranata Hubungan Masyarakat Uji"


def _position_id(visitor: Visitor) -> str:
    found = re.search(r"/jabatan/(\d+)/$", visitor.path())
    assert found, visitor.path()
    return found[1]


def _press(visitor: Visitor, selector: str) -> None:
    visitor.page.locator(selector).click()
    visitor.page.wait_for_load_state()
    visitor.check_page()


def test_an_anjab_goes_from_draft_to_the_library_of_another_region(
    visitor: Visitor, phone_visitor: Visitor
) -> None:
    page = visitor.page
    visitor.sign_in("penyusun.padangpanjang")
    visitor.open("/jabatan/")
    page.locator("main table a", has_text="Dinas Komunikasi").first.click()
    page.wait_for_load_state()
    visitor.check_page()
    opd_path = visitor.path()
    page.locator("tr.pos-unit", has_text="Subbagian Umum").locator("a").click()
    page.wait_for_load_state()
    page.locator("input[name=title]").fill(TITLE)
    page.locator("select[name=kind]").select_option("pelaksana")
    page.locator("input[name=job_class]").fill("6")
    page.locator("input[name=holders]").fill("2")
    _press(visitor, "main form button[type=submit]")
    position = _position_id(visitor)

    visitor.open(f"/jabatan/{position}/anjab/")
    page.locator("textarea[name=ikhtisar]").fill("Mengelola informasi dan publikasi dinas.")
    page.locator("textarea[name=tanggung_jawab]").fill("Ketepatan informasi\nKecepatan publikasi")
    _press(visitor, "main form button[type=submit]")
    visitor.open(f"/jabatan/{position}/tugas/baru/")
    page.locator("input[name=description]").fill("Menyusun siaran pers")
    page.locator("input[name=output]").fill("Siaran pers")
    page.locator("input[name=output_unit]").fill("naskah")
    page.locator("input[name=volume]").fill("400")
    page.locator("input[name=norm_minutes]").fill("180")
    _press(visitor, "main form button[type=submit]")
    assert "Menyusun siaran pers" in page.content()
    _press(visitor, "form[action$='/ajukan/'] button")

    verifier = visitor
    verifier.page.context.clear_cookies()
    verifier.sign_in("verifikator.padangpanjang")
    verifier.open(f"/jabatan/{position}/verifikasi/")
    page.locator("input[name=decision][value=returned]").check()
    page.locator("textarea[name=comment_tugas_pokok]").fill("Volume siaran pers tidak wajar")
    _press(verifier, "main form button[type=submit]")

    page.context.clear_cookies()
    visitor.sign_in("penyusun.padangpanjang")
    visitor.open(f"/jabatan/{position}/")
    assert "Volume siaran pers tidak wajar" in page.content()
    page.locator("a[href$='/ubah/']", has_text=re.compile("Ubah|Edit")).last.click()
    page.wait_for_load_state()
    page.locator("input[name=volume]").fill("120")
    _press(visitor, "main form button[type=submit]")
    _press(visitor, "form[action$='/ajukan/'] button")

    page.context.clear_cookies()
    verifier.sign_in("verifikator.padangpanjang")
    verifier.open(f"/jabatan/{position}/verifikasi/")
    assert "120" in page.content()  # the diff shows the fixed volume
    page.locator("input[name=decision][value=approved]").check()
    _press(verifier, "main form button[type=submit]")
    verifier.open(opd_path + "peta/")
    row = page.locator("tr", has_text=TITLE)
    # 120 × 180 = 21,600 minutes: need 0.288 → 1 person; 2 holders → a surplus of 1.
    assert row.locator("td").nth(3).inner_text().strip() == "1"
    assert row.locator("td").nth(4).inner_text().strip() == "+1"
    verifier.open(f"/jabatan/{position}/")
    _press(verifier, "form[action$='/terbitkan/'] button")
    assert "/jabatan/pustaka/" in verifier.path()

    page.context.clear_cookies()
    visitor.sign_in("penyusun.tanahdatar")
    visitor.open("/jabatan/pustaka/?q=hubungan+masyarakat")
    page.locator("main table a", has_text=TITLE).click()
    page.wait_for_load_state()
    visitor.check_page()
    page.locator("a[href$='/salin/']").click()
    page.wait_for_load_state()
    _press(visitor, "main form button[type=submit]")
    assert TITLE in page.locator("h1").inner_text()
    assert "Kota Padang Panjang" in page.content()  # the link to its origin

    phone = phone_visitor
    phone.sign_in("verifikator.padangpanjang")
    for path in (opd_path + "peta/", "/jabatan/pustaka/", f"/jabatan/{position}/"):
        phone.open(path)
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways on a phone ({width}px)"
