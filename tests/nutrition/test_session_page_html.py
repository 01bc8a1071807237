"""The session rows as the page sends them: escaped, folded inputs light, owner-bound outbox."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from replika.core.offline import outbox_owner
from replika.nutrition.services.measurements import measurement_record
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

MONTH = "2026-06"
BORN = dt.date(2025, 1, 10)


def page(client, unit) -> str:
    response = client.get(reverse("nutrition:session", args=[unit.pk, MONTH]))
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, child) -> str:
    found = re.search(rf'<fieldset class="srow" id="row-{child.pk}".*?</fieldset>', html, re.S)
    assert found, f"no row for child {child.pk}"
    return found.group(0)


def test_a_name_with_markup_is_shown_as_text_not_run(world, client_for):
    child = make_child(world.posyandu, 'Ani <script>alert("x")</script>', birth_date=BORN)
    row = row_of(page(client_for(world.cadre), world.posyandu), child)
    assert "<script>" not in row
    assert "Ani &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in row


def test_empty_folded_inputs_are_sent_inside_noscript_and_filled_ones_open(world, client_for):
    empty = make_child(world.posyandu, "Kosong", birth_date=BORN)
    measured = make_child(world.posyandu, "Lila", birth_date=BORN)
    measurement_record(
        actor=None,
        child=measured,
        visit_date=dt.date(2026, 6, 15),
        weight=Decimal("9.5"),
        lenhei=Decimal("78.0"),
        measure="l",
        armc=Decimal("14.5"),
    )
    html = page(client_for(world.cadre), world.posyandu)
    folded = row_of(html, empty)
    folded_inputs = r'<details class="smore"><summary>[^<]*</summary><noscript>.*-armc"'
    assert re.search(folded_inputs, folded)
    shown = row_of(html, measured)
    assert '<details class="smore" open>' in shown
    assert "<noscript>" not in shown
    # Saved values come back with the Indonesian decimal comma.
    assert f'name="c{measured.pk}-armc" id="id_c{measured.pk}-armc" value="14,5"' in shown


def test_a_saved_row_shows_its_state_growth_and_z_scores(world, client_for):
    child = make_child(world.posyandu, "Timbang", birth_date=BORN)
    measurement_record(
        actor=None,
        child=child,
        visit_date=dt.date(2026, 6, 15),
        weight=Decimal("9.5"),
        lenhei=Decimal("78.0"),
        measure="l",
    )
    row = row_of(page(client_for(world.cadre), world.posyandu), child)
    assert 'data-state="saved"' in row
    assert row.count('<span class="sz">') == 3
    assert f'name="c{child.pk}-rev" value=""' not in row


def test_each_account_gets_its_own_opaque_outbox_key(world, client_for):
    cadre_page = page(client_for(world.cadre), world.posyandu)
    key = outbox_owner(world.cadre)
    assert f'data-outbox-owner="{key}"' in cadre_page
    assert key != outbox_owner(world.other_cadre)
    assert str(world.cadre.pk) != key and world.cadre.username not in key
    # The sign-out form carries the warning the script shows when entries wait.
    assert re.search(r'<form method="post" action="/keluar/"[^>]*data-signout', cadre_page)


def test_signed_out_pages_name_no_outbox(client):
    response = client.get(reverse("core:login"))
    assert "data-outbox-owner" not in response.content.decode()
