"""Correcting a registered case: who may, the registration's checks, duplicates told as the
user may see them, a stale form refused, the change on the timeline and in the audit trail,
and the same through the API."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from replika.core.models import AuditEvent
from replika.schooling.models import Case, CaseEvent, DirtyRegion
from replika.schooling.rules import corrections as rules
from replika.schooling.rules.identity import name_key
from replika.schooling.services import cases as svc
from replika.schooling.services.common import OUTSIDE_AUDIT, status_of_refusal
from replika.schooling.services.corrections import case_correct, version_of
from tests.factories import region, user_with_role
from tests.schooling.factories import NAGARI_2, OUTSIDE_NAGARI, born, child, report, today

API = "/api/v1/schooling"


# --- pure rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("office", "reporter", "status", "allowed"),
    [
        (True, False, "reported", True),
        (True, False, "attending", True),
        (False, True, "reported", True),
        (False, True, "verified", False),
        (False, False, "reported", False),
    ],
)
def test_the_office_corrects_always_and_the_reporter_until_verification(
    office, reporter, status, allowed
):
    assert rules.may_correct(office=office, reporter=reporter, status=status) is allowed


def test_changed_fields_and_when_duplicates_are_checked():
    stored = {"name": "Rafi", "guardian_phone": "0812", "dtks": False}
    assert rules.changed_fields(stored, {**stored, "guardian_phone": "0813"}) == ["guardian_phone"]
    assert not rules.needs_duplicate_check(["guardian_phone", "dtks"])
    assert rules.needs_duplicate_check(["guardian_phone", "name"])


def _name_key_by_character(name: str) -> str:
    """The folding as first written (a test per character): the fast one must equal it."""
    kept = "".join(ch if ch.isalnum() else " " for ch in name.casefold())
    return " ".join(kept.split())


def test_the_fast_name_key_folds_exactly_as_the_character_by_character_one():
    rng = random.Random(5)
    alphabet = [chr(c) for c in range(0x3000)] + list(" \t\u00a0\u2003_-.'") * 40
    samples = ["Rafi  Chaniago", "Ni'mah_Putri", "ÉLODIE-Nur", "A\u0301dam", "Ⅻ ²³ ½", ""]
    samples += ["".join(rng.choices(alphabet, k=rng.randint(0, 14))) for _ in range(20000)]
    assert [name_key(s) for s in samples] == [_name_key_by_character(s) for s in samples]


# --- the service --------------------------------------------------------------------------------


pytestmark = pytest.mark.django_db


def correct(actor: Any, case: Case, **changes: Any):
    """Correct ``case`` from its current values with ``changes`` (at its current version)."""
    case = Case.objects.get(pk=case.pk)
    fields = {name: getattr(case, name) for name in rules.CORRECTABLE if name != "location_id"}
    fields["location"] = changes.pop("location", case.location)
    return case_correct(
        actor=actor, case=case, child=svc.ChildIn(**(fields | changes)), version=version_of(case)
    )


def test_the_office_corrects_identity_and_it_is_on_the_timeline_and_audited(world):
    case = report(world.pendata)
    DirtyRegion.objects.all().delete()
    done = correct(
        world.disdik,
        case,
        name="Rafi  Chaniago Putra",
        nik="1305011005120001",
        birth_date=dt.date(2012, 5, 10),
        guardian_phone="0812-6600-1234",
    )
    case.refresh_from_db()
    assert (case.name, case.name_key) == ("Rafi Chaniago Putra", "rafi chaniago putra")
    assert (case.nik, case.guardian_phone) == ("1305011005120001", "081266001234")
    assert set(done.fields) == {"name", "nik", "birth_date", "guardian_phone"}
    step = CaseEvent.objects.get(case=case, kind="edit")
    assert (step.actor, step.on) == (world.disdik, today())
    assert "NIK" in step.changed_labels() and "1305" not in step.changed_labels()
    entry = AuditEvent.objects.get(action="schooling.case.correct", object_id=str(case.pk))
    assert entry.changes["name"] == ["Rafi Chaniago", "Rafi Chaniago Putra"]
    assert entry.changes["nik"] == ["", "*" * 16]  # the NIK itself never in the trail
    assert DirtyRegion.objects.filter(region=world.region).exists()


def test_nothing_changed_writes_nothing(world):
    case = report(world.pendata)
    events = CaseEvent.objects.count()
    assert correct(world.disdik, case).fields == []
    assert CaseEvent.objects.count() == events
    assert not AuditEvent.objects.filter(action="schooling.case.correct").exists()


def test_a_stale_form_is_refused_as_a_conflict_not_overwritten(world):
    case = report(world.pendata)
    drawn = version_of(case)
    correct(world.disdik, case, guardian_phone="081266001234")  # someone else, meanwhile
    case.refresh_from_db()
    fields = {name: getattr(case, name) for name in rules.CORRECTABLE if name != "location_id"}
    later = svc.ChildIn(location=case.location, **(fields | {"reason": "jarak"}))
    with pytest.raises(ValidationError) as refused:
        case_correct(actor=world.disdik, case=case, child=later, version=drawn)
    assert svc_status(refused.value) == 409
    case.refresh_from_db()
    assert (case.reason, case.guardian_phone) == ("ekonomi", "081266001234")


def svc_status(exc: ValidationError) -> int:
    return status_of_refusal(exc)


def test_the_checks_of_a_registration_apply(world):
    case = report(world.pendata)
    with pytest.raises(ValidationError) as refused:
        correct(world.disdik, case, nik="1305011005990001", ats_type="ltm", last_level="")
    assert set(refused.value.message_dict) == {"nik", "last_level"}


def test_a_case_stays_in_its_kab_kota(world):
    case = report(world.pendata)
    with pytest.raises(ValidationError) as refused:
        correct(world.disdik, case, location=region(OUTSIDE_NAGARI))
    assert "location" in refused.value.message_dict
    moved = correct(world.disdik, case, location=region(NAGARI_2))
    assert moved.case.location.code == NAGARI_2 and moved.fields == ["location"]


def test_a_duplicate_in_the_area_is_named_and_one_outside_it_is_not(world):
    mine = report(world.pendata, name="Nadia Piliang", birth_date=born(12), guardian_name="Ros")
    case = report(world.pendata)
    with pytest.raises(ValidationError) as refused:
        correct(
            world.disdik,
            case,
            name="Nadia Piliang",
            birth_date=mine.birth_date,
            guardian_name="Ros",
        )
    assert str(mine.pk) in str(refused.value)
    solok = svc.case_report(
        actor=world.outsider,
        child=child(OUTSIDE_NAGARI, nik="1305011005120001", birth_date=dt.date(2012, 5, 10)),
    )
    with pytest.raises(ValidationError) as vague:
        correct(world.disdik, case, nik=solok.nik, birth_date=dt.date(2012, 5, 10))
    assert "another area" in str(vague.value)
    assert "Solok" not in str(vague.value) and str(solok.pk) not in str(vague.value)
    assert AuditEvent.objects.filter(action=OUTSIDE_AUDIT, actor=world.disdik).exists()
    assert Case.objects.get(pk=case.pk).nik == ""


def test_the_reporter_corrects_until_the_case_is_verified(world):
    case = report(world.pendata)
    assert correct(world.pendata, case, rt="004").fields == ["rt"]
    svc.case_verify(actor=world.disdik, case=case, on=today())
    with pytest.raises(ValidationError) as refused:
        correct(world.pendata, case, rt="005")
    assert svc_status(refused.value) == 409
    assert "only the Dinas" in str(refused.value)


# --- the page -------------------------------------------------------------------------------------


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def form_of(case: Case, **changes: Any) -> dict[str, Any]:
    """The correction form as the page fills it for ``case``, with ``changes`` typed in."""
    values = {
        "location": case.location_id,
        "name": case.name,
        "sex": case.sex,
        "birth_date": case.birth_date.isoformat(),
        "nik": case.nik,
        "no_kk": case.no_kk,
        "guardian_name": case.guardian_name,
        "ats_type": case.ats_type,
        "reason": case.reason,
        "source": case.source,
        "last_level": case.last_level,
        "last_grade": case.last_grade or "",
        "version": version_of(case),
    }
    return values | changes


def test_the_page_is_filled_in_and_a_correction_is_saved(world):
    case = report(world.pendata, nik="1305011005120001", birth_date=dt.date(2012, 5, 10))
    url = reverse("schooling:case_correct", args=[case.pk])
    page = client(world.disdik).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "1305011005120001" in body and version_of(case) in body
    assert AuditEvent.objects.filter(action="read.schooling_case_correct").exists()
    # Typed as on the card, with spaces; the date as Indonesians write it.
    sent = form_of(case, no_kk="1305 0101 0101 0001", birth_date="10/05/2012")
    answer = client(world.disdik).post(url, sent)
    assert answer.status_code == 302
    assert Case.objects.get(pk=case.pk).no_kk == "1305010101010001"
    shown = client(world.disdik).get(reverse("schooling:case", args=[case.pk])).content.decode()
    assert "Correct the details" in shown or "Koreksi" in shown


def test_a_stale_page_answers_409_with_what_is_stored_now(world):
    case = report(world.pendata)
    url = reverse("schooling:case_correct", args=[case.pk])
    stale = form_of(case, reason="jarak")
    correct(world.disdik, case, guardian_name="Yusnimar Koto")
    answer = client(world.disdik).post(url, stale)
    assert answer.status_code == 409
    assert "Yusnimar Koto" in answer.content.decode()
    assert Case.objects.get(pk=case.pk).reason == "ekonomi"
    # The page now carries the current version: saving again is a decision, and works.
    again = client(world.disdik).post(url, form_of(Case.objects.get(pk=case.pk), reason="jarak"))
    assert again.status_code == 302


@pytest.mark.parametrize("who", ["other region", "other school", "pendata elsewhere", "mentor"])
def test_outsiders_get_the_standard_refusal(world, who):
    case = report(world.pendata)
    users = {
        "other region": lambda: world.outsider,
        "other school": lambda: user_with_role("operator_satuan", "13.05", unit=world.pkbm),
        "pendata elsewhere": lambda: user_with_role("pendata", "13.05.02"),
        "mentor": lambda: user_with_role("mentor", "13"),
    }
    c = client(users[who]())
    url = reverse("schooling:case_correct", args=[case.pk])
    assert c.get(url).status_code == 404
    assert c.post(url, form_of(case, name="Diganti")).status_code == 404
    patched = c.patch(
        f"{API}/cases/{case.pk}",
        data=json.dumps({"version": version_of(case), "name": "Diganti"}),
        content_type="application/json",
    )
    assert patched.status_code == 404
    assert Case.objects.get(pk=case.pk).name == "Rafi Chaniago"


def test_the_school_of_a_placed_child_sees_it_but_cannot_correct_it(world):
    case = report(world.disdik)
    case = svc.case_verify(actor=world.disdik, case=case, on=today())
    case = svc.case_assess(actor=world.disdik, case=case, route="filial", on=today())
    case = svc.case_place(actor=world.disdik, case=case, place=world.filial, on=today())
    c = client(world.satuan)
    assert c.get(reverse("schooling:case", args=[case.pk])).status_code == 200
    assert c.get(reverse("schooling:case_correct", args=[case.pk])).status_code == 404


def test_a_pendata_cannot_correct_another_users_report(world):
    case = report(world.disdik)
    url = reverse("schooling:case_correct", args=[case.pk])
    assert client(world.pendata).get(url).status_code == 404


# --- the API --------------------------------------------------------------------------------------


def test_the_api_corrects_the_fields_sent_at_the_version_read(world):
    case = report(world.pendata)
    c = client(world.disdik)
    read = c.get(f"{API}/cases/{case.pk}").json()
    answer = c.patch(
        f"{API}/cases/{case.pk}",
        data=json.dumps({"version": read["version"], "pkh": True, "last_grade": None}),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["pkh"], body["last_grade"], body["name"]) == (True, None, "Rafi Chaniago")
    assert body["version"] != read["version"]
    assert body["timeline"][-1]["kind"] == "edit"
    stale = c.patch(
        f"{API}/cases/{case.pk}",
        data=json.dumps({"version": read["version"], "kip": True}),
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert Case.objects.get(pk=case.pk).kip is False
