"""Where a role may be held: the role's scope decides the level and the unit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from replika.core import services
from replika.core.models import AuditEvent, Membership
from replika.nutrition import unit_kinds
from tests.factories import UserFactory, make_unit, region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "code", "field"),
    [
        ("admin_provinsi", "13.71", "wilayah"),  # a province role on a kab/kota
        ("admin_daerah", "13", "wilayah"),  # a region role on the province
        ("admin_daerah", "13.71.02", "wilayah"),  # a region role on a kecamatan
        ("kader_posyandu", "13.71", "unit"),  # a unit role without a unit
        ("no_such_role", "13.71", "role"),
    ],
)
def test_role_is_refused_where_its_scope_does_not_allow(role, code, field):
    with pytest.raises(ValidationError) as info:
        services.membership_grant(actor=None, user=UserFactory(), wilayah=region(code), role=role)
    assert field in info.value.message_dict
    assert not Membership.objects.exists()


def test_unit_role_needs_a_unit_of_its_kind_in_its_region():
    puskesmas = make_unit(unit_kinds.PUSKESMAS, "13.71", "13.71.02")
    user = UserFactory()
    with pytest.raises(ValidationError) as info:
        services.membership_grant(
            actor=None, user=user, wilayah=region("13.71"), role="kader_posyandu", unit=puskesmas
        )
    assert "unit" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.membership_grant(
            actor=None, user=user, wilayah=region("13.06"), role="petugas_puskesmas", unit=puskesmas
        )


def test_granting_twice_keeps_one_membership_and_one_audit_event():
    user = UserFactory()
    for _ in range(2):
        services.membership_grant(
            actor=None, user=user, wilayah=region("13.71"), role="admin_daerah"
        )
    assert Membership.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action="membership.grant").count() == 1


def test_revoking_removes_access_and_is_audited():
    user = UserFactory()
    membership = services.membership_grant(
        actor=None, user=user, wilayah=region("13.71"), role="admin_daerah"
    )
    services.membership_revoke(actor=None, membership=membership)
    assert not Membership.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="membership.revoke").exists()


def test_unit_path_nests_under_its_parent():
    puskesmas = make_unit(unit_kinds.PUSKESMAS, "13.71", "13.71.02")
    posyandu = make_unit(unit_kinds.POSYANDU, "13.71", "13.71.02", puskesmas)
    assert puskesmas.path == f"{puskesmas.pk}/"
    assert posyandu.path == f"{puskesmas.pk}/{posyandu.pk}/"


@pytest.mark.parametrize(
    ("region_code", "location_code", "field"),
    [("13", None, "region"), ("13.71", "13.06.02", "location")],
)
def test_unit_must_sit_inside_its_region(region_code, location_code, field):
    with pytest.raises(ValidationError) as info:
        make_unit(unit_kinds.PUSKESMAS, region_code, location_code)
    assert field in info.value.message_dict
