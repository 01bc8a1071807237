"""The signed-in user arrives with their memberships, read in one statement, never kept."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from replika.core import services
from replika.core.access import memberships_of
from replika.core.auth_backend import UserBackend
from replika.core.models import Membership
from replika.nutrition import unit_kinds
from tests.factories import MembershipFactory, UserFactory, make_unit, region, user_with_role

pytestmark = pytest.mark.django_db

BACKEND = "replika.core.auth_backend.UserBackend"


def test_the_project_signs_in_with_this_backend():
    # Axes only watches sign-in attempts; this backend is the one that signs users in.
    assert settings.AUTHENTICATION_BACKENDS[-1] == BACKEND


def test_the_user_and_their_memberships_are_one_statement():
    user = user_with_role("admin_daerah", "13.71")
    MembershipFactory(user=user, wilayah=region("13.04"), role="admin_daerah")
    MembershipFactory(user=user, wilayah=region("13"), role="mentor")
    with CaptureQueriesContext(connection) as queries:
        loaded = UserBackend().get_user(user.pk)
        memberships = memberships_of(loaded)
        # Everything the middleware, the menu and the access checks read comes along.
        seen = [(m.wilayah.code, m.role, m.user is loaded) for m in memberships]
    assert len(queries) == 1
    # The model's order: wilayah code, then role.
    assert seen == [
        ("13", "mentor", True),
        ("13.04", "admin_daerah", True),
        ("13.71", "admin_daerah", True),
    ]
    assert loaded == user


def test_a_unit_membership_brings_its_unit_and_region():
    puskesmas = make_unit(unit_kinds.PUSKESMAS, "13.71", "13.71.02")
    user = user_with_role("petugas_puskesmas", "13.71", unit=puskesmas)
    loaded = UserBackend().get_user(user.pk)
    with CaptureQueriesContext(connection) as queries:
        (membership,) = memberships_of(loaded)
        assert membership.unit.path == puskesmas.path
        assert membership.unit.region.code == "13.71"
    assert len(queries) == 0


def test_a_user_without_memberships_is_still_signed_in():
    user = UserFactory()
    loaded = UserBackend().get_user(user.pk)
    assert loaded == user
    with CaptureQueriesContext(connection) as queries:
        assert memberships_of(loaded) == []
    assert len(queries) == 0


@pytest.mark.parametrize("with_membership", [True, False])
def test_a_deactivated_user_is_nobody(with_membership):
    user = user_with_role("admin_daerah", "13.71") if with_membership else UserFactory()
    user.is_active = False
    user.save()
    assert UserBackend().get_user(user.pk) is None


def test_an_unknown_user_is_nobody():
    assert UserBackend().get_user(987654321) is None


def test_a_revoked_membership_is_gone_on_the_next_request(client_for):
    # An outsider now: nothing about the memberships outlives the request that read them.
    user = user_with_role("admin_daerah", "13.71")
    client = client_for(user)
    members = reverse("core:members")
    assert client.get(members).status_code == 200
    services.membership_revoke(actor=None, membership=Membership.objects.get(user=user))
    assert client.get(members).status_code in (302, 403, 404)


def test_a_signed_in_page_reads_session_user_and_memberships_in_two_statements(client_for):
    client = client_for(user_with_role("admin_daerah", "13.71"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:profile")).status_code == 200
    # Reads only: the tests' settings write the session's last use on every request.
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    identity = [s for s in reads if "core_user" in s or "django_session" in s]
    assert len(identity) == 2, reads


def _fields(obj):
    """Every concrete field's value, as the ORM reads it."""
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_what_it_loads_equals_the_orms_own_read_field_by_field():
    # The statement is written once from the models' fields; the values must come back as
    # the ORM gives them on each engine (booleans, aware datetimes, decimals, null units).
    puskesmas = make_unit(unit_kinds.PUSKESMAS, "13.71", "13.71.02")
    user = user_with_role("petugas_puskesmas", "13.71", unit=puskesmas)
    MembershipFactory(user=user, wilayah=region("13.04"), role="admin_daerah")
    user.last_login = user.date_joined
    user.save()
    loaded = UserBackend().get_user(user.pk)
    expected_user = type(user).objects.get(pk=user.pk)
    assert _fields(loaded) == _fields(expected_user)
    assert loaded.last_login is not None and loaded.last_login.tzinfo is not None
    assert isinstance(loaded.is_active, bool)
    expected = {
        m.pk: m
        for m in Membership.objects.filter(user=user).select_related("wilayah", "unit__region")
    }
    got = memberships_of(loaded)
    assert sorted(m.pk for m in got) == sorted(expected)
    for membership in got:
        orm = expected[membership.pk]
        assert _fields(membership) == _fields(orm)
        assert _fields(membership.wilayah) == _fields(orm.wilayah)
        assert membership._state.db == orm._state.db and not membership._state.adding
        if orm.unit_id is None:
            assert membership.unit is None
        else:
            assert _fields(membership.unit) == _fields(orm.unit)
            assert _fields(membership.unit.region) == _fields(orm.unit.region)


@pytest.mark.parametrize("key", ["not-a-number", "", None])
def test_a_session_naming_no_valid_key_is_nobody(key):
    with CaptureQueriesContext(connection) as queries:
        assert UserBackend().get_user(key) is None
    assert len(queries) == 0
