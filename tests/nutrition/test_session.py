"""The posyandu session: rows, htmx row saves, the no-JS form, SKDN, alerts, access."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats

from replika.nutrition.models import Child, Measurement
from replika.nutrition.rules import alerts
from replika.nutrition.selectors.session import skdn
from replika.nutrition.services.measurements import measurement_record
from replika.nutrition.services.registers import child_update
from replika.replication.models import Stage
from tests.factories import make_commitment, user_with_role
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

MONTH = "2026-06"
JUNE = dt.date(2026, 6, 15)
BORN = dt.date(2025, 1, 10)  # 17 months old in June 2026: the KBM is 200 g


def session_url(unit, month: str = MONTH) -> str:
    return reverse("nutrition:session", args=[unit.pk, month])


def row_url(unit, child, month: str = MONTH) -> str:
    return reverse("nutrition:session_row", args=[unit.pk, month, child.pk])


def row_data(child, visit: dt.date = JUNE, **values) -> dict:
    """A row POST as htmx sends it: the session date and the child's prefixed fields."""
    return {"visit_date": visit.isoformat(), **{f"c{child.pk}-{k}": v for k, v in values.items()}}


def weigh(child, day: dt.date, weight: str, lenhei: str | None = None, confirmed=False):
    return measurement_record(
        actor=None,
        child=child,
        visit_date=day,
        weight=Decimal(weight),
        lenhei=Decimal(lenhei) if lenhei else None,
        measure="l",
        confirmed=confirmed,
    )


def test_session_lists_the_posyandu_active_children_under_five(world, client_for):
    make_child(world.posyandu, "Ani", birth_date=BORN)
    make_child(world.posyandu, "Tua", birth_date=dt.date(2021, 1, 1))  # 65 months in June
    make_child(world.posyandu, "Juli", birth_date=dt.date(2026, 7, 2))  # born after June
    left = make_child(world.posyandu, "Pindah", birth_date=BORN)
    child_update(actor=None, child=left, active=False, exit_reason="moved")
    make_child(world.other_posyandu, "Melati", birth_date=BORN)
    response = client_for(world.cadre).get(session_url(world.posyandu))
    assert response.status_code == 200
    assert [item["row"].child.name for item in response.context["items"]] == ["Ani"]
    html = response.content.decode()
    assert "<title>" in html
    # A type=date input needs the ISO date; the last day of a past month is preset.
    assert 'name="visit_date" value="2026-06-30"' in html
    assert 'inputmode="decimal"' in html


