"""Integrity under concurrency: where the domain says "one", the database says it.

The constraints are asserted on both engines; the races themselves run on PostgreSQL with
real parallel connections (one per thread), all POSTing the same new person or month.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from replika.nutrition.models import Child, Measurement, Mother, Referral
from replika.nutrition.services import registers as register_services
from tests.nutrition.factories import make_child

CONSTRAINTS = {
    "nutrition_child": {"nutrition_child_nik_unique", "nutrition_child_without_nik_unique"},
    "nutrition_mother": {"nutrition_mother_nik_unique", "nutrition_mother_without_nik_unique"},
    "nutrition_measurement": {"nutrition_one_per_month"},
    "nutrition_referral": {
        "nutrition_one_open_referral_per_child",
        "nutrition_one_open_referral_per_pregnancy",
    },
}
PARALLEL = 8
NO_REAL_RACE = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "SQLite takes the write lock when a transaction begins (IMMEDIATE), so parallel "
        "writers queue one after another and no real race can happen there"
    ),
)


# --- the constraints, on both engines ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "names"), sorted(CONSTRAINTS.items()))
def test_the_one_rules_are_database_constraints(table, names):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    assert names <= set(found)
    for name in names:
        assert found[name]["unique"], name


@pytest.mark.django_db
def test_a_second_child_without_nik_at_the_posyandu_is_refused_by_the_database(world):
    child = make_child(world.posyandu, "Budi", sex=1, birth_date=dt.date(2024, 3, 15))
    twin = Child.objects.get(pk=child.pk)
    twin.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.django_db
def test_only_one_open_referral_per_child_and_reason(world):
    child = make_child(world.posyandu, "Budi", sex=1, birth_date=dt.date(2024, 3, 15))
    place = {"region": child.region, "unit": child.unit, "child": child, "reason": "two_t"}
    first = Referral.objects.create(**place)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(**place)
    # Once the first is finished, the same reason may be referred again.
    Referral.objects.filter(pk=first.pk).update(status="recovered")
    Referral.objects.create(**place)
    assert Referral.objects.filter(child=child).count() == 2


@pytest.mark.django_db
def test_a_mother_without_nik_is_registered_once_per_posyandu(world, client_for):
    data = {"unit": world.posyandu.pk, "name": "Rina  Wati", "birth_date": "1995-05-05"}
    client = client_for(world.cadre)
    assert client.post(reverse("nutrition:mother_new"), data).status_code == 302
    again = client.post(reverse("nutrition:mother_new"), {**data, "name": "rina wati"})
    assert again.status_code == 422
    assert "Sudah terdaftar di Mawar." in str(again.context["form"].errors["name"])
    assert Mother.objects.count() == 1


@pytest.mark.django_db
def test_a_lost_race_on_the_page_is_a_409_with_the_form_again(world, client_for, monkeypatch):
    make_child(world.posyandu, "Budi", sex=1, birth_date=dt.date(2024, 3, 15), mother_name="Rina")
    # The parallel writer's row is invisible to the check and committed before the insert.
    monkeypatch.setattr(register_services, "find_duplicate_child", lambda **_kw: None)
    data = {
        "unit": world.posyandu.pk,
        "name": "Budi",
        "sex": "1",
        "birth_date": "2024-03-15",
        "mother_name": "Rina",
        "has_kia_book": "on",
    }
    response = client_for(world.cadre).post(reverse("nutrition:child_new"), data)
    assert response.status_code == 409
    assert "baru saja didaftarkan oleh pengguna lain" in response.content.decode()
    assert Child.objects.count() == 1


# --- stale writes on the measurements API, on both engines --------------------------------------

URL = "/api/v1/nutrition/measurements"


def post_items(client: Client, *items: dict[str, Any]) -> dict[str, Any]:
    response = client.post(URL, {"items": list(items)}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_a_stale_write_is_refused_and_a_fresh_one_accepted(world, client_for):
    child = make_child(world.posyandu, "Budi", sex=1, birth_date=dt.date(2024, 3, 15))
    client = client_for(world.cadre)
    item = {"child": child.pk, "visit_date": "2025-01-10", "weight": 9.5}
    first = post_items(client, item)["results"][0]
    assert first["ok"]
    # A second writer who never saw the stored month does not overwrite it.
    stale = post_items(client, {**item, "weight": 9.9})["results"][0]
    assert not stale["ok"]
    assert stale["errors"][0]["field"] == "revision"
    assert float(Measurement.objects.get().weight) == pytest.approx(9.5)
    # The same values again are a harmless repeat; with the revision, the change is taken.
    assert post_items(client, item)["results"][0]["measurement"]["id"] == first["measurement"]["id"]
    revision = first["measurement"]["revision"]
    fresh = post_items(client, {**item, "weight": 9.9, "revision": revision})["results"][0]
    assert fresh["ok"]
    assert float(Measurement.objects.get().weight) == pytest.approx(9.9)


# --- real races, on PostgreSQL ------------------------------------------------------------------


def race(clients: list[Client], send: Callable[[Client], Any]) -> list[Any]:
    """Run ``send`` once per client, all threads released together, each on its own
    database connection; returns the answers (or the exception a thread met)."""
    barrier = threading.Barrier(len(clients))
    answers: list[Any] = [None] * len(clients)

    def run(index: int, client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            answers[index] = send(client)
        except Exception as exc:
            answers[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def signed_in(user: Any, n: int) -> list[Client]:
    """``n`` clients signed in as ``user`` that report a 500 instead of raising it."""
    clients = []
    for _ in range(n):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    return clients


def statuses(answers: list[Any]) -> list[int]:
    assert not [a for a in answers if isinstance(a, Exception)], answers
    return sorted(a.status_code for a in answers)


CHILD = {
    "name": "Budi Santoso",
    "sex": "1",
    "birth_date": "2024-03-15",
    "mother_name": "Rina",
    "has_kia_book": "on",
}


@NO_REAL_RACE
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("nik", ["", "1371021503240001"], ids=["without-nik", "with-nik"])
def test_parallel_registrations_of_one_child_make_one_row(world, nik):
    data = {**CHILD, "unit": world.posyandu.pk, "nik": nik}
    url = reverse("nutrition:child_new")
    codes = statuses(race(signed_in(world.cadre, PARALLEL), lambda c: c.post(url, data)))
    assert Child.objects.count() == 1
    assert codes.count(302) == 1
    assert set(codes) <= {302, 409, 422}, codes


@NO_REAL_RACE
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_registrations_of_one_mother_without_nik_make_one_row(world):
    data = {"unit": world.posyandu.pk, "name": "Rina Wati", "birth_date": "1995-05-05"}
    url = reverse("nutrition:mother_new")
    codes = statuses(race(signed_in(world.cadre, PARALLEL), lambda c: c.post(url, data)))
    assert Mother.objects.count() == 1
    assert codes.count(302) == 1
    assert set(codes) <= {302, 409, 422}, codes


@NO_REAL_RACE
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_batches_of_one_new_month_store_one_measurement(world):
    child = make_child(world.posyandu, "Budi", sex=1, birth_date=dt.date(2024, 3, 15))
    writers = [world.cadre, world.other_cadre, world.midwife, world.officer]
    clients = [client for user in writers for client in signed_in(user, 1)]
    weights = iter([9.1, 9.2, 9.3, 9.4])
    batches = {
        id(c): {"child": child.pk, "visit_date": "2025-01-10", "weight": next(weights)}
        for c in clients
    }

    def send(client: Client) -> Any:
        item = batches[id(client)]
        return client.post(URL, {"items": [item]}, content_type="application/json")

    answers = race(clients, send)
    assert statuses(answers) == [200] * len(clients)
    results = [a.json()["results"][0] for a in answers]
    assert sum(r["ok"] for r in results) == 1
    assert all(r["errors"] for r in results if not r["ok"])
    stored = Measurement.objects.get()
    winner = next(r for r in results if r["ok"])
    assert winner["measurement"]["id"] == stored.pk
