"""Patient safety: every gizi-buruk criterion and weight-for-age below the red line raise the
alert and one referral per child and visit, on every channel, through the real entry points.

Channels: the session page (row POST), ``POST /api/v1/nutrition/measurements``, the e-PPGBM
measurement import (a CSV file with e-PPGBM headers) and the Rumah Gizi weekly weighing
(the enrolment page's POST).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from bench.eppgbm_sample import to_csv
from django.urls import reverse

from replika.core import services as core_services
from replika.core.services import unit_create
from replika.nutrition import importers
from replika.nutrition.models import Measurement, Referral
from replika.nutrition.rules import acute, alerts
from replika.nutrition.services.care import enrolment_start
from tests.factories import region
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

BORN = dt.date(2025, 1, 10)  # a girl of 17 months in June 2026
JUNE = dt.date(2026, 6, 15)
NIK = "1371025001250001"  # Kota Padang, kecamatan 02, a girl born 10 January 2025

# (criterion, measured values, the acute category and reason, the referral's main reason)
CASES = {
    # 7.0 kg at 80 cm: weight-for-length z -4.22 (and weight-for-age -3.07).
    "bbtb": (
        {"weight": "7.0", "lenhei": "80.0"},
        acute.GIZI_BURUK,
        acute.BY_WFL,
        alerts.SEVERE_WASTING,
    ),
    # A normal weight for her length (z -0.1) but LiLA 11.0 cm.
    "lila": (
        {"weight": "10.0", "lenhei": "80.0", "armc": "11.0"},
        acute.GIZI_BURUK,
        acute.BY_LILA,
        alerts.SEVERE_WASTING,
    ),
    # Bilateral oedema blanks the weight-based z-scores: still gizi buruk (kwashiorkor).
    "edema": (
        {"weight": "10.0", "lenhei": "80.0", "oedema": True},
        acute.GIZI_BURUK,
        acute.BY_OEDEMA,
        alerts.SEVERE_WASTING,
    ),
    # 7.0 kg at 70 cm: weight-for-length -1.75 but weight-for-age -3.07 (below the red line).
    "bgm": ({"weight": "7.0", "lenhei": "70.0"}, "", "", alerts.BELOW_RED_LINE),
}


@pytest.fixture
def child(world):
    return make_child(world.posyandu, "Kurus", birth_date=BORN, nik=NIK)


def by_session(world, child, values) -> None:
    client = _client(world.cadre)
    url = reverse("nutrition:session_row", args=[world.posyandu.pk, "2026-06", child.pk])
    fields = {"measure": "l", **values}
    if fields.pop("oedema", False):
        fields["oedema"] = "on"
    data = {"visit_date": JUNE.isoformat(), **{f"c{child.pk}-{k}": v for k, v in fields.items()}}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def by_api(world, child, values) -> None:
    client = _client(world.cadre)
    _token, secret = core_services.api_token_create(actor=world.cadre, name="field app")
    stored = Measurement.objects.filter(child=child, period=JUNE.replace(day=1)).first()
    item = {"child": child.pk, "visit_date": JUNE.isoformat(), "measure": "l", **values}
    if stored is not None:
        item["revision"] = stored.updated_at.isoformat()
    response = client.post(
        "/api/v1/nutrition/measurements",
        json.dumps({"items": [item]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    assert response.json()["failed"] == 0, response.json()


def by_import(world, child, values) -> None:
    headers = ["NIK", "Nama", "Tgl Lahir", "Tanggal Pengukuran", "Berat", "Tinggi", "Cara Ukur"]
    row = [NIK, child.name, BORN.isoformat(), JUNE.isoformat(), values["weight"]]
    row += [values["lenhei"], "Terlentang"]
    headers += ["LiLA", "Edema"]
    row += [values.get("armc", ""), "ya" if values.get("oedema") else "tidak"]
    result = importers.import_file(
        user=world.midwife,
        kind=importers.KIND_MEASUREMENTS,
        file_type="csv",
        content=to_csv(headers, [row]),
    )
    assert result.bad == 0, result.problems


def by_rumah_gizi(world, child, values) -> None:
    enrolment = world.enrolment
    data = {
        "measured_on": JUNE.isoformat(),
        "weight": values["weight"],
        "lenhei": values["lenhei"],
        "measure": "l",
        "armc": values.get("armc", ""),
    }
    if values.get("oedema"):
        data["oedema"] = "on"
    client = _client(world.midwife)
    response = client.post(reverse("nutrition:enrolment_weight", args=[enrolment.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


CHANNELS = {
    "session": by_session,
    "api": by_api,
    "import": by_import,
    "rumah_gizi": by_rumah_gizi,
}


@pytest.mark.parametrize("channel", list(CHANNELS))
@pytest.mark.parametrize("criterion", list(CASES))
def test_each_criterion_raises_one_referral_on_each_channel(world, child, channel, criterion):
    values, category, reason, main = CASES[criterion]
    if channel == "rumah_gizi":
        house = unit_create(
            actor=None, kind="rumah_gizi", name="Rumah Gizi Andalas", region=region("13.71")
        )
        world.enrolment = enrolment_start(
            actor=world.midwife,
            child=child,
            rumah_gizi=house,
            enrolled_on=JUNE - dt.timedelta(days=10),
        )
    record = CHANNELS[channel]
    record(world, child, values)
    measurement = Measurement.objects.get(child=child, period=JUNE.replace(day=1))
    assert measurement.cat_acute == category
    assert (reason in measurement.acute_reasons_list) if reason else not measurement.acute_reasons
    referral = Referral.objects.get(child=child)
    assert referral.reason == main
    assert main in referral.reason_codes
    assert referral.measurement == measurement
    # The same visit again (a second save, an API retry, a re-import) opens nothing new.
    record(world, child, values)
    assert Referral.objects.filter(child=child).count() == 1


def test_one_referral_lists_every_reason_of_the_visit(world, child):
    # 7.0 kg at 80 cm with LiLA 11.0 and oedema: gizi buruk on all three criteria.
    by_api(world, child, {"weight": "7.0", "lenhei": "80.0", "armc": "11.0", "oedema": True})
    measurement = Measurement.objects.get(child=child)
    assert measurement.acute_reasons_list == [acute.BY_LILA, acute.BY_OEDEMA]
    referral = Referral.objects.get(child=child)
    assert referral.reason == alerts.SEVERE_WASTING
    # Weight-for-length is blanked by the oedema, weight-for-age too: one reason, one referral.
    assert referral.reason_codes == (alerts.SEVERE_WASTING,)


def test_wasted_and_below_the_red_line_is_one_referral_with_both_reasons(world, child):
    by_session(world, child, {"weight": "7.0", "lenhei": "80.0"})
    referral = Referral.objects.get(child=child)
    assert referral.reason_codes == (alerts.SEVERE_WASTING, alerts.BELOW_RED_LINE)
    assert Measurement.objects.get(child=child).acute_reasons_list == [acute.BY_WFL]


def test_a_child_referred_for_2t_who_becomes_gizi_buruk_gets_an_urgent_referral(world, child):
    from replika.nutrition.services.care import referral_open

    referral_open(actor=None, child=child, reason=alerts.TWO_T)
    by_api(world, child, {"weight": "10.0", "lenhei": "80.0", "armc": "11.0"})
    reasons = sorted(Referral.objects.filter(child=child).values_list("reason", flat=True))
    assert reasons == sorted([alerts.TWO_T, alerts.SEVERE_WASTING])


def test_a_second_save_with_a_new_reason_adds_it_to_the_visits_referral(world, child):
    by_session(world, child, {"weight": "7.0", "lenhei": "70.0"})  # below the red line only
    assert Referral.objects.get(child=child).reason == alerts.BELOW_RED_LINE
    by_session(world, child, {"weight": "7.0", "lenhei": "70.0", "armc": "11.0"})
    referral = Referral.objects.get(child=child)
    assert referral.reason == alerts.SEVERE_WASTING
    assert referral.reason_codes == (alerts.SEVERE_WASTING, alerts.BELOW_RED_LINE)


def test_lila_under_12_5_is_gizi_kurang_with_its_reason(world, child):
    by_api(world, child, {"weight": "10.0", "lenhei": "80.0", "armc": "12.0"})
    measurement = Measurement.objects.get(child=child)
    assert (measurement.cat_acute, measurement.acute_reasons) == ("gizi_kurang", "lila")
    assert Referral.objects.get(child=child).reason == alerts.WASTING


# --- the reason is shown with the category everywhere ------------------------------------------


def test_session_row_shows_the_category_with_its_reason(world, child):
    client = _client(world.cadre)
    url = reverse("nutrition:session_row", args=[world.posyandu.pk, "2026-06", child.pk])
    data = {
        "visit_date": JUNE.isoformat(),
        f"c{child.pk}-weight": "10.0",
        f"c{child.pk}-lenhei": "80.0",
        f"c{child.pk}-oedema": "on",
    }
    html = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-acute="gizi_buruk" data-reasons="edema"' in html


def test_api_child_answer_carries_the_category_and_reasons(world, child):
    by_api(world, child, {"weight": "10.0", "lenhei": "80.0", "armc": "11.0"})
    _token, secret = core_services.api_token_create(actor=world.cadre, name="reader")
    answer = _client(world.cadre).get(
        f"/api/v1/nutrition/children/{child.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert answer.status_code == 200
    acute_out = answer.json()["measurements"][0]["acute"]
    assert acute_out == {"category": "gizi_buruk", "reasons": ["lila"]}


def test_child_page_shows_the_category_with_its_reason(world, child):
    by_api(world, child, {"weight": "10.0", "lenhei": "80.0", "oedema": True})
    html = _client(world.cadre).get(reverse("nutrition:child", args=[child.pk])).content.decode()
    assert 'data-acute="gizi_buruk" data-reasons="edema"' in html


def test_outsider_sees_no_childs_category(world, child, outsider):
    by_api(world, child, {"weight": "10.0", "lenhei": "80.0", "oedema": True})
    response = _client(outsider).get(reverse("nutrition:child", args=[child.pk]))
    assert response.status_code == 404


def test_a_kwashiorkor_child_is_on_the_dashboards_action_list(world, child):
    from replika.replication.models import Stage
    from tests.factories import make_commitment

    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.settings = {"alert_wasting": False}
    commitment.save()
    by_api(world, child, {"weight": "10.0", "lenhei": "80.0", "oedema": True})
    response = _client(world.midwife).get(
        reverse("nutrition:dashboard_actions"),
        {"tempat": f"u{world.puskesmas.pk}", "bulan": "2026-06"},
    )
    lists = {item.key: [m.child.name for m in item.rows] for item in response.context["lists"]}
    assert lists["severe"] == ["Kurus"]
    assert 'data-reasons="edema"' in response.content.decode()
