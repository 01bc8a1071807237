"""The audit trail: services record before → after, personal data masked, read by region."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from replika.core import audit, services
from replika.core.models import AuditEvent, Membership
from replika.core.privacy import mask_nik, mask_value
from replika.replication import services as replication_services
from replika.replication.models import Commitment, Stage
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db

NIK = "1371010101010001"
MASKED_NIK = "1371********0001"
HIDDEN_NIK = "*" * 16


def update_stage(actor, commitment: Commitment, stage: str, **extra) -> Commitment:
    """Move the stage (a transition) or, at the same stage, change the facts."""
    if stage != commitment.stage:
        replication_services.commitment_transition(
            actor=actor, commitment=commitment, to_stage=stage, note=extra.get("notes", "")
        )
        return commitment
    return replication_services.commitment_update(
        actor=actor,
        commitment=commitment,
        signed_on=commitment.signed_on,
        **extra,
    )


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("at", "id")


# --- services write the trail -----------------------------------------------------------------


def test_commitment_update_records_the_stage_before_and_after(padang_admin, world):
    commitment = world.padang

    update_stage(padang_admin, commitment, Stage.INSTITUTIONALISED)

    event = last_event("commitment.transition")
    assert event.actor == padang_admin
    assert event.model == "replication.commitment"
    assert event.object_id == str(commitment.pk)
    assert event.region == region("13.71")
    assert event.object_repr == str(commitment)
    assert event.changes["stage"] == ["launched", "institutionalised"]
    assert event.changes["stage_since"] == [None, timezone.localdate().isoformat()]


def test_commitment_update_records_only_what_changed(padang_admin, world):
    commitment = world.padang

    update_stage(padang_admin, commitment, Stage.LAUNCHED, notes="Dibahas di rapat OPD")

    changes = last_event("commitment.update").changes
    assert changes["notes"] == ["", "Dibahas di rapat OPD"]
    assert "stage" not in changes
    assert "region_id" not in changes
    assert "innovation_id" not in changes


def test_refused_commitment_update_records_nothing(padang_admin, world):
    commitment = world.padang

    with pytest.raises(ValidationError):
        update_stage(padang_admin, commitment, Stage.STOPPED)  # stopping needs a reason

    assert not AuditEvent.objects.filter(action="commitment.transition").exists()
    commitment.refresh_from_db()
    assert commitment.stage == Stage.LAUNCHED


def test_settings_update_records_the_settings_change(agam_admin, world):
    commitment = world.agam

    replication_services.commitment_settings_update(
        actor=agam_admin,
        commitment=commitment,
        data={"display_name": "Ayo Cegah Stunting Agam", "kek_lila_cm": 23.0},
        reasons={"display_name": "Nama daerah", "kek_lila_cm": "Data Riskesdas Agam"},
    )

    event = last_event("commitment.settings")
    assert event.actor == agam_admin
    assert event.region == region("13.06")
    assert event.object_id == str(commitment.pk)
    assert event.changes == {
        "settings": [{}, {"display_name": "Ayo Cegah Stunting Agam", "kek_lila_cm": 23.0}]
    }


def test_invalid_settings_record_nothing(agam_admin, world):
    commitment = world.agam

    with pytest.raises(ValidationError):
        replication_services.commitment_settings_update(
            actor=agam_admin, commitment=commitment, data={"kek_lila_cm": 50}
        )

    assert not AuditEvent.objects.filter(action="commitment.settings").exists()


def test_membership_grant_records_who_gave_which_role_where(province_admin):
    user = UserFactory()

    membership = services.membership_grant(
        actor=province_admin, user=user, wilayah=region("13.06"), role="admin_daerah"
    )

    event = last_event("membership.grant")
    assert event.actor == province_admin
    assert event.model == "core.membership"
    assert event.object_id == str(membership.pk)
    assert event.changes["role"] == [None, "admin_daerah"]
    assert event.changes["wilayah_id"] == [None, region("13.06").pk]
    assert event.changes["user_id"] == [None, user.pk]


def test_granting_the_same_role_twice_records_one_event(province_admin):
    user = UserFactory()

    first, second = (
        services.membership_grant(
            actor=province_admin, user=user, wilayah=region("13.06"), role="admin_daerah"
        )
        for _ in range(2)
    )

    assert first.pk == second.pk
    assert Membership.objects.filter(user=user).count() == 1
    grants = AuditEvent.objects.filter(action="membership.grant", object_id=str(first.pk))
    assert grants.count() == 1


def test_membership_revoke_records_the_removed_role(province_admin):
    user = UserFactory()
    membership = services.membership_grant(
        actor=province_admin, user=user, wilayah=region("13.06"), role="admin_daerah"
    )

    services.membership_revoke(actor=province_admin, membership=membership)

    event = last_event("membership.revoke")
    assert event.actor == province_admin
    assert event.changes["role"] == ["admin_daerah", None]
    assert not Membership.objects.filter(pk=membership.pk).exists()


# --- personal data is masked in the trail -----------------------------------------------------


def test_diff_masks_personal_fields():
    changes = audit.diff(
        {"nik": None, "name": "Siti"},
        {"nik": NIK, "name": "Siti Rahma"},
        personal=frozenset({"nik"}),
    )

    assert changes == {"nik": [None, HIDDEN_NIK], "name": ["Siti", "Siti Rahma"]}


def test_diff_masks_both_sides_of_a_changed_nik():
    changes = audit.diff({"nik": NIK}, {"nik": "1371010101010002"}, personal=frozenset({"nik"}))

    # No digit is kept: shown digits plus a row's place and birth date would give the rest.
    assert changes == {"nik": [HIDDEN_NIK, HIDDEN_NIK]}


def test_diff_leaves_out_unchanged_fields_even_personal_ones():
    assert audit.diff({"nik": NIK, "x": 1}, {"nik": NIK, "x": 1}, frozenset({"nik"})) == {}


def test_diff_renders_dates_and_decimals_as_json_values():
    changes = audit.diff(
        {"born": dt.date(2023, 1, 31)}, {"born": dt.date(2023, 2, 1)}, personal=frozenset()
    )

    assert changes == {"born": ["2023-01-31", "2023-02-01"]}


def test_record_masks_a_models_personal_fields(monkeypatch, padang_admin, world):
    # Treat the commitment's notes as personal, as a module's register would its NIK field.
    monkeypatch.setattr(Commitment, "personal_fields", ("notes",), raising=False)
    commitment = world.padang

    update_stage(padang_admin, commitment, Stage.LAUNCHED, notes=NIK)

    event = last_event("commitment.update")
    assert event.changes["notes"] == ["", HIDDEN_NIK]
    assert NIK not in json.dumps(event.changes)


@pytest.mark.parametrize(
    ("nik", "masked"),
    [
        (NIK, MASKED_NIK),
        (None, ""),
        ("", ""),
        ("1371", "****"),
        ("13710101", "********"),
        ("137101011", "1371*1011"),
    ],
)
def test_mask_nik_keeps_only_the_first_and_last_four_digits(nik, masked):
    assert mask_nik(nik) == masked


def test_masked_nik_never_contains_the_middle_digits():
    masked = mask_nik("1306054512990003")

    assert masked == "1306********0003"
    assert "054512" not in masked
    assert len(masked) == 16


@pytest.mark.parametrize(
    ("value", "masked"),
    [(None, None), ("", ""), (1371010101010001, MASKED_NIK), ("081234567890", "0812****7890")],
)
def test_mask_value_keeps_empty_values_and_masks_the_rest(value, masked):
    assert mask_value(value) == masked


# --- the audit page ---------------------------------------------------------------------------


@pytest.fixture
def padang_and_agam_events(province_admin, padang_admin, agam_admin, world):
    """A change in Padang by its admin, one by the province, and one in Agam."""
    padang, padang_other, agam = world.padang, world.padang_poltabes, world.agam
    update_stage(padang_admin, padang, Stage.INSTITUTIONALISED)
    update_stage(province_admin, padang_other, Stage.PILOTING)
    update_stage(agam_admin, agam, Stage.LAUNCHED)
    return {"padang": padang, "padang_other": padang_other, "agam": agam}


def audit_events(client, **params) -> list[AuditEvent]:
    response = client.get(reverse("core:audit"), params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_region_admin_sees_only_their_regions_audit(
    client_for, padang_admin, padang_and_agam_events
):
    client = client_for(padang_admin)

    response = client.get(reverse("core:audit"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kota Padang — Ayo Ceting" in html
    assert "Kota Padang — Poltabes" in html
    assert "Kabupaten Agam" not in html
    events = list(response.context["page"].object_list)
    assert events
    assert {e.region.code for e in events} == {"13.71"}


def test_agam_event_is_absent_for_padang_admin_even_when_asked_for(
    client_for, padang_admin, padang_and_agam_events
):
    agam = padang_and_agam_events["agam"]

    events = audit_events(
        client_for(padang_admin), model="replication.commitment", object=str(agam.pk)
    )

    assert events == []


def test_province_admin_sees_every_regions_audit(
    client_for, province_admin, padang_and_agam_events
):
    events = audit_events(client_for(province_admin))

    assert {"13.71", "13.06"} <= {e.region.code for e in events if e.region}


def test_audit_page_filters_by_object(client_for, padang_admin, padang_and_agam_events):
    padang = padang_and_agam_events["padang"]

    response = client_for(padang_admin).get(
        reverse("core:audit"), {"model": "replication.commitment", "object": str(padang.pk)}
    )

    events = list(response.context["page"].object_list)
    assert [e.action for e in events] == ["commitment.transition"]
    assert {e.object_id for e in events} == {str(padang.pk)}
    html = response.content.decode()
    assert "Kota Padang — Poltabes" not in html


def test_audit_page_filters_by_actor(
    client_for, padang_admin, province_admin, padang_and_agam_events
):
    events = audit_events(client_for(padang_admin), actor=str(province_admin.pk))

    assert events
    assert {e.actor_id for e in events} == {province_admin.pk}
    assert {e.object_id for e in events} == {str(padang_and_agam_events["padang_other"].pk)}


def test_audit_page_for_an_unknown_actor_is_404(client_for, padang_admin):
    response = client_for(padang_admin).get(reverse("core:audit"), {"actor": "999999"})

    assert response.status_code == 404


def test_audit_page_shows_the_stage_change(client_for, padang_admin, padang_and_agam_events):
    html = client_for(padang_admin).get(reverse("core:audit")).content.decode()

    # Stages are shown by their names, not their codes.
    assert f"{Stage.LAUNCHED.label} → {Stage.INSTITUTIONALISED.label}" in html


@pytest.mark.parametrize("who", ["mentor", "nobody"])
def test_user_without_audit_permission_gets_404(client_for, request, who, padang_and_agam_events):
    user = request.getfixturevalue(who)

    response = client_for(user).get(reverse("core:audit"))

    assert response.status_code == 404
