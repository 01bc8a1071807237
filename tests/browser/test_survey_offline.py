"""The field survey on a phone without a network: reports wait on the phone, survive a
reload and are written exactly once when the network returns."""

from __future__ import annotations

import secrets
from typing import Any

from tests.browser.conftest import Visitor
from tests.browser.test_session_offline import ROW_STATE_TIMEOUT, shell
from tests.liveserver import LiveServer

PENDATA = "pendata.padangpariaman"

CASES = """
import json
from replika.schooling.models import Case
rows = Case.objects.filter(name__startswith="{stem}")
print(json.dumps({{
    "cases": rows.count(),
    "keys": rows.exclude(entry_key=None).count(),
    "names": sorted(rows.values_list("name", flat=True)),
}}))
"""


def cases(server: LiveServer, stem: str) -> dict[str, Any]:
    return shell(server, CASES.format(stem=stem))


def report_child(visitor: Visitor, name: str, born: str) -> None:
    page = visitor.page
    page.locator("select[name=location]").select_option(index=1)
    page.locator("input[name=name]").fill(name)
    page.locator("input[name=sex][value='2']").check()
    page.locator("input[name=birth_date]").fill(born)
    page.locator("input[name=ats_type][value='do']").check()
    page.locator("select[name=reason]").select_option("ekonomi")
    page.locator("input[name=guardian_name]").fill(f"Wali {name}")
    page.locator("main form button[type=submit]").click()


def wait_cached(visitor: Visitor) -> None:
    """Until the service worker controls the page and keeps the page itself."""
    visitor.page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null", timeout=ROW_STATE_TIMEOUT
    )
    for _attempt in range(100):
        if visitor.page.evaluate("async () => Boolean(await caches.match(location.href))"):
            return
        visitor.page.wait_for_timeout(100)
    raise AssertionError("the service worker did not keep the survey page")


def states(visitor: Visitor) -> list[str]:
    return visitor.page.eval_on_selector_all(
        "#r-outbox li", "items => items.map(li => li.dataset.state)"
    )


def test_reports_typed_offline_wait_survive_a_reload_and_are_written_once(
    phone_visitor: Visitor, replika_server: LiveServer
) -> None:
    visitor = phone_visitor
    stem = f"Anak Luring {secrets.token_hex(3)}"
    visitor.sign_in(PENDATA)
    visitor.open("/sekolah/lapor/")
    visitor.page.wait_for_selector("html[data-survey-ready='1']")
    wait_cached(visitor)
    context = visitor.page.context

    context.set_offline(True)
    report_child(visitor, f"{stem} Satu", "2012-05-01")
    visitor.page.wait_for_selector("#r-outbox li[data-state='waiting']", timeout=ROW_STATE_TIMEOUT)
    report_child(visitor, f"{stem} Dua", "2013-06-02")
    visitor.page.wait_for_function(
        "() => document.querySelectorAll(\"#r-outbox li[data-state='waiting']\").length === 2",
        timeout=ROW_STATE_TIMEOUT,
    )
    assert visitor.page.locator("#r-net").inner_text().strip()
    assert cases(replika_server, stem)["cases"] == 0

    # Reloaded without a network: the kept page shows both reports still waiting.
    response = visitor.page.reload()
    assert response is not None and response.from_service_worker
    visitor.page.wait_for_selector("html[data-survey-ready='1']")
    assert states(visitor) == ["waiting", "waiting"]
    assert cases(replika_server, stem)["cases"] == 0

    context.set_offline(False)
    visitor.page.evaluate("window.dispatchEvent(new Event('online'))")
    visitor.page.wait_for_function(
        "() => document.querySelectorAll(\"#r-outbox li[data-state='saved']\").length === 2",
        timeout=ROW_STATE_TIMEOUT,
    )
    # A second sync finds nothing left to send.
    visitor.page.evaluate("window.dispatchEvent(new Event('online'))")
    visitor.page.wait_for_timeout(500)
    left = visitor.page.evaluate(
        "async () => (await window.ReplikaOutbox.open('replika-survey').all()).length"
    )
    assert left == 0
    facts = cases(replika_server, stem)
    assert facts == {"cases": 2, "keys": 2, "names": [f"{stem} Dua", f"{stem} Satu"]}
    assert "Kasus" in visitor.page.locator("#r-outbox").inner_text()
    visitor.check_page()
