"""Roles that open personal data need a second administrator; nobody grants themselves
anything; accounts outside the administrator's places are not revealed."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from replika.core import services
from replika.core.models import Membership, RoleRequest, RoleRequestStatus, User
from replika.core.roles import get_role
from tests.factories import UserFactory, make_unit, region, user_with_role

pytestmark = pytest.mark.django_db

MEMBERS = "core:members"
PASSWORD = "sangat-rahasia-123"


@pytest.fixture
def admin_padang(db):
    """The region administrator of the issue's reproduction."""
    return user_with_role("admin_daerah", "13.71", username="admin.padang")


@pytest.fixture
def second_padang_admin(db):
    return user_with_role("admin_daerah", "13.71", username="admin2.padang")


def in_indonesian(message: str) -> str:
    """The message as the pages show it (Indonesian first)."""
    with translation.override("id"):
        return gettext(message)


def _give(client, **data):
    return client.post(reverse(MEMBERS), data)


def _roles(user: User) -> set[str]:
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def test_the_nutrition_roles_that_open_personal_data_say_so():
    for code in ("kader_posyandu", "petugas_puskesmas", "petugas_gizi_dinkes"):
        assert get_role(code).personal_data is True
    for code in ("admin_daerah", "admin_provinsi", "mentor"):
        assert get_role(code).personal_data is False


# --- nobody grants themselves anything ---------------------------------------------------------


def test_admin_padang_cannot_give_themselves_petugas_gizi_dinkes(client_for, admin_padang):
    response = _give(
        client_for(admin_padang),
        username="admin.padang",
        role="petugas_gizi_dinkes",
        wilayah="13.71",
    )

    assert response.status_code == 422
    assert "username" in response.context["form"].errors
    assert _roles(admin_padang) == {"admin_daerah"}
    assert not RoleRequest.objects.exists()


def test_nobody_grants_themselves_a_role_that_needs_no_approval(province_admin):
    with pytest.raises(ValidationError):
        services.membership_grant(
            actor=province_admin, user=province_admin, wilayah=region("13.71"), role="admin_daerah"
        )
    assert _roles(province_admin) == {"admin_provinsi"}


# --- a second administrator approves ------------------------------------------------------------


def test_a_personal_data_role_from_a_region_admin_waits_for_approval(
    client_for, admin_padang, second_padang_admin
):
    response = _give(
        client_for(admin_padang),
        username=second_padang_admin.username,
        role="petugas_gizi_dinkes",
        wilayah="13.71",
    )

    assert response.status_code == 302
    assert _roles(second_padang_admin) == {"admin_daerah"}
    pending = RoleRequest.objects.get()
    assert (pending.user, pending.role, pending.requested_by, pending.status) == (
        second_padang_admin,
        "petugas_gizi_dinkes",
        admin_padang,
        RoleRequestStatus.PENDING,
    )


def test_the_province_approves_another_admins_request(
    client_for, admin_padang, second_padang_admin, province_admin
):
    _give(
        client_for(admin_padang),
        username=second_padang_admin.username,
        role="petugas_gizi_dinkes",
        wilayah="13.71",
    )
    pending = RoleRequest.objects.get()

    response = client_for(province_admin).post(
        reverse("core:role_request_approve", args=[pending.pk])
    )

    assert response.status_code == 302
    assert _roles(second_padang_admin) == {"admin_daerah", "petugas_gizi_dinkes"}
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (RoleRequestStatus.APPROVED, province_admin)


def test_neither_the_requester_nor_the_beneficiary_approves(
    client_for, admin_padang, second_padang_admin
):
    _give(
        client_for(admin_padang),
        username=second_padang_admin.username,
        role="petugas_gizi_dinkes",
        wilayah="13.71",
    )
    pending = RoleRequest.objects.get()

    for who in (admin_padang, second_padang_admin):
        client = client_for(who)
        response = client.post(reverse("core:role_request_approve", args=[pending.pk]))
        assert response.status_code == 302
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            in_indonesian("A second administrator must decide this request.")
        ]

    pending.refresh_from_db()
    assert pending.status == RoleRequestStatus.PENDING
    assert _roles(second_padang_admin) == {"admin_daerah"}


