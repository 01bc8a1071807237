"""The one door: every role × own/other region × read/write, with outsiders everywhere."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from replika.core import access
from replika.core.models import Unit
from replika.core.roles import ALL, ROLES, Role, Scope
from replika.core.tenancy import Tenant
from replika.nutrition import unit_kinds
from replika.nutrition.permissions import USE_CALCULATOR
from replika.replication.models import Commitment, Stage
from replika.replication.permissions import CHANGE_COMMITMENT, CHANGE_SETTINGS, VIEW_COMMITMENT
from tests.factories import UserFactory, make_commitment, make_unit, user_with_role

pytestmark = pytest.mark.django_db

PADANG, AGAM = "13.71", "13.06"


@pytest.fixture
def commitments():
    """One commitment in Padang and one in Agam."""
    return {
        PADANG: make_commitment(PADANG, "ayo-ceting"),
        AGAM: make_commitment(AGAM, "poltabes"),
    }


def _visible(user, perm):
    return set(
        access.scoped(Commitment.objects.all(), user, perm).values_list("region__code", flat=True)
    )


# (role, where the role is held, permission, regions whose commitment it reaches)
MATRIX = [
    ("admin_provinsi", "13", VIEW_COMMITMENT, {PADANG, AGAM}),
    ("admin_provinsi", "13", CHANGE_COMMITMENT, {PADANG, AGAM}),
    ("admin_provinsi", "13", CHANGE_SETTINGS, {PADANG, AGAM}),
    ("mentor", "13", VIEW_COMMITMENT, {PADANG, AGAM}),
    ("mentor", "13", CHANGE_COMMITMENT, set()),
    ("mentor", "13", CHANGE_SETTINGS, set()),
    ("admin_daerah", PADANG, VIEW_COMMITMENT, {PADANG}),
    ("admin_daerah", PADANG, CHANGE_COMMITMENT, {PADANG}),
    ("admin_daerah", PADANG, CHANGE_SETTINGS, {PADANG}),
    ("admin_daerah", AGAM, VIEW_COMMITMENT, {AGAM}),
    ("admin_daerah", AGAM, CHANGE_COMMITMENT, {AGAM}),
    ("petugas_gizi_dinkes", PADANG, VIEW_COMMITMENT, set()),
    ("petugas_gizi_dinkes", PADANG, CHANGE_COMMITMENT, set()),
]


@pytest.mark.parametrize(("role", "where", "perm", "expected"), MATRIX)
def test_role_reaches_exactly_its_regions(commitments, role, where, perm, expected):
    user = user_with_role(role, where)
    assert _visible(user, perm) == expected


@pytest.mark.parametrize("perm", [VIEW_COMMITMENT, CHANGE_COMMITMENT, CHANGE_SETTINGS])
def test_outsiders_reach_nothing(commitments, perm):
    no_role = UserFactory()
    inactive = user_with_role("admin_provinsi", "13", is_active=False)
    for outsider in (AnonymousUser(), no_role, inactive):
        assert _visible(outsider, perm) == set()


@pytest.mark.parametrize(
    ("role", "where", "perm"),
    [
        ("admin_daerah", AGAM, VIEW_COMMITMENT),
        ("admin_daerah", AGAM, CHANGE_COMMITMENT),
        ("mentor", "13", CHANGE_COMMITMENT),
        ("petugas_gizi_dinkes", PADANG, VIEW_COMMITMENT),
    ],
)
def test_forbidden_object_looks_missing(commitments, role, where, perm):
    user = user_with_role(role, where)
    with pytest.raises(Http404):
        access.get_for_user(Commitment, user, commitments[PADANG].pk, perm)
    with pytest.raises(Http404):
        access.get_for_user(Commitment, user, 999_999, perm)


def test_get_for_user_returns_own_object(commitments):
    owner = user_with_role("admin_daerah", PADANG)
    got = access.get_for_user(Commitment, owner, commitments[PADANG].pk, CHANGE_COMMITMENT)
    assert got == commitments[PADANG]


@pytest.mark.parametrize("bad_pk", ["abc", None, "1; DROP TABLE x"])
def test_get_for_user_treats_malformed_ids_as_missing(commitments, bad_pk):
    owner = user_with_role("admin_provinsi", "13")
    with pytest.raises(Http404):
        access.get_for_user(Commitment, owner, bad_pk, VIEW_COMMITMENT)


def test_roles_in_two_regions_reach_both(commitments):
    user = user_with_role("admin_daerah", PADANG)
    from replika.core import services
    from tests.factories import region

    services.membership_grant(actor=None, user=user, wilayah=region(AGAM), role="admin_daerah")
    assert _visible(user, CHANGE_COMMITMENT) == {PADANG, AGAM}


# --- facility (unit) scope: a posyandu cadre sees their posyandu, a puskesmas its subtree


@pytest.fixture
def health_units():
    andalas = make_unit(unit_kinds.PUSKESMAS, PADANG, "13.71.02", name="Puskesmas Andalas")
    mawar = make_unit(unit_kinds.POSYANDU, PADANG, "13.71.02", andalas, name="Posyandu Mawar")
    other_pkm = make_unit(unit_kinds.PUSKESMAS, PADANG, "13.71.01", name="Puskesmas Lain")
    other_pos = make_unit(unit_kinds.POSYANDU, PADANG, "13.71.01", other_pkm, name="Posyandu Lain")
    agam_pkm = make_unit(unit_kinds.PUSKESMAS, AGAM, "13.06.02", name="Puskesmas Agam")
    return {u.name: u for u in (andalas, mawar, other_pkm, other_pos, agam_pkm)}


def _units(user):
    return set(
        access.scoped(Unit.objects.all(), user, USE_CALCULATOR).values_list("name", flat=True)
    )


def test_cadre_sees_only_own_posyandu(health_units):
    cadre = user_with_role("kader_posyandu", PADANG, unit=health_units["Posyandu Mawar"])
    assert _units(cadre) == {"Posyandu Mawar"}


def test_puskesmas_officer_sees_its_posyandu_not_the_neighbours(health_units):
    midwife = user_with_role("petugas_puskesmas", PADANG, unit=health_units["Puskesmas Andalas"])
    assert _units(midwife) == {"Puskesmas Andalas", "Posyandu Mawar"}


def test_region_officer_sees_every_unit_of_the_region_only(health_units):
    officer = user_with_role("petugas_gizi_dinkes", PADANG)
    assert _units(officer) == {
        "Puskesmas Andalas",
        "Posyandu Mawar",
        "Puskesmas Lain",
        "Posyandu Lain",
    }


def test_cadre_reaches_no_region_level_rows(health_units, commitments):
    cadre = user_with_role("kader_posyandu", PADANG, unit=health_units["Posyandu Mawar"])
    # Commitments have no unit: a facility role must not see them through its region.
    assert _visible(cadre, USE_CALCULATOR) == set()


def test_unit_outsider_sees_no_units(health_units):
    assert _units(UserFactory()) == set()
    assert _units(user_with_role("admin_daerah", AGAM)) == {"Puskesmas Agam"}


# --- district scope: a kecamatan officer sees rows located in the kecamatan's subtree


@pytest.fixture
def district_role():
    role = Role(
        code="test_camat",
        label="Test district officer",
        scope=Scope.DISTRICT,
        permissions={"test.view_unit"},
    )
    ROLES[role.code] = role
    yield role
    del ROLES[role.code]


def test_district_role_sees_rows_located_in_its_subtree(health_units, district_role):
    officer = user_with_role("test_camat", "13.71.02")
    visible = set(
        access.scoped(Unit.objects.all(), officer, "test.view_unit").values_list("name", flat=True)
    )
    assert visible == {"Puskesmas Andalas", "Posyandu Mawar"}


def test_district_role_on_model_without_location_sees_nothing(commitments, district_role):
    officer = user_with_role("test_camat", "13.71.02")
    assert set(access.scoped(Commitment.objects.all(), officer, "test.view_unit")) == set()


# --- module activation: rows of a module are unreachable where it is not live


def test_rows_of_a_module_not_live_in_the_region_are_hidden(health_units, monkeypatch):
    monkeypatch.setattr(
        Unit,
        "tenant",
        Tenant(region="region", location="location", unit_path="path", module="nutrition"),
    )
    province = user_with_role("admin_provinsi", "13")
    assert _units(province) == set()  # nutrition is live nowhere yet
    make_commitment(PADANG, "ayo-ceting", Stage.LAUNCHED)
    make_commitment(AGAM, "ayo-ceting", Stage.ADAPTING)  # adapting: not live yet
    assert _units(province) == {
        "Puskesmas Andalas",
        "Posyandu Mawar",
        "Puskesmas Lain",
        "Posyandu Lain",
    }


def test_scoped_refuses_models_that_are_not_tenant_data():
    from replika.replication.models import Innovation

    with pytest.raises(TypeError):
        access.scoped(Innovation.objects.all(), UserFactory(), VIEW_COMMITMENT)


def test_can_in_matches_scoped(health_units):
    from tests.factories import region

    padang_admin = user_with_role("admin_daerah", PADANG)
    assert access.can_in(padang_admin, CHANGE_COMMITMENT, region(PADANG))
    assert access.can_in(padang_admin, CHANGE_COMMITMENT, region("13.71.02.1007"))
    assert not access.can_in(padang_admin, CHANGE_COMMITMENT, region(AGAM))
    assert not access.can_in(UserFactory(), CHANGE_COMMITMENT, region(PADANG))
    cadre = user_with_role("kader_posyandu", PADANG, unit=health_units["Posyandu Mawar"])
    assert access.can_in(cadre, USE_CALCULATOR, region(PADANG), health_units["Posyandu Mawar"])
    assert not access.can_in(cadre, USE_CALCULATOR, region(PADANG))
    assert not access.can_in(cadre, USE_CALCULATOR, region(PADANG), health_units["Posyandu Lain"])


def test_regions_for_lists_the_kabkota_a_user_may_act_on():
    assert access.regions_for(user_with_role("admin_provinsi", "13"), VIEW_COMMITMENT).count() == 19
    assert list(
        access.regions_for(user_with_role("admin_daerah", AGAM), VIEW_COMMITMENT).values_list(
            "code", flat=True
        )
    ) == [AGAM]
    assert not access.regions_for(UserFactory(), VIEW_COMMITMENT).exists()


def test_province_admin_role_holds_every_permission():
    assert ALL in ROLES["admin_provinsi"].permissions
    assert ROLES["admin_provinsi"].allows("anything.at_all")
    assert not ROLES["mentor"].allows(CHANGE_COMMITMENT)


def test_memberships_are_loaded_once_per_request(django_assert_num_queries, commitments):
    user = user_with_role("admin_daerah", PADANG)
    access.forget_memberships(user)
    with django_assert_num_queries(1):
        access.grants(user, VIEW_COMMITMENT)
        access.grants(user, CHANGE_COMMITMENT)
