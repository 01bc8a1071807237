"""Referrals: the workflow, its events, idempotent opening, and the referral pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from replika.core.models import AuditEvent
from replika.nutrition.models import Referral, ReferralEvent, ReferralReason, ReferralStatus
from replika.nutrition.rules import followup as rg
from replika.nutrition.services.care import referral_advance, referral_open
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(world):
    return make_child(world.posyandu)


def test_opening_a_referral_places_it_at_the_childs_posyandu(world, child):
    referral = referral_open(actor=world.cadre, child=child, reason=ReferralReason.TWO_T)
    assert referral.status == ReferralStatus.REFERRED
    assert referral.unit == world.posyandu
    assert referral.region_id == child.region_id
    assert referral.puskesmas == world.puskesmas
    event = referral.events.get()
    assert (event.status, event.by, event.on) == ("referred", world.cadre, timezone.localdate())


def test_opening_the_same_referral_twice_returns_the_open_one(world, child):
    first = referral_open(actor=world.cadre, child=child, reason=ReferralReason.TWO_T)
    again = referral_open(actor=world.cadre, child=child, reason=ReferralReason.TWO_T)
    assert again.pk == first.pk
    assert Referral.objects.count() == 1
    other_reason = referral_open(actor=world.cadre, child=child, reason=ReferralReason.WASTING)
    assert other_reason.pk != first.pk


def test_a_closed_referral_does_not_block_a_new_one(world, child):
    first = referral_open(actor=world.cadre, child=child, reason=ReferralReason.TWO_T)
    referral_advance(actor=world.midwife, referral=first, status="closed", note="moved away")
    second = referral_open(actor=world.cadre, child=child, reason=ReferralReason.TWO_T)
    assert second.pk != first.pk


def test_referral_needs_a_person_and_a_known_reason(world, child):
    with pytest.raises(ValidationError) as error:
        referral_open(actor=world.cadre, reason=ReferralReason.TWO_T)
    assert "child" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        referral_open(actor=world.cadre, child=child, reason="nonsense")
    assert "reason" in error.value.message_dict


def test_the_workflow_runs_to_recovery_with_dated_attributed_events(world, child):
    referral = referral_open(actor=world.cadre, child=child, reason=ReferralReason.WASTING)
    day = timezone.localdate()
    for status in ("examined", "treated", "in_care", "recovered"):
        referral_advance(actor=world.midwife, referral=referral, status=status, on=day)
    referral.refresh_from_db()
    assert referral.status == "recovered"
    events = list(referral.events.values_list("status", "by", "on"))
    assert [e[0] for e in events] == ["referred", "examined", "treated", "in_care", "recovered"]
    assert all(e[1] == world.midwife.pk and e[2] == day for e in events[1:])
    assert AuditEvent.objects.filter(action="referral.advance", object_id=str(referral.pk)).count()


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ((), "treated"),
        ((), "recovered"),
        (("examined",), "in_care"),
        (("examined", "treated", "recovered"), "examined"),
        (("closed",), "examined"),
    ],
)
def test_refused_transitions_name_the_status_field(world, child, path, refused):
    referral = referral_open(actor=world.cadre, child=child, reason=ReferralReason.WASTING)
    for status in path:
        referral_advance(actor=world.midwife, referral=referral, status=status, note="x")
    with pytest.raises(ValidationError) as error:
        referral_advance(actor=world.midwife, referral=referral, status=refused)
    assert "status" in error.value.message_dict
    assert referral.events.count() == 1 + len(path)


def test_closing_needs_a_note(world, child):
    referral = referral_open(actor=world.cadre, child=child, reason=ReferralReason.WASTING)
    with pytest.raises(ValidationError) as error:
        referral_advance(actor=world.midwife, referral=referral, status="closed", note="  ")
    assert "note" in error.value.message_dict
    referral_advance(actor=world.midwife, referral=referral, status="closed", note="Declined")
    assert referral.events.last().note == "Declined"


def test_a_step_cannot_be_dated_before_the_referral_or_in_the_future(world, child):
    today = timezone.localdate()
    referral = referral_open(actor=world.cadre, child=child, reason=ReferralReason.WASTING)
    for bad in (today - dt.timedelta(days=3), today + dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            referral_advance(actor=world.midwife, referral=referral, status="examined", on=bad)
        assert "on" in error.value.message_dict


def test_overdue_means_referred_more_than_fourteen_days_without_examination():
    assert rg.is_overdue("referred", 15)
    assert not rg.is_overdue("referred", 14)
    assert not rg.is_overdue("examined", 40)


# --- pages ---------------------------------------------------------------------------


def test_cadre_lists_her_posyandu_referrals_only(world, child, client_for):
    other_child = make_child(world.other_posyandu, name="Budi")
    mine = referral_open(actor=None, child=child, reason=ReferralReason.TWO_T)
    theirs = referral_open(actor=None, child=other_child, reason=ReferralReason.TWO_T)
    response = client_for(world.cadre).get(reverse("nutrition:referrals"))
    assert response.status_code == 200
    shown = {r.pk for r in response.context["page"].object_list}
    assert shown == {mine.pk}
    midwife_page = client_for(world.midwife).get(reverse("nutrition:referrals"))
    assert {r.pk for r in midwife_page.context["page"].object_list} == {mine.pk, theirs.pk}


def test_referral_list_filters_by_status_reason_and_overdue(world, client_for):
    old_day = timezone.localdate() - dt.timedelta(days=20)
    a = referral_open(actor=None, child=make_child(world.posyandu, "A"), reason="two_t", on=old_day)
    b = referral_open(actor=None, child=make_child(world.posyandu, "B"), reason="gizi_kurang")
    c = referral_open(actor=None, child=make_child(world.posyandu, "C"), reason="two_t", on=old_day)
    referral_advance(actor=None, referral=c, status="examined")
    client = client_for(world.officer)
    url = reverse("nutrition:referrals")

    def shown(**params):
        return {r.pk for r in client.get(url, params).context["page"].object_list}

    assert shown() == {a.pk, b.pk, c.pk}
    assert shown(reason="two_t") == {a.pk, c.pk}
    assert shown(status="examined") == {c.pk}
    assert shown(overdue="1") == {a.pk}
    assert "overdue" in client.get(url).content.decode()


def test_referral_list_refuses_an_unknown_filter_value(world, client_for):
    response = client_for(world.officer).get(reverse("nutrition:referrals"), {"status": "x"})
    assert response.status_code == 200
    assert "status" in response.context["filters"].errors


def test_referral_list_runs_a_bounded_number_of_queries(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.officer)
    url = reverse("nutrition:referrals")
    counts = []
    for n in (2, 12):
        for i in range(len(counts) * 2, n):
            referral_open(actor=None, child=make_child(world.posyandu, f"Anak {i}"), reason="two_t")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_outsiders_get_404_on_a_referral(world, child, client_for, nobody):
    referral = referral_open(actor=None, child=child, reason=ReferralReason.TWO_T)
    url = reverse("nutrition:referral", args=[referral.pk])
    assert client_for(world.cadre).get(url).status_code == 200
    assert client_for(world.midwife).get(url).status_code == 200
    for outsider in (world.other_cadre, world.agam_officer, world.region_admin, nobody):
        assert client_for(outsider).get(url).status_code == 404


def test_midwife_advances_a_referral_from_its_page(world, child, client_for):
    referral = referral_open(actor=None, child=child, reason=ReferralReason.TWO_T)
    url = reverse("nutrition:referral", args=[referral.pk])
    response = client_for(world.midwife).post(url, {"status": "examined", "note": "seen"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "examined"
    event = ReferralEvent.objects.filter(referral=referral).last()
    assert event.by == world.midwife
    page = client_for(world.midwife).get(url).content.decode()
    assert "seen" in page


def test_a_refused_step_on_the_page_answers_the_field(world, child, client_for):
    referral = referral_open(actor=None, child=child, reason=ReferralReason.TWO_T)
    url = reverse("nutrition:referral", args=[referral.pk])
    response = client_for(world.midwife).post(url, {"status": "closed", "note": ""})
    assert response.status_code == 422
    assert "note" in response.context["form"].errors


def test_cadre_sees_a_referral_but_cannot_advance_it(world, child, client_for):
    referral = referral_open(actor=None, child=child, reason=ReferralReason.TWO_T)
    url = reverse("nutrition:referral", args=[referral.pk])
    assert client_for(world.cadre).get(url).context["form"] is None
    assert client_for(world.cadre).post(url, {"status": "examined"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == "referred"


def test_referral_steps_mark_the_months_summary_for_recomputation(world, child):
    from replika.nutrition.models import DirtySummary

    DirtySummary.objects.all().delete()
    referral = referral_open(actor=None, child=child, reason=ReferralReason.TWO_T)
    month = timezone.localdate().replace(day=1)
    assert DirtySummary.objects.filter(unit=world.posyandu, period=month).exists()
    DirtySummary.objects.all().delete()
    referral_advance(actor=None, referral=referral, status="examined")
    assert DirtySummary.objects.filter(unit=world.posyandu, period=month).exists()


def test_a_pregnant_woman_is_referred_once_and_listed_by_her_name(world, client_for):
    from replika.nutrition.models import Pregnancy
    from replika.nutrition.services.registers import mother_register

    mother = mother_register(actor=None, unit=world.posyandu, name="Rahmi")
    pregnancy = Pregnancy.objects.create(
        region_id=mother.region_id, location_id=mother.location_id, unit=mother.unit, mother=mother
    )
    first = referral_open(actor=None, pregnancy=pregnancy, reason=ReferralReason.KEK)
    assert referral_open(actor=None, pregnancy=pregnancy, reason=ReferralReason.KEK) == first
    assert first.unit == world.posyandu
    page = client_for(world.midwife).get(reverse("nutrition:referrals")).content.decode()
    assert "Rahmi" in page
    detail = client_for(world.midwife).get(reverse("nutrition:referral", args=[first.pk]))
    assert detail.context["enrol_form"] is None  # Rumah Gizi is for children
