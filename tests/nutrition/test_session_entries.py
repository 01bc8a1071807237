"""Session entries: written once per client id, conflicts never overwritten, list tools."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from replika.core.models import AuditEvent
from replika.nutrition.models import Measurement, SessionEntry
from replika.nutrition.services.measurements import measurement_record, revision_of
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

MONTH = "2026-06"
JUNE = dt.date(2026, 6, 15)
BORN = dt.date(2025, 1, 10)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def cadre(world, client_for):
    client = client_for(world.cadre)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def row_url(world, child) -> str:
    return reverse("nutrition:session_row", args=[world.posyandu.pk, MONTH, child.pk])


def entry(child, *, key=None, rev="", **values) -> dict:
    data = {"visit_date": JUNE.isoformat(), f"c{child.pk}-rev": rev}
    if key is not None:
        data[f"c{child.pk}-entry"] = str(key)
    data.update({f"c{child.pk}-{name}": value for name, value in values.items()})
    return data


def test_an_entry_sent_twice_is_written_once(world, cadre):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    key = uuid.uuid4()
    first = cadre.post(row_url(world, child), entry(child, key=key, weight="9,5", lenhei="78"))
    again = cadre.post(row_url(world, child), entry(child, key=key, weight="9,5", lenhei="78"))
    assert (first["X-Row-State"], again["X-Row-State"]) == ("saved", "replayed")
    m = Measurement.objects.get(child=child)
    assert first["X-Row-Revision"] == again["X-Row-Revision"] == revision_of(m)
    assert SessionEntry.objects.filter(key=key, measurement=m).count() == 1
    assert AuditEvent.objects.filter(action="measurement.record", object_id=str(m.pk)).count() == 1


def test_a_replayed_old_entry_does_not_undo_a_later_one(world, cadre):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    old, new = uuid.uuid4(), uuid.uuid4()
    saved = cadre.post(row_url(world, child), entry(child, key=old, weight="9,5"))
    rev = saved["X-Row-Revision"]
    cadre.post(row_url(world, child), entry(child, key=new, rev=rev, weight="9,7"))
    replay = cadre.post(row_url(world, child), entry(child, key=old, weight="9,5"))
    assert replay["X-Row-State"] == "replayed"
    assert Measurement.objects.get(child=child).weight == Decimal("9.7")


def test_an_entry_id_cannot_be_reused_for_another_child(world, cadre):
    ani = make_child(world.posyandu, "Ani", birth_date=BORN)
    budi = make_child(world.posyandu, "Budi", birth_date=BORN)
    key = uuid.uuid4()
    cadre.post(row_url(world, ani), entry(ani, key=key, weight="9,5"))
    response = cadre.post(row_url(world, budi), entry(budi, key=key, weight="9,9"))
    assert response["X-Row-State"] == "invalid"
    assert not Measurement.objects.filter(child=budi).exists()


def test_a_month_changed_meanwhile_is_a_conflict_and_is_not_overwritten(world, cadre):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    # The page was opened with no measurement (rev ""), then someone else saved one.
    measurement_record(
        actor=world.midwife, child=child, visit_date=JUNE, weight=Decimal("10.1"), lenhei=None
    )
    response = cadre.post(row_url(world, child), entry(child, key=uuid.uuid4(), weight="9,5"))
    assert response["X-Row-State"] == "conflict"
    html = response.content.decode()
    assert 'data-action="mine"' in html and 'data-action="theirs"' in html
    stored = Measurement.objects.get(child=child)
    assert stored.weight == Decimal("10.1")
    assert response["X-Row-Revision"] == revision_of(stored)
    # The cadre saw the server's value and keeps hers: sent with the current revision.
    response = cadre.post(
        row_url(world, child),
        entry(child, key=uuid.uuid4(), rev=revision_of(stored), weight="9,5"),
    )
    assert response["X-Row-State"] == "saved"
    assert Measurement.objects.get(child=child).weight == Decimal("9.5")


def test_resending_the_stored_values_with_an_old_revision_is_no_conflict(world, cadre):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    measurement_record(
        actor=world.midwife, child=child, visit_date=JUNE, weight=Decimal("9.5"), lenhei=None
    )
    response = cadre.post(row_url(world, child), entry(child, weight="9,5"))
    assert response["X-Row-State"] == "saved"


def test_save_all_reports_a_conflicting_row_and_keeps_the_server_value(world, cadre):
    ani = make_child(world.posyandu, "Ani", birth_date=BORN)
    budi = make_child(world.posyandu, "Budi", birth_date=BORN)
    measurement_record(
        actor=world.midwife, child=ani, visit_date=JUNE, weight=Decimal("10.1"), lenhei=None
    )
    data = {**entry(ani, weight="9,5"), **entry(budi, weight="9,9", lenhei="78,5")}
    response = cadre.post(reverse("nutrition:session", args=[world.posyandu.pk, MONTH]), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="save-report"' in html and "1 row has errors" in html
    assert Measurement.objects.get(child=ani).weight == Decimal("10.1")
    assert Measurement.objects.get(child=budi).lenhei == Decimal("78.5")


def test_row_error_names_its_field_and_keeps_the_other_fields_clean(world, cadre):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    response = cadre.post(row_url(world, child), entry(child, weight="9,5", lenhei="7,8,1"))
    assert response["X-Row-State"] == "invalid"
    form = response.context["form"]
    assert list(form.errors) == ["lenhei"]
    assert not Measurement.objects.exists()


# --- the list: search, filters, order ---------------------------------------------------------


def names(response) -> list[str]:
    return [item["row"].child.name for item in response.context["items"]]


def test_session_list_searches_filters_and_orders(world, cadre):
    budi = make_child(world.posyandu, "Budi Santoso", birth_date=BORN)
    ani = make_child(world.posyandu, "Ani Lestari", birth_date=BORN)
    make_child(world.posyandu, "Citra Dewi", birth_date=BORN)
    for day, weight in ((dt.date(2026, 4, 15), "9.0"), (dt.date(2026, 5, 15), "9.0")):
        measurement_record(
            actor=None, child=ani, visit_date=day, weight=Decimal(weight), lenhei=None
        )
    measurement_record(actor=None, child=ani, visit_date=JUNE, weight=Decimal("9.0"), lenhei=None)
    url = reverse("nutrition:session", args=[world.posyandu.pk, MONTH])
    assert names(cadre.get(url)) == ["Ani Lestari", "Budi Santoso", "Citra Dewi"]
    assert names(cadre.get(url, {"q": "budi"})) == ["Budi Santoso"]
    assert names(cadre.get(url, {"show": "todo"})) == ["Budi Santoso", "Citra Dewi"]
    assert names(cadre.get(url, {"show": "followup"})) == ["Ani Lestari"]  # 2T
    assert names(cadre.get(url, {"order": "register"}))[:2] == ["Budi Santoso", "Ani Lestari"]
    assert names(cadre.get(url, {"show": "hacked", "order": "x"}))[0] == "Ani Lestari"
    html = cadre.get(url).content.decode()
    # Last month's weight and its trend are on the row; the budi row shows it is new.
    assert "9.00 kg" in html
    assert f'data-child="{budi.pk}"' in html


def test_row_shows_last_weighing_with_the_active_language_separator(world, client_for):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    measurement_record(
        actor=None,
        child=child,
        visit_date=dt.date(2026, 5, 15),
        weight=Decimal("9.45"),
        lenhei=None,
    )
    client = client_for(world.cadre)
    url = reverse("nutrition:session", args=[world.posyandu.pk, MONTH])
    with translation.override("id"):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
        assert "9,45 kg" in client.get(url).content.decode()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        assert "9.45 kg" in client.get(url).content.decode()


# --- the service worker ------------------------------------------------------------------------


def test_service_worker_is_served_under_the_session_scope(world, cadre):
    response = cadre.get(reverse("nutrition:session_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert reverse("nutrition:session_worker").startswith("/gizi/sesi/")
    body = response.content.decode()
    assert "/static/" in body and "ignoreVary" in body


def test_outsider_can_save_no_entry_in_padang(world, client_for):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    outsider = client_for(world.agam_officer)
    response = outsider.post(row_url(world, child), entry(child, key=uuid.uuid4(), weight="9,5"))
    assert response.status_code == 404
    assert not Measurement.objects.exists() and not SessionEntry.objects.exists()


def test_other_posyandu_cadre_cannot_replay_an_entry_into_this_posyandu(world, client_for):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    other = client_for(world.other_cadre)
    response = other.post(row_url(world, child), entry(child, key=uuid.uuid4(), weight="9,5"))
    assert response.status_code == 404
