"""Field survey reports from the phone's outbox: written once per report id, whatever the
number of sendings; an id replayed by someone else or for another child is refused."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from replika.core.models import AuditEvent
from replika.schooling.models import Case, CaseEvent
from replika.schooling.services import cases as svc
from tests.schooling.factories import OUTSIDE_NAGARI, child

pytestmark = pytest.mark.django_db


def test_a_report_sent_twice_is_written_once(world):
    key = uuid.uuid4()
    first, replayed = svc.case_report_entry(actor=world.pendata, child=child(), entry=key)
    again, replayed_again = svc.case_report_entry(actor=world.pendata, child=child(), entry=key)
    assert (replayed, replayed_again) == (False, True)
    assert again.pk == first.pk
    assert Case.objects.filter(entry_key=key).count() == 1
    assert CaseEvent.objects.filter(case=first).count() == 1
    assert AuditEvent.objects.filter(action="schooling.case.report").count() == 1


def test_two_reports_with_their_own_ids_are_two_cases(world):
    svc.case_report_entry(actor=world.pendata, child=child(name="Rina"), entry=uuid.uuid4())
    svc.case_report_entry(actor=world.pendata, child=child(name="Dodi"), entry=uuid.uuid4())
    assert Case.objects.count() == 2


def test_an_id_used_for_another_child_is_refused(world):
    key = uuid.uuid4()
    svc.case_report_entry(actor=world.pendata, child=child(name="Rina"), entry=key)
    with pytest.raises(ValidationError) as exc:
        svc.case_report_entry(actor=world.pendata, child=child(name="Dodi"), entry=key)
    assert "entry" in exc.value.message_dict
    assert Case.objects.count() == 1


def test_an_outsider_replaying_an_id_learns_nothing_and_writes_nothing(world):
    key = uuid.uuid4()
    svc.case_report_entry(actor=world.pendata, child=child(), entry=key)
    with pytest.raises(ValidationError) as exc:
        svc.case_report_entry(
            actor=world.outside_pendata, child=child(location=OUTSIDE_NAGARI), entry=key
        )
    assert list(exc.value.message_dict) == ["entry"]
    assert "Rina" not in str(exc.value) and Case.objects.count() == 1


def test_the_outbox_answer_says_saved_then_replayed(client, world):
    client.force_login(world.pendata)
    location = Case._meta.get_field("location").related_model.objects.get(
        code=child().location.code
    )
    data = {
        "location": location.pk,
        "name": "Anak Kotak Keluar",
        "sex": "2",
        "birth_date": "2013-04-05",
        "ats_type": "do",
        "reason": "ekonomi",
        "source": "survey",
        "entry": str(uuid.uuid4()),
    }
    headers = {"X-Requested-With": "XMLHttpRequest"}
    first = client.post("/sekolah/lapor/", data, headers=headers)
    second = client.post("/sekolah/lapor/", data, headers=headers)
    assert (first.status_code, first["X-Row-State"]) == (200, "saved")
    assert (second.status_code, second["X-Row-State"]) == (200, "replayed")
    assert Case.objects.filter(name="Anak Kotak Keluar").count() == 1
    bad = client.post("/sekolah/lapor/", {**data, "name": ""}, headers=headers)
    assert (bad.status_code, bad["X-Row-State"]) == (422, "invalid")
    worker = client.get("/sekolah/lapor/sw.js")
    assert worker.status_code == 200 and "survey" in worker.content.decode()
