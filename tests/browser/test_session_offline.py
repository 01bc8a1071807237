"""The posyandu session on a phone: decimal commas, offline entries, conflicts, search.

Each test registers its own children at Posyandu Mawar (the demo cadre's posyandu) with
names no other test uses, so it finds them unmeasured whatever ran before it.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Visitor, make_visitor
from tests.liveserver import LiveServer

CADRE = "kader.padang"
ROW_STATE_TIMEOUT = 20_000

CREATE_CHILDREN = """
import datetime as dt, json
from django.utils import timezone
from replika.core.models import Unit
from replika.nutrition import rules
from replika.nutrition.models import Child
unit = Unit.objects.get(memberships__user__username="kader.padang")
born = timezone.localdate() - dt.timedelta(days=540)
ids = []
for name in json.loads('{names}'):
    child = Child.objects.create(
        region_id=unit.region_id, location_id=unit.location_id, unit=unit, name=name,
        name_key=rules.name_key(name), sex=2, birth_date=born, mother_name="Ibu " + name,
    )
    ids.append(child.pk)
print(json.dumps(ids))
"""

STORED = """
import json
from replika.core.models import AuditEvent
from replika.nutrition.models import Measurement, SessionEntry
ids = json.loads('{ids}')
rows = Measurement.objects.filter(child_id__in=ids)
print(json.dumps({{
    "values": {{str(m.child_id): [str(m.weight), str(m.lenhei)] for m in rows}},
    "measurements": rows.count(),
    "entries": SessionEntry.objects.filter(measurement__child_id__in=ids).count(),
    "audited": AuditEvent.objects.filter(
        action="measurement.record", object_id__in=[str(m.pk) for m in rows]
    ).count(),
}}))
"""

RECORD_ELSEWHERE = """
import datetime as dt
from decimal import Decimal
from django.utils import timezone
from replika.nutrition.models import Child
from replika.nutrition.services.measurements import measurement_record
child = Child.objects.get(pk={child})
measurement_record(actor=None, child=child, visit_date=timezone.localdate(),
                   weight=Decimal("10.10"), lenhei=Decimal("79.0"), measure="l")
"""


ROW_BOXES = (
    "Array.from(document.querySelectorAll('fieldset.srow'), r => r.getBoundingClientRect().SIDE)"
)
# Lines of inputs where two labels' boxes overlap ("Panjang/tinggiPosisi").
OVERLAPPING_LABELS = """() => Array.from(document.querySelectorAll('.sinputs')).filter(line => {
  const boxes = Array.from(line.querySelectorAll('label'), l => l.getBoundingClientRect());
  return boxes.some((a, i) => boxes.slice(i + 1).some(b =>
    a.right > b.left + 1 && b.right > a.left + 1 && a.bottom > b.top + 1 && b.bottom > a.top + 1));
}).length"""


def shell(server: LiveServer, code: str) -> Any:
    """Run Python in the live server's Django and return what it printed as JSON."""
    return json.loads(server.manage("shell", "-c", code).strip().splitlines()[-1])


def new_children(server: LiveServer, stem: str, count: int) -> list[tuple[int, str]]:
    """Register ``count`` 18-month-old girls named ``<stem> <n> <random>``: (id, name)."""
    tag = secrets.token_hex(3)
    names = [f"{stem} {n} {tag}" for n in range(1, count + 1)]
    ids = shell(server, CREATE_CHILDREN.format(names=json.dumps(names)))
    return list(zip(ids, names, strict=True))


def stored(server: LiveServer, ids: list[int]) -> dict[str, Any]:
    return shell(server, STORED.format(ids=json.dumps(ids)))


def open_session(visitor: Visitor) -> None:
    visitor.sign_in(CADRE)
    visitor.open("/gizi/sesi/")
    visitor.page.wait_for_selector("html[data-session-ready='1']")


def search(visitor: Visitor, text: str) -> None:
    visitor.page.locator("#s-q").fill(text)


def row(visitor: Visitor, child: int) -> Any:
    return visitor.page.locator(f"#row-{child}")


def wait_state(visitor: Visitor, child: int, state: str) -> None:
    visitor.page.wait_for_selector(
        f"#row-{child}[data-state='{state}']", state="attached", timeout=ROW_STATE_TIMEOUT
    )


