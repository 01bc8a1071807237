"""Dashboards and the public page: who sees which place, what the pages read, how much."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from replika.nutrition import unit_kinds
from replika.nutrition.selectors.dashboards import Rate
from replika.nutrition.services.measurements import mark_dirty
from replika.nutrition.services.summaries import summaries_rebuild
from replika.replication.models import Stage
from tests.factories import UserFactory, make_commitment, make_unit, user_with_role
from tests.nutrition.test_summaries import FEB, JAN, Place, add_child, add_measurement

pytestmark = pytest.mark.django_db

URL = reverse("nutrition:dashboard")
ACTIONS = reverse("nutrition:dashboard_actions")
PUBLIC = reverse("nutrition:public")
MONTH = "2025-02"


@pytest.fixture
def place() -> Place:
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    built = Place()
    summaries_rebuild()
    return built


def get(client, scope: str = "", url: str = URL, **extra):
    params = {"bulan": MONTH}
    if scope:
        params["tempat"] = scope
    return client.get(url, params, **extra)


def test_cadre_sees_own_posyandu_by_default(place, client_for):
    cadre = user_with_role("kader_posyandu", "13.71", unit=place.a)
    response = client_for(cadre).get(URL)
    assert response.status_code == 200
    assert response.context["place"].scope == f"u{place.a.pk}"
    assert response.context["period"] == FEB
    figures = response.context["figures"]
    assert (figures.s_toddlers, figures.d_weighed, figures.two_t) == (4, 4, 1)
    content = response.content.decode()
    assert "<title>" in content
    assert figures.stunting == Rate(2, 3)  # a1, a2 of the 3 valid lengths
    assert str(figures.stunting) in content


def test_prevalence_shows_its_denominator(place, client_for):
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    response = get(client_for(officer), "13.71")
    stunting = response.context["figures"].stunting
    assert stunting == Rate(3, 4)  # a1, a2 and b1 of 4 valid lengths
    assert str(stunting) in response.content.decode()
    with translation.override("en"):
        assert str(stunting) == "75.0 % (3 of 4)"


def test_each_role_defaults_to_its_own_place(place, client_for):
    puskesmas_officer = user_with_role("petugas_puskesmas", "13.71", unit=place.puskesmas)
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    mentor = user_with_role("mentor", "13")
    expected = {puskesmas_officer: f"u{place.puskesmas.pk}", officer: "13.71", mentor: "13"}
    for user, scope in expected.items():
        assert client_for(user).get(URL).context["place"].scope == scope


@pytest.mark.parametrize("outsider", ["agam_officer", "other_cadre", "no_role", "agam_admin"])
def test_outsiders_get_404_on_padang_places(place, client_for, outsider):
    make_commitment("13.06", "ayo-ceting", Stage.LAUNCHED)
    users = {
        "agam_officer": lambda: user_with_role("petugas_gizi_dinkes", "13.06"),
        "other_cadre": lambda: user_with_role("kader_posyandu", "13.71", unit=place.b),
        "no_role": UserFactory,
        "agam_admin": lambda: user_with_role("admin_daerah", "13.06"),
    }
    client = client_for(users[outsider]())
    for scope in ("13.71", "13.71.02", f"u{place.a.pk}", f"u{place.puskesmas.pk}", "13"):
        assert get(client, scope).status_code == 404, scope


def test_user_without_role_gets_404(place, client_for, nobody):
    assert client_for(nobody).get(URL).status_code == 404
    assert get(client_for(nobody), "13.71").status_code == 404


def test_anonymous_is_sent_to_sign_in(place):
    assert Client().get(URL).status_code == 302


def test_cadre_cannot_open_the_puskesmas_above(place, client_for):
    cadre = user_with_role("kader_posyandu", "13.71", unit=place.a)
    assert get(client_for(cadre), f"u{place.puskesmas.pk}").status_code == 404
    assert get(client_for(cadre), "13.71.02.1007").status_code == 404


def test_place_where_nutrition_is_not_live_is_404(place, client_for):
    officer = user_with_role("petugas_gizi_dinkes", "13.06")
    assert client_for(officer).get(URL).status_code == 404
    province = user_with_role("admin_provinsi", "13")
    assert get(client_for(province), "13.06").status_code == 404
    assert get(client_for(province), "13.71").status_code == 200


def test_unknown_place_and_bad_month(place, client_for):
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    client = client_for(officer)
    assert get(client, "99.99").status_code == 404
    assert get(client, "uabc").status_code == 404
    assert get(client, "13.71").status_code == 200  # the heading is drawn and kept
    response = client.get(URL, {"tempat": "13.71", "bulan": "2025-13"})
    assert response.status_code == 400
    assert "bulan" in response.context["form"].errors
    # The kept heading has no error; a wrong month draws it again, with the error beside the
    # month picker, and the next good view is back to the kept one.
    page = response.content.decode()
    assert 'class="field has-error"' in page and 'role="alert"' in page
    assert page.count('id="id_bulan"') == 1
    page = get(client, "13.71").content.decode()
    assert "has-error" not in page and page.count('id="id_bulan"') == 1


def test_region_admin_sees_aggregates_but_no_names(place, client_for):
    admin = user_with_role("admin_daerah", "13.71")
    client = client_for(admin)
    response = get(client, "13.71.02.1007")
    assert response.status_code == 200
    assert response.context["figures"].s_toddlers == 4
    assert not response.context["show_actions"]
    content = response.content.decode()
    assert "Anak Satu" not in content
    assert ACTIONS not in content
    assert get(client, "13.71", url=ACTIONS).status_code == 404


def test_puskesmas_officer_lists_children_needing_action(place, client_for):
    officer = user_with_role("petugas_puskesmas", "13.71", unit=place.puskesmas)
    response = get(client_for(officer), f"u{place.puskesmas.pk}")
    assert response.context["show_actions"]
    lists = {
        item.key: [m.child.name for m in item.rows]
        for item in get(client_for(officer), f"u{place.puskesmas.pk}", url=ACTIONS).context["lists"]
    }
    # a1 was not stunted in January (z 0.0) and is in February (z -2.5); a2 is gizi buruk
    # (weight-for-length -3.2), listed first and whatever the region switched off.
    assert lists == {
        "severe": ["Anak Dua"],
        "two_t": ["Anak Satu"],
        "wasted": [],
        "newly_stunted": ["Anak Satu"],
    }


def test_newly_stunted_needs_a_not_stunted_month_before(place, client_for):
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    before = get(client_for(officer), "13.71", url=ACTIONS).context["lists"]
    assert [m.child.name for m in before[3].rows] == ["Anak Satu"]  # b1 had no earlier z
    add_measurement(place.b1, JAN, "N", zlen=-1.5)
    response = get(client_for(officer), "13.71", url=ACTIONS, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    lists = {item.key: [m.child.name for m in item.rows] for item in response.context["lists"]}
    assert lists["newly_stunted"] == ["Anak Satu", "Bunga Satu"]
    assert "<html" not in response.content.decode()


def test_cadre_action_list_stays_inside_the_posyandu(place, client_for):
    cadre = user_with_role("kader_posyandu", "13.71", unit=place.b)
    response = get(client_for(cadre), f"u{place.b.pk}", url=ACTIONS)
    assert all(not item.rows for item in response.context["lists"])
    assert get(client_for(cadre), f"u{place.a.pk}", url=ACTIONS).status_code == 404


def test_region_settings_switch_an_alert_list_off(place, client_for):
    from replika.replication.models import Commitment

    commitment = Commitment.objects.get(region__code="13.71", innovation__code="ayo-ceting")
    commitment.settings = {**commitment.settings, "alert_two_t": False}
    commitment.save()
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    keys = [item.key for item in get(client_for(officer), "13.71", url=ACTIONS).context["lists"]]
    assert "two_t" not in keys


def test_province_and_kab_kota_pages_read_only_summaries(place, client_for):
    province = user_with_role("admin_provinsi", "13")
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    for user, scope in ((province, "13"), (officer, "13.71")):
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            response = get(client, scope)
        assert response.status_code == 200
        assert response.context["show_actions"]
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert "nutrition_measurement" not in sql
        assert "nutrition_child" not in sql
        assert "nutrition_nutritionsummary" in sql


def test_province_breakdown_lists_19_regions_and_links_live_ones(place, client_for):
    province = user_with_role("admin_provinsi", "13")
    response = get(client_for(province), "13")
    rows = response.context["tables"]["regions"]
    assert len(rows) == 19
    linked = {row.scope for row in rows if row.link}
    assert linked == {"13.71"}
    assert "?tempat=13.71&amp;bulan=2025-02" in response.content.decode()


def test_drill_down_from_kab_kota_to_posyandu(place, client_for):
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    client = client_for(officer)
    kecamatan = {r.scope: r for r in get(client, "13.71").context["tables"]["regions"]}
    assert kecamatan["13.71.02"].figures.s_toddlers == 6
    below = get(client, "13.71.02").context["tables"]
    assert {r.scope for r in below["puskesmas"]} == {f"u{place.puskesmas.pk}"}
    villages = {r.scope: r.figures.s_toddlers for r in below["regions"] if r.figures.present}
    assert villages == {"13.71.02.1007": 4, "13.71.02.1001": 2}
    posyandu = get(client, "13.71.02.1007").context["tables"]["posyandu"]
    assert [r.name for r in posyandu] == ["Mawar"]
    response = get(client, f"u{place.a.pk}")
    assert [c.scope for c in response.context["crumbs"]][-1] == f"u{place.puskesmas.pk}"
    assert response.context["tables"] == {}


def test_trend_has_twelve_months_table_and_chart(place, client_for):
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    response = get(client_for(officer), "13.71")
    trend = response.context["trend"]
    assert len(trend) == 12
    assert trend[-1].period == FEB and trend[-2].period == JAN
    content = response.content.decode()
    assert "<svg" in content and "<polyline" in content
    assert "style=" not in content  # the CSP forbids inline styles


def _many_posyandu(place: Place, count: int) -> None:
    for i in range(count):
        unit = make_unit(unit_kinds.POSYANDU, "13.71", "13.71.02.1007", place.puskesmas, f"P{i}")
        child = add_child(unit, f"Anak {i}")
        add_measurement(child, JAN, "T")
        add_measurement(child, FEB, "T", zlen=-2.5, zwfl=-2.5)
        mark_dirty(unit.pk, FEB)
    summaries_rebuild()


@pytest.mark.parametrize(
    ("scope_of", "url"),
    [
        (lambda p: f"u{p.puskesmas.pk}", URL),
        (lambda p: "13.71.02.1007", URL),
        (lambda p: "13.71.02", URL),
        (lambda p: f"u{p.puskesmas.pk}", ACTIONS),
    ],
)
def test_pages_run_a_bounded_number_of_queries(place, client_for, scope_of, url):
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    client = client_for(officer)
    scope = scope_of(place)
    _many_posyandu(place, 2)
    with CaptureQueriesContext(connection) as small:
        assert get(client, scope, url=url).status_code == 200
    _many_posyandu(place, 6)
    with CaptureQueriesContext(connection) as large:
        response = get(client, scope, url=url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_public_page_shows_live_regions_without_names(place):
    make_commitment("13.06", "ayo-ceting", Stage.COMMITTED)  # not live: not shown
    agam = make_unit(unit_kinds.POSYANDU, "13.06", "13.06.02", None, "Agam Satu")
    add_measurement(add_child(agam, "Anak Agam"), FEB, "N", zlen=-2.5)
    summaries_rebuild()
    response = Client().get(PUBLIC)
    assert response.status_code == 200
    assert response.context["period"] == FEB
    regions = [row.code for row in response.context["rows"]]
    assert regions == ["13.71"]
    content = response.content.decode()
    assert "Kota Padang" in content or "Padang" in content
    from replika.nutrition.models import Child

    names = list(Child.objects.values_list("name", flat=True))
    assert names
    assert not [name for name in names if name in content]
    assert "Mawar" not in content
    assert "public" in response["Cache-Control"]
    assert "<title>" in content


def test_public_page_month_selector_and_nothing_live(place):
    response = Client().get(PUBLIC, {"bulan": "2025-01"})
    assert response.context["period"] == JAN
    assert Client().get(PUBLIC, {"bulan": "nonsense"}).context["period"] == FEB
    from replika.replication.models import Commitment

    Commitment.objects.all().update(stage=Stage.STOPPED)
    response = Client().get(PUBLIC)
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_a_repeat_view_of_a_dashboard_reads_only_who_asks_and_where_modules_are_live(
    place, client_for
):
    # The figures are drawn once and kept; what a signed-in page still reads on each view is
    # its visitor (the session, then the user with their memberships) and one read of the
    # commitments.
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    client = client_for(officer)
    assert get(client, "13.71").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert get(client, "13.71").status_code == 200
    reads = [re.search(r'FROM "(\w+)"', q["sql"]) for q in queries.captured_queries]
    tables = [read.group(1) for read in reads if read is not None]
    assert tables == ["django_session", "core_user", "replication_commitment"]