def test_htmx_row_save_records_zscores_and_shows_them(world, client_for):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    response = client_for(world.cadre).post(
        row_url(world.posyandu, child),
        row_data(child, weight="9.5", lenhei="78.0", measure="l"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    m = Measurement.objects.get()
    assert (m.child, m.period, m.weight, m.growth) == (
        child,
        dt.date(2026, 6, 1),
        Decimal("9.5"),
        "B",
    )
    assert m.zwei is not None and m.cat_zwfl
    html = response.content.decode()
    assert f'id="res-{child.pk}"' in html
    assert formats.localize(m.zwei) in html
    assert 'id="skdn"' in html and 'hx-swap-oob="true"' in html


def test_saving_the_month_twice_updates_not_duplicates(world, client_for):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    client = client_for(world.cadre)
    client.post(
        row_url(world.posyandu, child), row_data(child, weight="9.5"), HTTP_HX_REQUEST="true"
    )
    client.post(
        row_url(world.posyandu, child),
        row_data(child, weight="9.7", visit=JUNE + dt.timedelta(days=1)),
        HTTP_HX_REQUEST="true",
    )
    m = Measurement.objects.get()
    assert (m.weight, m.visit_date) == (Decimal("9.7"), JUNE + dt.timedelta(days=1))


def test_bad_value_is_a_row_error_and_nothing_is_stored(world, client_for):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    client = client_for(world.cadre)
    response = client.post(
        row_url(world.posyandu, child), row_data(child, weight="95"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert "weight" in response.context["form"].errors
    # A date outside the session's month is refused too.
    response = client.post(
        row_url(world.posyandu, child),
        row_data(child, visit=dt.date(2026, 7, 1), weight="9.5"),
        HTTP_HX_REQUEST="true",
    )
    assert response.context["form"].errors
    assert not Measurement.objects.exists()


def test_full_post_without_javascript_saves_good_rows_and_keeps_bad_ones(world, client_for):
    ani = make_child(world.posyandu, "Ani", birth_date=BORN)
    budi = make_child(world.posyandu, "Budi", birth_date=BORN, sex=1)
    cici = make_child(world.posyandu, "Cici", birth_date=BORN)
    data = {
        **row_data(ani, weight="9.5", lenhei="78.0", measure="l"),
        **row_data(budi, weight="abc"),
        f"c{cici.pk}-measure": "l",  # an untouched row: skipped, not an error
    }
    response = client_for(world.cadre).post(session_url(world.posyandu), data)
    assert response.status_code == 422
    assert list(Measurement.objects.values_list("child__name", flat=True)) == ["Ani"]
    items = {item["row"].child.name: item for item in response.context["items"]}
    assert items["Ani"]["row"].measurement is not None
    assert "weight" in items["Budi"]["form"].errors
    assert items["Budi"]["form"]["weight"].value() == "abc"  # what she typed is kept
    assert response.context["skdn"].d == 1


def test_full_post_with_good_rows_redirects_back_to_the_session(world, client_for):
    ani = make_child(world.posyandu, "Ani", birth_date=BORN)
    response = client_for(world.cadre).post(
        session_url(world.posyandu), row_data(ani, weight="9.5")
    )
    assert response.status_code == 302
    assert response["Location"] == session_url(world.posyandu)
    assert Measurement.objects.count() == 1


def test_save_all_leaves_unchanged_rows_with_their_own_date(world, client_for):
    ani = make_child(world.posyandu, "Ani", birth_date=BORN)
    budi = make_child(world.posyandu, "Budi", birth_date=BORN, sex=1)
    weigh(ani, dt.date(2026, 6, 10), "9.5", lenhei="78.0")
    data = {
        **row_data(ani, visit=dt.date(2026, 6, 30), weight="9.50", lenhei="78", measure="l"),
        **row_data(budi, visit=dt.date(2026, 6, 30), weight="10.0"),
    }
    response = client_for(world.cadre).post(session_url(world.posyandu), data)
    assert response.status_code == 302
    dates = dict(Measurement.objects.values_list("child__name", "visit_date"))
    assert dates == {"Ani": dt.date(2026, 6, 10), "Budi": dt.date(2026, 6, 30)}


def test_skdn_of_a_hand_built_posyandu(world):
    """Six children under five: S=6, K=5, D=5, N=1 (A), T=2 (B, F), B=1 (C), O=1 (D), 2T=1 (F)."""
    a = make_child(world.posyandu, "A", birth_date=BORN)
    b = make_child(world.posyandu, "B", birth_date=BORN, has_kia_book=False)
    c = make_child(world.posyandu, "C", birth_date=BORN)
    d = make_child(world.posyandu, "D", birth_date=BORN)
    make_child(world.posyandu, "E", birth_date=BORN)  # registered, not weighed in June
    f = make_child(world.posyandu, "F", birth_date=BORN)
    make_child(world.posyandu, "Old", birth_date=dt.date(2020, 1, 1))  # over five: not in S
    may, april = dt.date(2026, 5, 15), dt.date(2026, 4, 15)
    weigh(a, may, "9.0"), weigh(a, JUNE, "9.5")  # +500 g >= 200 g: N
    weigh(b, may, "10.0"), weigh(b, JUNE, "10.1")  # +100 g: T
    weigh(c, JUNE, "9.0")  # first weighing: B
    weigh(d, april, "9.0"), weigh(d, JUNE, "9.4")  # not weighed in May: O
    weigh(f, april, "9.0"), weigh(f, may, "9.0"), weigh(f, JUNE, "9.05")  # T then T: 2T
    counts = skdn(world.posyandu, dt.date(2026, 6, 1))
    assert (counts.s, counts.k, counts.d, counts.n, counts.t, counts.b, counts.o, counts.two_t) == (
        6,
        5,
        5,
        1,
        2,
        1,
        1,
        1,
    )
    assert (counts.d_over_s, counts.n_over_d) == (83.3, 20.0)
    assert skdn(world.other_posyandu, dt.date(2026, 6, 1)).s == 0


def test_row_shows_the_two_t_alert(world, client_for):
    f = make_child(world.posyandu, "F", birth_date=BORN)
    weigh(f, dt.date(2026, 4, 15), "9.0")
    weigh(f, dt.date(2026, 5, 15), "9.0")
    response = client_for(world.cadre).post(
        row_url(world.posyandu, f), row_data(f, weight="9.05"), HTTP_HX_REQUEST="true"
    )
    assert response.context["alerts"][0][0] == alerts.TWO_T
    assert 'data-alert="two_t"' in response.content.decode()


def test_row_shows_severe_wasting_even_if_the_region_switched_wasting_off(world, client_for):
    child = make_child(world.posyandu, "Kurus", birth_date=BORN)
    client = client_for(world.cadre)
    data = row_data(child, weight="7.0", lenhei="80.0", measure="l")
    response = client.post(row_url(world.posyandu, child), data, HTTP_HX_REQUEST="true")
    assert 'data-alert="gizi_buruk"' in response.content.decode()
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.settings = {"alert_wasting": False}
    commitment.save()
    response = client.post(row_url(world.posyandu, child), data, HTTP_HX_REQUEST="true")
    # Gizi buruk is patient safety: the region's switch turns off gizi kurang only.
    assert 'data-alert="gizi_buruk"' in response.content.decode()


def test_page_rows_show_alerts_of_saved_measurements(world, client_for):
    child = make_child(world.posyandu, "Pendek", birth_date=BORN)
    weigh(child, dt.date(2026, 5, 15), "9.5", lenhei="78.0")  # normal length-for-age
    # Now far below -2: newly stunted (7 cm less than in May: stored only once confirmed).
    weigh(child, JUNE, "9.6", lenhei="71.0", confirmed=True)
    response = client_for(world.cadre).get(session_url(world.posyandu))
    codes = [code for code, _label in response.context["items"][0]["alerts"]]
    assert alerts.NEWLY_STUNTED in codes


def test_cadre_with_one_posyandu_goes_straight_to_its_session(world, client_for):
    response = client_for(world.cadre).get(reverse("nutrition:sessions"))
    assert response.status_code == 302
    assert f"/sesi/{world.posyandu.pk}/" in response["Location"]
    chooser = client_for(world.midwife).get(reverse("nutrition:sessions"))
    assert chooser.status_code == 200
    assert set(chooser.context["form"].fields["unit"].queryset) == {
        world.posyandu,
        world.other_posyandu,
    }
    chosen = client_for(world.midwife).get(
        reverse("nutrition:sessions"), {"unit": world.other_posyandu.pk, "month": MONTH}
    )
    assert chosen["Location"] == session_url(world.other_posyandu)


def test_outsiders_get_404_on_the_session_and_its_rows(world, client_for, nobody):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    for user in (world.other_cadre, world.agam_officer, world.region_admin, nobody):
        client = client_for(user)
        assert client.get(session_url(world.posyandu)).status_code == 404
        response = client.post(row_url(world.posyandu, child), row_data(child, weight="9"))
        assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_a_child_of_another_posyandu_cannot_be_saved_through_this_session(world, client_for):
    stranger = make_child(world.other_posyandu, "Melati", birth_date=BORN)
    response = client_for(world.midwife).post(
        row_url(world.posyandu, stranger), row_data(stranger, weight="9")
    )
    assert response.status_code == 404


def test_session_is_404_for_a_future_or_malformed_month(world, client_for):
    client = client_for(world.cadre)
    assert client.get(session_url(world.posyandu, "2999-01")).status_code == 404
    assert client.get(session_url(world.posyandu, "juni")).status_code == 404


def test_session_is_404_where_nutrition_is_not_live(client_for):
    from tests.factories import make_unit

    make_commitment("13.72", "ayo-ceting", Stage.ADAPTING)
    posyandu = make_unit("posyandu", "13.72")
    cadre = user_with_role("kader_posyandu", "13.72", unit=posyandu)
    assert client_for(cadre).get(session_url(posyandu)).status_code == 404
    assert client_for(cadre).get(reverse("nutrition:sessions")).status_code == 404


def test_session_page_runs_the_same_number_of_queries_for_5_and_30_children(world, client_for):
    client = client_for(world.cadre)
    counts = []
    for total in (5, 30):
        while Child.objects.count() < total:
            child = make_child(world.posyandu, f"Anak {Child.objects.count():02d}", birth_date=BORN)
            weigh(child, dt.date(2026, 5, 15), "9.0", lenhei="76.0")
            weigh(child, JUNE, "9.3", lenhei="77.0")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(session_url(world.posyandu)).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_child_alerts_decisions():
    assert alerts.child_alerts(
        growth="T",
        previous_growth="T",
        zwfl=-3.2,
        fwfl=False,
        zlen=-2.1,
        flen=False,
        previous_zlen=-1.9,
    ) == [alerts.SEVERE_WASTING, alerts.TWO_T, alerts.NEWLY_STUNTED]
    assert alerts.child_alerts(
        growth="T",
        previous_growth="N",
        zwfl=-2.5,
        fwfl=False,
        zlen=-2.1,
        flen=False,
        previous_zlen=-2.3,
    ) == [alerts.WASTING]
    # Implausible values raise nothing; a child with no earlier length is not "newly" stunted.
    assert (
        alerts.child_alerts(
            growth="N",
            previous_growth="",
            zwfl=-5.5,
            fwfl=True,
            zlen=-2.5,
            flen=False,
            previous_zlen=None,
        )
        == []
    )
    off = alerts.AlertSwitches(two_t=False, wasting=False, newly_stunted=False)
    assert (
        alerts.child_alerts(
            growth="T",
            previous_growth="T",
            zwfl=-3.2,
            fwfl=False,
            zlen=-2.1,
            flen=False,
            previous_zlen=-1.9,
            switches=off,
        )
        == [alerts.SEVERE_WASTING]  # gizi buruk cannot be switched off
    )


@pytest.mark.parametrize(
    ("zwfl", "flagged", "reason"),
    [
        (-3.01, False, "gizi_buruk"),
        (-3.0, False, "gizi_kurang"),
        (-2.0, False, ""),
        (-2.01, False, "gizi_kurang"),
        (-4.0, True, ""),
        (None, False, ""),
    ],
)
def test_wasting_reason_boundaries(zwfl, flagged, reason):
    assert alerts.wasting_reason(zwfl, flagged) == reason


def test_pregnancy_alert_reasons():
    assert alerts.pregnancy_alerts(kek=True, anaemia=True) == ["kek", "anemia_hamil"]
    assert alerts.pregnancy_alerts(kek=False, anaemia=False) == []


# What one row save reads and writes, as the page sends it (with the revision it saw):
# session, user, memberships; module live; posyandu (liveness in the same query); child
# with its region; the region's settings (once: the alerts reuse them); the child's lock;
# the entry id; the child's months (one read for the stored month, the growth, the
# plausibility history, the next month and the alerts); the insert; the dirty mark; the
# audit event; the entry id stored; the row's history; SKDN (two aggregates); and here the
# session's once-a-minute touch. Transaction statements are not counted.
ROW_SAVE_QUERIES = 18


def test_a_row_save_runs_a_fixed_small_number_of_queries(world, client_for):
    client = client_for(world.cadre)
    child = make_child(world.posyandu, "Anak Hitung", birth_date=BORN)
    for month in (3, 4, 5):
        weigh(child, dt.date(2026, month, 15), f"{8 + month / 10:.1f}", lenhei="76.0")
    # A first save elsewhere marks the month dirty, as on a session day after the first row.
    first = make_child(world.posyandu, "Anak Pertama", birth_date=BORN)
    weigh(first, JUNE, "9.0", lenhei="76.0")
    data = row_data(child, weight="8,7", lenhei="77,0", measure="l", rev="")
    data[f"c{child.pk}-entry"] = "6f1c2b1e-8d7a-4c39-9e1c-0a3d3f1b2c4d"
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(row_url(world.posyandu, child), data)
    assert response["X-Row-State"] == "saved", response.content[:300]
    stored = Measurement.objects.get(child=child, period=dt.date(2026, 6, 1))
    assert stored.growth == "N"
    # Transaction statements differ by engine (BEGIN, SAVEPOINT, RELEASE): not counted.
    statements = [q["sql"] for q in ctx.captured_queries]
    counted = [s for s in statements if not s.upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE"))]
    assert len(counted) <= ROW_SAVE_QUERIES, "\n".join(s[:120] for s in counted)