def fill_row(visitor: Visitor, child: int, weight: str, lenhei: str) -> None:
    r = row(visitor, child)
    r.locator("input[name$='-weight']").fill(weight)
    r.locator("input[name$='-lenhei']").fill(lenhei)
    r.locator("input[name$='-lenhei']").blur()


def shot(visitor: Visitor, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visitor.page.screenshot(path=ARTIFACTS / f"session-{name}.png")


def wait_cached(visitor: Visitor) -> None:
    """Until the service worker controls the page and keeps the page itself."""
    visitor.page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null", timeout=ROW_STATE_TIMEOUT
    )
    for _attempt in range(100):
        if visitor.page.evaluate("async () => Boolean(await caches.match(location.href))"):
            return
        visitor.page.wait_for_timeout(100)
    raise AssertionError("the service worker did not keep the session page")


def test_cadre_enters_a_month_with_decimal_commas_and_corrects_a_saved_row(
    phone_visitor: Visitor, replika_server: LiveServer
) -> None:
    visitor = phone_visitor
    (child, name), (other, _other_name) = new_children(replika_server, "Uji Koma", 2)
    open_session(visitor)
    search(visitor, name)
    fill_row(visitor, child, "10,45", "80,5")
    wait_state(visitor, child, "saved")
    search(visitor, _other_name)
    fill_row(visitor, other, "9.8", "78.2")
    wait_state(visitor, other, "saved")
    assert stored(replika_server, [child, other])["values"] == {
        str(child): ["10.45", "80.5"],
        str(other): ["9.80", "78.2"],
    }

    # Saved values come back the Indonesian way and a correction of the height alone saves.
    visitor.open(visitor.path())
    visitor.page.wait_for_selector("html[data-session-ready='1']")
    search(visitor, name)
    assert row(visitor, child).locator("input[name$='-weight']").input_value() == "10,45"
    row(visitor, child).locator("input[name$='-lenhei']").fill("81,2")
    row(visitor, child).locator("input[name$='-lenhei']").blur()
    wait_state(visitor, child, "saved")
    assert not row(visitor, child).locator(".serrors").count()
    assert stored(replika_server, [child])["values"] == {str(child): ["10.45", "81.2"]}

    # "Save all" with saved rows reports per row and answers no error.
    visitor.page.locator("button.save-all").click()
    report = visitor.page.locator("#save-report")
    report.wait_for()
    assert re.search(r"\b0\b", report.inner_text()), report.inner_text()
    visitor.check_page()


def test_offline_entries_wait_survive_a_reload_and_are_saved_exactly_once(
    phone_visitor: Visitor, replika_server: LiveServer
) -> None:
    visitor = phone_visitor
    children = new_children(replika_server, "Uji Sinyal", 5)
    ids = [child for child, _name in children]
    open_session(visitor)
    wait_cached(visitor)
    shot(visitor, "phone-after-online")
    context = visitor.page.context

    context.set_offline(True)
    search(visitor, "Uji Sinyal")
    for n, child in enumerate(ids):
        fill_row(visitor, child, f"10,{n + 1}", f"80,{n + 1}")
        wait_state(visitor, child, "waiting")
    assert visitor.page.locator("#s-net").inner_text().strip()
    shot(visitor, "phone-offline-waiting")

    # Reloaded without a network: the kept page shows the five entries still waiting.
    response = visitor.page.reload()
    assert response is not None and response.from_service_worker
    visitor.page.wait_for_selector("html[data-session-ready='1']")
    for n, child in enumerate(ids):
        wait_state(visitor, child, "waiting")
        weight = row(visitor, child).locator("input[name$='-weight']").input_value()
        assert weight == f"10,{n + 1}"
    assert stored(replika_server, ids)["measurements"] == 0

    context.set_offline(False)
    visitor.page.evaluate("window.dispatchEvent(new Event('online'))")
    for child in ids:
        wait_state(visitor, child, "saved")
    shot(visitor, "phone-back-online")
    # A second sync finds nothing left to send.
    visitor.page.evaluate("window.dispatchEvent(new Event('online'))")
    visitor.page.wait_for_timeout(500)
    facts = stored(replika_server, ids)
    assert facts["measurements"] == 5
    assert facts["entries"] == 5
    assert facts["audited"] == 5
    assert facts["values"][str(ids[2])] == ["10.30", "80.3"]


