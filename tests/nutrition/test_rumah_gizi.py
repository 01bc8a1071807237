"""Rumah Gizi: enrolment, feeding days, weekly weights, graduation, exit, and its pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from replika.core.services import unit_create
from replika.nutrition.growth import assess
from replika.nutrition.models import FeedingDay, ReferralReason, RumahGiziEnrolment
from replika.nutrition.rules import followup as rg
from replika.nutrition.services.care import (
    enrolment_exit,
    enrolment_start,
    feeding_day_record,
    referral_advance,
    referral_open,
    weekly_weight_record,
)
from replika.replication.models import Commitment
from tests.factories import region
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

# A girl of about 13 months, 74 cm long: the WHO weight-for-length median is ~9.1 kg.
LENGTH = Decimal("74.0")
WASTED = Decimal("7.4")  # below -2 SD
RECOVERED = Decimal("8.6")  # above -2 SD


@pytest.fixture
def world(world):
    """The shared world with a Rumah Gizi and a child of about 13 months."""
    w = world
    w.house = unit_create(
        actor=None, kind="rumah_gizi", name="Rumah Gizi Andalas", region=region("13.71")
    )
    w.child = make_child(w.posyandu, days_old=400)
    return w


@pytest.fixture
def enrolment(world):
    referral = referral_open(actor=None, child=world.child, reason=ReferralReason.WASTING)
    referral_advance(actor=world.midwife, referral=referral, status="examined")
    start = timezone.localdate() - dt.timedelta(days=35)
    type(referral).objects.filter(pk=referral.pk).update(referred_on=start)
    referral.refresh_from_db()
    return enrolment_start(
        actor=world.midwife,
        child=world.child,
        rumah_gizi=world.house,
        enrolled_on=start,
        referral=referral,
    )


def weigh(enrolment, days_ago: int, weight: Decimal, lenhei: Decimal = LENGTH):
    return weekly_weight_record(
        actor=None,
        enrolment=enrolment,
        measured_on=timezone.localdate() - dt.timedelta(days=days_ago),
        weight=weight,
        lenhei=lenhei,
        measure="l",
    )


def test_the_test_weights_sit_on_either_side_of_minus_two():
    age = 400 - 28
    assert assess(sex=2, age_days=age, weight=7.4, lenhei=74.0, measure="l").zwfl < -2
    assert assess(sex=2, age_days=age, weight=8.6, lenhei=74.0, measure="l").zwfl >= -2


def test_graduation_rule_needs_the_latest_two_in_a_row():
    assert rg.graduates([-2.5, -1.9, -1.5])
    assert not rg.graduates([-1.9])
    assert not rg.graduates([-1.9, -2.1])
    assert not rg.graduates([-1.9, -2.1, -1.8])
    assert not rg.graduates([-1.9, None])
    assert rg.graduates([-2.0, -2.0])


def test_enrolment_moves_the_examined_referral_to_rumah_gizi(world, enrolment):
    assert enrolment.unit == world.posyandu
    assert enrolment.region_id == world.child.region_id
    enrolment.referral.refresh_from_db()
    assert enrolment.referral.status == "rumah_gizi"


def test_a_child_cannot_be_enrolled_twice(world, enrolment):
    with pytest.raises(ValidationError) as error:
        enrolment_start(actor=None, child=world.child, rumah_gizi=world.house)
    assert "child" in error.value.message_dict


def test_enrolment_needs_a_rumah_gizi_of_the_region(world):
    agam_house = unit_create(actor=None, kind="rumah_gizi", name="RG", region=region("13.06"))
    for unit in (agam_house, world.posyandu):
        with pytest.raises(ValidationError) as error:
            enrolment_start(actor=None, child=world.child, rumah_gizi=unit)
        assert "rumah_gizi" in error.value.message_dict


def test_weekly_weight_stores_the_weight_for_length_z(enrolment):
    weighing = weigh(enrolment, 28, WASTED)
    child = enrolment.child
    expected = assess(
        sex=child.sex,
        age_days=(weighing.measured_on - child.birth_date).days,
        weight=7.4,
        lenhei=74.0,
        measure="l",
    ).zwfl
    assert weighing.zwfl == expected
    assert weighing.zwfl < -2


def test_two_consecutive_recovered_weighings_graduate_the_child(enrolment):
    weigh(enrolment, 28, WASTED)
    weigh(enrolment, 21, RECOVERED)
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    weigh(enrolment, 14, RECOVERED)
    enrolment.refresh_from_db()
    assert enrolment.status == "graduated"
    assert enrolment.ended_on == timezone.localdate() - dt.timedelta(days=14)
    referral = enrolment.referral
    referral.refresh_from_db()
    assert referral.status == "recovered"
    assert referral.events.last().status == "recovered"


def test_one_recovered_weighing_does_not_graduate(enrolment):
    weigh(enrolment, 21, RECOVERED)
    enrolment.refresh_from_db()
    assert enrolment.status == "active"


def test_non_consecutive_recovered_weighings_do_not_graduate(enrolment):
    weigh(enrolment, 28, RECOVERED)
    weigh(enrolment, 21, WASTED)
    weigh(enrolment, 14, RECOVERED)
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    assert enrolment.referral.status == "rumah_gizi"


def test_no_weighing_after_graduation(enrolment):
    weigh(enrolment, 21, RECOVERED)
    weigh(enrolment, 14, RECOVERED)
    with pytest.raises(ValidationError):
        weigh(enrolment, 7, RECOVERED)


def test_a_weighing_before_enrolment_or_implausible_is_refused(enrolment):
    with pytest.raises(ValidationError) as error:
        weigh(enrolment, 60, WASTED)
    assert "measured_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        weigh(enrolment, 7, Decimal("0.1"))
    assert "weight" in error.value.message_dict


def test_feeding_days_are_recorded_once_a_day(enrolment):
    day = timezone.localdate() - dt.timedelta(days=3)
    feeding_day_record(actor=None, enrolment=enrolment, day=day, menu="Bubur kacang hijau")
    feeding_day_record(actor=None, enrolment=enrolment, day=day, menu="Bubur ikan")
    assert list(FeedingDay.objects.values_list("menu", flat=True)) == ["Bubur ikan"]


def test_exit_needs_a_reason_and_ends_the_enrolment(enrolment):
    with pytest.raises(ValidationError) as error:
        enrolment_exit(actor=None, enrolment=enrolment, reason=" ")
    assert "reason" in error.value.message_dict
    enrolment_exit(actor=None, enrolment=enrolment, reason="Family moved to Agam")
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_reason) == ("exited", "Family moved to Agam")
    assert enrolment.ended_on == timezone.localdate()
    with pytest.raises(ValidationError):
        feeding_day_record(actor=None, enrolment=enrolment, day=timezone.localdate())


# --- pages ---------------------------------------------------------------------------


def test_enrolment_pages_for_staff_and_404_for_outsiders(world, enrolment, client_for, nobody):
    url = reverse("nutrition:enrolment", args=[enrolment.pk])
    for insider in (world.cadre, world.midwife, world.officer):
        assert client_for(insider).get(url).status_code == 200
    for outsider in (world.other_cadre, world.agam_officer, world.region_admin, nobody):
        assert client_for(outsider).get(url).status_code == 404


def test_rumah_gizi_pages_are_404_where_the_region_switched_it_off(world, enrolment, client_for):
    commitment = Commitment.objects.get(region__code="13.71", innovation__code="ayo-ceting")
    commitment.settings = {"rumah_gizi": False}
    commitment.save()
    client = client_for(world.midwife)
    assert client.get(reverse("nutrition:rumah_gizi")).status_code == 404
    assert client.get(reverse("nutrition:enrolment", args=[enrolment.pk])).status_code == 404


def test_midwife_records_a_weighing_from_the_page_and_bad_input_answers_the_field(
    world, enrolment, client_for
):
    client = client_for(world.midwife)
    url = reverse("nutrition:enrolment_weight", args=[enrolment.pk])
    day = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    response = client.post(url, {"measured_on": day, "weight": "8.6", "lenhei": "", "measure": "l"})
    assert response.status_code == 422
    assert "lenhei" in response.context["weight_form"].errors
    response = client.post(
        url, {"measured_on": day, "weight": "8.6", "lenhei": "74.0", "measure": "l"}
    )
    assert response.status_code == 302
    assert enrolment.weights.count() == 1
    # A cadre may see the page but not record.
    assert client_for(world.cadre).post(url, {"measured_on": day}).status_code == 404


def test_midwife_enrols_from_the_referral_page(world, client_for):
    referral = referral_open(actor=None, child=world.child, reason=ReferralReason.WASTING)
    referral_advance(actor=None, referral=referral, status="examined")
    client = client_for(world.midwife)
    page = client.get(reverse("nutrition:referral", args=[referral.pk]))
    assert page.context["enrol_form"] is not None
    response = client.post(
        reverse("nutrition:referral_enrol", args=[referral.pk]),
        {"rumah_gizi": world.house.pk, "enrolled_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    enrolment = RumahGiziEnrolment.objects.get()
    assert enrolment.referral == referral


def test_rumah_gizi_list_is_scoped_and_bounded(world, enrolment, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("nutrition:rumah_gizi")
    assert [e.pk for e in client_for(world.cadre).get(url).context["page"].object_list] == [
        enrolment.pk
    ]
    assert list(client_for(world.other_cadre).get(url).context["page"].object_list) == []
    client = client_for(world.officer)
    counts = []
    for n in (1, 8):
        for i in range(RumahGiziEnrolment.objects.count(), n):
            child = make_child(world.posyandu, name=f"Anak {i}")
            enrolment_start(actor=None, child=child, rumah_gizi=world.house)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
