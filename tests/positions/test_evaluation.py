"""A verifier records a position's factor levels; the class is computed and a mismatch shown."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from replika.core.models import AuditEvent
from replika.positions.models import Position
from replika.positions.services import evaluation, structure

pytestmark = pytest.mark.django_db

# A typical executor post: 655 points → class 6 (the world's position is entered as 5).
EXECUTOR = {"1": 2, "2": 2, "3": 2, "4": 2, "5": 2, "6": 2, "7": 1, "8": 1, "9": 1}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_evaluation_stores_points_and_class_and_is_audited(world):
    p = evaluation.position_evaluate(actor=world.verifier, position=world.position, levels=EXECUTOR)
    p = Position.objects.get(pk=p.pk)
    assert (p.evaluated_points, p.evaluated_class, p.job_class) == (655, 6, 5)
    assert p.factor_levels == EXECUTOR and p.evaluated_by == world.verifier
    assert p.class_mismatch
    event = AuditEvent.objects.get(action="positions.position.evaluate")
    assert event.actor == world.verifier


def test_a_missing_factor_is_refused_with_its_field_and_nothing_stored(world):
    levels = {k: v for k, v in EXECUTOR.items() if k != "7"}
    with pytest.raises(ValidationError) as exc:
        evaluation.position_evaluate(actor=world.verifier, position=world.position, levels=levels)
    assert "factor_7" in exc.value.error_dict
    assert Position.objects.get(pk=world.position.pk).evaluated_points is None


def test_changing_from_executor_to_supervisor_forgets_the_functional_evaluation(world):
    evaluation.position_evaluate(actor=world.verifier, position=world.position, levels=EXECUTOR)
    p = Position.objects.get(pk=world.position.pk)
    structure.position_update(
        actor=world.verifier,
        position=p,
        title=p.title,
        kind="pengawas",
        job_class=8,
        holders=p.holders,
        retiring_5y=0,
    )
    p = Position.objects.get(pk=p.pk)
    assert p.factor_levels == {} and p.evaluated_class is None and not p.class_mismatch


def test_verifier_evaluates_through_the_page_and_the_position_shows_the_mismatch(world):
    client = signed_in(world.verifier)
    form = client.get(f"/jabatan/{world.position.pk}/evaluasi/")
    assert form.status_code == 200
    assert "factor_9" in form.context["form"].fields  # an executor post has 9 factors
    payload = {f"factor_{code}": str(level) for code, level in EXECUTOR.items()}
    answer = client.post(f"/jabatan/{world.position.pk}/evaluasi/", payload)
    assert answer.status_code == 302
    page = client.get(f"/jabatan/{world.position.pk}/").content.decode()
    shown = "Evaluasi jabatan (nilai 655) menghasilkan kelas 6, tetapi yang tercatat kelas 5."
    assert shown in page


def test_a_structural_post_gets_the_seven_structural_factors(world):
    head = structure.position_create(
        actor=None, org_unit=world.unit, title="Kepala Subbagian Umum", kind="pengawas", job_class=8
    )
    form = signed_in(world.verifier).get(f"/jabatan/{head.pk}/evaluasi/").context["form"]
    assert [name for name in form.fields] == [
        "factor_1",
        "factor_2",
        "factor_3",
        "factor_4a",
        "factor_4b",
        "factor_5",
        "factor_6",
    ]


def test_drafter_and_outsider_cannot_evaluate(world):
    url = f"/jabatan/{world.position.pk}/evaluasi/"
    payload = {f"factor_{code}": str(level) for code, level in EXECUTOR.items()}
    assert signed_in(world.drafter).post(url, payload).status_code in (403, 404)
    assert signed_in(world.td_verifier).post(url, payload).status_code == 404
    assert Position.objects.get(pk=world.position.pk).evaluated_points is None


def test_the_api_gives_the_evaluation_with_the_position(world):
    client = signed_in(world.verifier)
    url = f"/api/v1/positions/positions/{world.position.pk}"
    assert client.get(url).json()["evaluation"] is None
    evaluation.position_evaluate(actor=world.verifier, position=world.position, levels=EXECUTOR)
    assert client.get(url).json()["evaluation"] == {
        "factor_levels": EXECUTOR,
        "points": 655,
        "job_class": 6,
        "matches_entered_class": False,
    }