def test_an_entry_whose_answer_was_lost_is_sent_again_and_written_once(
    phone_visitor: Visitor, replika_server: LiveServer
) -> None:
    visitor = phone_visitor
    [(child, name)] = new_children(replika_server, "Uji Ulang", 1)
    open_session(visitor)
    lost: list[int] = []

    def lose_first_answer(route: Any) -> None:
        if not lost:
            route.fetch()  # the server writes the entry ...
            lost.append(1)
            route.abort("internetdisconnected")  # ... but its answer never arrives
        else:
            route.continue_()

    visitor.page.route(re.compile(rf"/anak/{child}/$"), lose_first_answer)
    search(visitor, name)
    fill_row(visitor, child, "9,9", "77,7")
    wait_state(visitor, child, "waiting")
    assert stored(replika_server, [child])["measurements"] == 1
    visitor.page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_state(visitor, child, "saved")
    facts = stored(replika_server, [child])
    assert (facts["measurements"], facts["entries"], facts["audited"]) == (1, 1, 1)


def test_a_row_changed_on_the_server_meanwhile_is_a_conflict_the_cadre_resolves(
    phone_visitor: Visitor, replika_server: LiveServer
) -> None:
    visitor = phone_visitor
    [(child, name)] = new_children(replika_server, "Uji Konflik", 1)
    open_session(visitor)
    search(visitor, name)
    # Someone else saves this child's month after the cadre opened the page.
    replika_server.manage("shell", "-c", RECORD_ELSEWHERE.format(child=child))
    fill_row(visitor, child, "10,6", "79,5")
    wait_state(visitor, child, "conflict")
    conflict = row(visitor, child).locator(".sconflict")
    assert "10,10" in conflict.inner_text()
    assert stored(replika_server, [child])["values"] == {str(child): ["10.10", "79.0"]}
    shot(visitor, "phone-conflict")

    conflict.locator("[data-action=mine]").click()
    wait_state(visitor, child, "saved")
    assert stored(replika_server, [child])["values"] == {str(child): ["10.60", "79.5"]}


def test_cadre_searches_by_name_and_filters_not_yet_measured_and_follow_up(
    phone_visitor: Visitor, replika_server: LiveServer
) -> None:
    visitor = phone_visitor
    (first, _first_name), (second, _second_name) = new_children(replika_server, "Uji Cari", 2)
    open_session(visitor)
    page = visitor.page
    shot(visitor, "phone-before-search")
    total = page.locator("fieldset.srow").count()

    search(visitor, "uji cari")
    visible = page.locator("fieldset.srow:not([hidden])")
    assert sorted(int(visible.nth(i).get_attribute("data-child")) for i in range(2)) == sorted(
        [first, second]
    )
    assert visible.count() == 2
    fill_row(visitor, first, "10,2", "80,1")
    wait_state(visitor, first, "saved")

    # Not yet measured: the row just saved leaves the list, the other stays.
    page.locator("#s-show").select_option("todo")
    shown = page.locator("fieldset.srow:not([hidden])")
    assert [shown.nth(i).get_attribute("data-child") for i in range(shown.count())] == [str(second)]

    search(visitor, "")
    page.locator("#s-show").select_option("followup")
    followup = page.locator("fieldset.srow:not([hidden])")
    assert 0 < followup.count() < total
    for i in range(followup.count()):
        assert followup.nth(i).get_attribute("data-followup") == "1"

    page.locator("#s-show").select_option("todo")
    todo = page.locator("fieldset.srow:not([hidden])")
    for i in range(todo.count()):
        assert todo.nth(i).get_attribute("data-todo") == "1"
    assert str(second) in [todo.nth(i).get_attribute("data-child") for i in range(todo.count())]
    assert page.locator("#s-count").inner_text().strip()
    shot(visitor, "phone-filtered")
    visitor.check_page()


