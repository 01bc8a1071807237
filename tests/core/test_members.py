"""Administrators give roles only in the regions they manage."""

from __future__ import annotations

import pytest
from django.urls import reverse

from replika.core.models import Membership, RoleRequest, User
from tests.factories import MembershipFactory, make_unit, region, user_with_role

pytestmark = pytest.mark.django_db

NEW = {"username": "kader.baru", "full_name": "Kader Baru", "password": "sangat-rahasia-123"}


def test_region_admin_creates_a_cadre_at_a_posyandu_of_the_region(client_for, padang_admin):
    posyandu = make_unit("posyandu", "13.71", "13.71.02")
    response = client_for(padang_admin).post(
        reverse("core:members"),
        {**NEW, "role": "kader_posyandu", "wilayah": "13.71", "unit": posyandu.pk},
    )
    assert response.status_code == 302
    user = User.objects.get(username="kader.baru")
    assert user.check_password(NEW["password"])
    # A cadre reads children by name: the role waits for a second administrator.
    assert not Membership.objects.filter(user=user).exists()
    second_admin = user_with_role("admin_daerah", "13.71")
    pending = RoleRequest.objects.get(user=user)
    client_for(second_admin).post(reverse("core:role_request_approve", args=[pending.pk]))
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.unit, membership.region.code) == (
        "kader_posyandu",
        posyandu,
        "13.71",
    )


def test_region_admin_cannot_give_a_role_in_another_region(client_for, padang_admin):
    response = client_for(padang_admin).post(
        reverse("core:members"), {**NEW, "role": "admin_daerah", "wilayah": "13.06"}
    )
    assert response.status_code == 422
    assert "wilayah" in response.context["form"].errors
    assert not User.objects.filter(username="kader.baru").exists()


def test_region_admin_cannot_use_another_regions_facility(client_for, padang_admin):
    agam_posyandu = make_unit("posyandu", "13.06", "13.06.02")
    response = client_for(padang_admin).post(
        reverse("core:members"),
        {**NEW, "role": "kader_posyandu", "wilayah": "13.71", "unit": agam_posyandu.pk},
    )
    assert response.status_code == 422
    assert "unit" in response.context["form"].errors


def test_region_admin_cannot_hand_out_province_roles(client_for, padang_admin):
    response = client_for(padang_admin).post(
        reverse("core:members"), {**NEW, "role": "admin_provinsi", "wilayah": "13.71"}
    )
    assert response.status_code == 422
    assert "role" in response.context["form"].errors


def test_weak_first_password_is_refused_on_the_field(client_for, padang_admin):
    response = client_for(padang_admin).post(
        reverse("core:members"),
        {**NEW, "password": "123", "role": "admin_daerah", "wilayah": "13.71"},
    )
    assert response.status_code == 422
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(username="kader.baru").exists()


def test_existing_account_gains_the_role_without_its_password_changing(client_for, padang_admin):
    existing = user_with_role("mentor", "13")
    user_with_role("admin_daerah", "13.71", username="teman.padang")
    colleague = User.objects.get(username="teman.padang")
    MembershipFactory(user=existing, wilayah=region("13.71"), role="admin_daerah")
    password_before = existing.password
    response = client_for(colleague).post(
        reverse("core:members"),
        {"username": existing.username, "role": "admin_daerah", "wilayah": "13.71"},
    )
    assert response.status_code == 422
    assert "role" in response.context["form"].errors
    response = client_for(padang_admin).post(
        reverse("core:members"),
        {"username": existing.username, "role": "petugas_gizi_dinkes", "wilayah": "13.71"},
    )
    assert response.status_code == 302
    RoleRequest.objects.get(user=existing, role="petugas_gizi_dinkes")
    existing.refresh_from_db()
    assert existing.password == password_before
    assert set(Membership.objects.filter(user=existing).values_list("role", flat=True)) == {
        "mentor",
        "admin_daerah",
    }


def test_member_list_shows_only_the_managed_regions(client_for, padang_admin, agam_admin):
    response = client_for(padang_admin).get(reverse("core:members"))
    shown = {m.user for m in response.context["page"].object_list}
    assert padang_admin in shown
    assert agam_admin not in shown


def test_revoking_in_another_region_is_404(client_for, padang_admin, agam_admin):
    agam_membership = Membership.objects.get(user=agam_admin)
    url = reverse("core:member_revoke", args=[agam_membership.pk])
    assert client_for(padang_admin).post(url).status_code == 404
    assert Membership.objects.filter(pk=agam_membership.pk).exists()


def test_admin_cannot_revoke_own_role(client_for, padang_admin):
    own = Membership.objects.get(user=padang_admin)
    client_for(padang_admin).post(reverse("core:member_revoke", args=[own.pk]))
    assert Membership.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("fixture", ["mentor", "nobody"])
def test_users_without_manage_permission_get_404(client_for, request, fixture):
    user = request.getfixturevalue(fixture)
    assert client_for(user).get(reverse("core:members")).status_code == 404


def test_province_admin_gives_a_mentor_role(client_for, province_admin):
    response = client_for(province_admin).post(
        reverse("core:members"),
        {**NEW, "username": "pendamping", "role": "mentor", "wilayah": "13"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__username="pendamping").region is None