def test_another_admin_of_the_region_approves_a_new_cadre(
    client_for, admin_padang, second_padang_admin
):
    posyandu = make_unit("posyandu", "13.71", "13.71.02")
    _give(
        client_for(admin_padang),
        username="kader.mawar",
        full_name="Kader Mawar",
        password=PASSWORD,
        role="kader_posyandu",
        wilayah="13.71",
        unit=posyandu.pk,
    )
    cadre = User.objects.get(username="kader.mawar")
    assert _roles(cadre) == set()

    page = client_for(second_padang_admin).get(reverse(MEMBERS))
    (item,) = page.context["requests"]
    assert item["refusal"] is None
    own_page = client_for(admin_padang).get(reverse(MEMBERS))
    assert own_page.context["requests"][0]["refusal"]

    client_for(second_padang_admin).post(
        reverse("core:role_request_approve", args=[item["request"].pk])
    )

    assert _roles(cadre) == {"kader_posyandu"}


def test_an_admin_the_requester_set_up_is_not_a_second_person(client_for, admin_padang):
    requester = client_for(admin_padang)
    _give(
        requester,
        username="boneka.padang",
        full_name="Boneka",
        password=PASSWORD,
        role="admin_daerah",
        wilayah="13.71",
    )
    puppet = User.objects.get(username="boneka.padang")
    colleague = user_with_role("admin_daerah", "13.71")
    _give(requester, username=colleague.username, role="petugas_gizi_dinkes", wilayah="13.71")
    pending = RoleRequest.objects.get()

    client_for(puppet).post(reverse("core:role_request_approve", args=[pending.pk]))

    pending.refresh_from_db()
    assert pending.status == RoleRequestStatus.PENDING
    assert _roles(colleague) == {"admin_daerah"}


def test_a_refused_request_gives_nothing(client_for, admin_padang, second_padang_admin):
    _give(
        client_for(admin_padang),
        username=second_padang_admin.username,
        role="petugas_gizi_dinkes",
        wilayah="13.71",
    )
    pending = RoleRequest.objects.get()

    third = user_with_role("admin_daerah", "13.71")
    client_for(third).post(reverse("core:role_request_refuse", args=[pending.pk]))

    pending.refresh_from_db()
    assert pending.status == RoleRequestStatus.REFUSED
    assert _roles(second_padang_admin) == {"admin_daerah"}
    # A decided request cannot be approved afterwards.
    with pytest.raises(ValidationError):
        services.role_request_decide(actor=third, request=pending, approve=True)


def test_another_regions_admin_neither_sees_nor_decides_padang_requests(
    client_for, admin_padang, second_padang_admin, agam_admin
):
    _give(
        client_for(admin_padang),
        username=second_padang_admin.username,
        role="petugas_gizi_dinkes",
        wilayah="13.71",
    )
    pending = RoleRequest.objects.get()
    agam = client_for(agam_admin)

    assert agam.get(reverse(MEMBERS)).context["requests"] == []
    response = agam.post(reverse("core:role_request_approve", args=[pending.pk]))

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == RoleRequestStatus.PENDING


def test_the_province_gives_a_personal_data_role_directly(client_for, province_admin):
    officer = user_with_role("admin_daerah", "13.71")

    response = _give(
        client_for(province_admin),
        username=officer.username,
        role="petugas_gizi_dinkes",
        wilayah="13.71",
    )

    assert response.status_code == 302
    assert _roles(officer) == {"admin_daerah", "petugas_gizi_dinkes"}
    assert not RoleRequest.objects.exists()


# --- accounts outside the administrator's places are invisible ---------------------------------


def _refusal(client, username: str, password: str = "") -> list[str]:
    data = {"username": username, "role": "admin_daerah", "wilayah": "13.71"}
    if password:
        data["password"] = password
    response = _give(client, **data)
    assert response.status_code == 422
    return response.context["form"].errors.get("username", [])


def test_other_regions_admins_and_superusers_are_invisible(client_for, admin_padang, agam_admin):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = client_for(admin_padang)

    answers = {
        _refusal(client, agam_admin.username)[0],
        _refusal(client, agam_admin.username, PASSWORD)[0],
        _refusal(client, superuser.username)[0],
        _refusal(client, superuser.username, PASSWORD)[0],
    }

    # One neutral answer, whatever the account is and whether a password was given.
    assert answers == {in_indonesian("This username cannot be used here. Choose another one.")}
    assert _roles(agam_admin) == {"admin_daerah"}
    assert _roles(superuser) == set()
    assert "sudah ada" not in " ".join(answers)


def test_a_username_that_exists_nowhere_creates_the_account(client_for, admin_padang):
    response = _give(
        client_for(admin_padang),
        username="staf.baru",
        full_name="Staf Baru",
        password=PASSWORD,
        role="admin_daerah",
        wilayah="13.71",
    )

    assert response.status_code == 302
    assert _roles(User.objects.get(username="staf.baru")) == {"admin_daerah"}