def test_a_phone_screen_holds_three_to_four_children_without_sideways_scrolling(
    phone_visitor: Visitor,
) -> None:
    visitor = phone_visitor
    open_session(visitor)
    page = visitor.page
    heights = page.evaluate(ROW_BOXES.replace("SIDE", "height"))
    assert len(heights) >= 10
    average = sum(heights) / len(heights)
    assert average <= 740 / 3.5, f"a child's card is {average:.0f}px tall on a 740px screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The labels of one line of inputs do not run into each other.
    overlaps = page.evaluate(OVERLAPPING_LABELS)
    assert overlaps == 0
    shot(visitor, "phone-after")
    page.locator("fieldset.srow").nth(2).scroll_into_view_if_needed()
    shot(visitor, "phone-after-rows")


def test_on_a_wide_screen_the_rows_share_the_width(
    request: Any, chromium: Any, replika_server: LiveServer
) -> None:
    for visitor in make_visitor(
        request, chromium, replika_server, viewport={"width": 1920, "height": 1080}
    ):
        open_session(visitor)
        lefts = visitor.page.evaluate(ROW_BOXES.replace("SIDE", "left"))
        assert len(set(lefts)) >= 2, "the rows stand in one narrow column on a wide screen"
        assert visitor.page.evaluate("document.documentElement.scrollWidth") <= 1920
        shot(visitor, "desktop-1920")


KEPT_PAGES = "async () => (await caches.keys()).filter(name => name.startsWith('replika-'))"
SESSION_OUTBOX = "async () => (await window.ReplikaOutbox.open('replika-session').all()).length"


def sign_out(visitor: Visitor) -> None:
    visitor.page.locator("form[data-signout] button").click()
    visitor.page.wait_for_url(re.compile(r"/(masuk|keluar)/"))


def test_signing_out_drops_the_kept_page_and_keeps_waiting_entries_for_their_author_only(
    phone_visitor: Visitor, replika_server: LiveServer
) -> None:
    from playwright.sync_api import Error as PlaywrightError

    visitor = phone_visitor
    page = visitor.page
    [(child, name)] = new_children(replika_server, "Uji Keluar", 1)
    open_session(visitor)
    wait_cached(visitor)
    session_url = page.url
    # The row's answer never arrives: its entry waits in the outbox though the phone is online.
    sent: list[str] = []

    def unreachable(route: Any) -> None:
        sent.append(route.request.url)
        route.abort("internetdisconnected")

    page.route(re.compile(rf"/anak/{child}/$"), unreachable)
    search(visitor, name)
    fill_row(visitor, child, "9,7", "76,4")
    wait_state(visitor, child, "waiting")

    # Signing out warns that an entry waits; declining keeps the cadre signed in.
    dialogs: list[str] = []

    def decline(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.locator("form[data-signout] button").click()
    page.wait_for_timeout(300)
    assert dialogs and "1" in dialogs[0], dialogs
    assert page.url == session_url
    assert page.evaluate(KEPT_PAGES)

    page.once("dialog", lambda dialog: dialog.accept())
    sign_out(visitor)
    assert page.evaluate(KEPT_PAGES) == []
    page.unroute(re.compile(rf"/anak/{child}/$"))
    visitor.console_errors.clear()  # the refused sendings above, on purpose

    # Another cadre on the same phone: her outbox is empty, the first cadre's entry is not
    # sent under her account, and the first cadre's page is not on the phone any more.
    visitor.sign_in("kader.agam")
    visitor.open("/gizi/sesi/")
    page.wait_for_selector("html[data-session-ready='1']")
    assert page.evaluate(SESSION_OUTBOX) == 0
    assert not page.locator(f"#row-{child}").count()
    assert name not in page.content()
    assert not page.evaluate("async (url) => Boolean(await caches.match(url))", session_url)
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError):  # no kept copy of the first cadre's page
        page.goto(session_url)
    page.context.set_offline(False)
    visitor.console_errors.clear()  # the offline navigation above, on purpose
    assert stored(replika_server, [child])["measurements"] == 0
    visitor.open("/")
    sign_out(visitor)

    # The first cadre signs in again: her entry was kept and is sent, once.
    open_session(visitor)
    wait_state(visitor, child, "saved")
    facts = stored(replika_server, [child])
    assert (facts["measurements"], facts["entries"]) == (1, 1)
    assert facts["values"] == {str(child): ["9.70", "76.4"]}
    assert page.evaluate(SESSION_OUTBOX) == 0
    shot(visitor, "phone-after-second-sign-in")
