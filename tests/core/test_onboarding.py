"""Onboarding in the app: facility pages, bulk imports of facilities and accounts, invitations."""

from __future__ import annotations

import io
import re

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from replika.core import services
from replika.core.models import AuditEvent, Membership, RoleRequest, Unit, User
from replika.core.nav import build_nav
from tests.factories import make_unit, region

pytestmark = pytest.mark.django_db


def csv_file(text: str, name: str = "data.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list[str]], name: str = "data.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


# --- facility pages ---------------------------------------------------------------------------


def test_list_shows_own_facilities_filtered_by_kind_and_kecamatan(client_for, padang_admin):
    andalas = make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas Andalas")
    make_unit("posyandu", "13.71", "13.71.02.1007", parent=andalas, name="Posyandu Mawar")
    make_unit("posyandu", "13.71", "13.71.01", name="Posyandu Melati")
    make_unit("puskesmas", "13.06", "13.06.02", name="Puskesmas Agam")
    client = client_for(padang_admin)
    page = client.get(reverse("core:units")).content.decode()
    assert "Puskesmas Andalas" in page and "Posyandu Melati" in page
    assert "Puskesmas Agam" not in page
    page = client.get(reverse("core:units"), {"jenis": "posyandu", "kecamatan": "13.71.02"})
    text = page.content.decode()
    assert "Posyandu Mawar" in text
    assert "Posyandu Melati" not in text and "Puskesmas Andalas</a>" not in text
    text = client.get(reverse("core:units"), {"q": "melati"}).content.decode()
    assert "Posyandu Melati" in text and "Posyandu Mawar" not in text


def test_the_facilities_page_is_in_the_menu_of_region_admins_only(rf, padang_admin, mentor):
    from replika.core.access import memberships_of

    for user, shown in ((padang_admin, True), (mentor, False)):
        request = rf.get("/")
        request.user = user
        request.membership = memberships_of(user)[0]
        urls = [item.url for item in build_nav(request)]
        assert (reverse("core:units") in urls) is shown


def test_people_without_the_permission_get_404(client_for, mentor, nobody):
    unit = make_unit("puskesmas", "13.71", "13.71.02")
    for user in (mentor, nobody):
        client = client_for(user)
        assert client.get(reverse("core:units")).status_code == 404
        assert client.get(reverse("core:unit_import")).status_code == 404
        assert client.post(reverse("core:unit_deactivate", args=[unit.pk])).status_code == 404


def test_region_admin_adds_a_posyandu_under_a_puskesmas(client_for, padang_admin):
    andalas = make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas Andalas")
    response = client_for(padang_admin).post(
        reverse("core:unit_new"),
        {
            "kind": "posyandu",
            "name": "Posyandu Kenanga",
            "code": "P-0042",
            "region": "13.71",
            "location": "13.71.02.1007",
            "parent": andalas.pk,
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Posyandu Kenanga")
    assert (unit.kind, unit.code, unit.location.code, unit.parent) == (
        "posyandu",
        "P-0042",
        "13.71.02.1007",
        andalas,
    )
    assert unit.path == f"{andalas.pk}/{unit.pk}/"


@pytest.mark.parametrize(
    ("field", "value"),
    [("region", "13.06"), ("location", "13.06.02"), ("kind", "kastil"), ("name", "")],
)
def test_a_facility_outside_the_region_or_malformed_is_refused(
    client_for, padang_admin, field, value
):
    data = {"kind": "puskesmas", "name": "Puskesmas Baru", "region": "13.71", "location": ""}
    response = client_for(padang_admin).post(reverse("core:unit_new"), {**data, field: value})
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Unit.objects.exists()


def test_edit_moves_the_subtree_with_its_parent(client_for, padang_admin):
    first = make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas A")
    second = make_unit("puskesmas", "13.71", "13.71.01", name="Puskesmas B")
    house = make_unit("rumah_gizi", "13.71", "13.71.02", parent=first, name="RG")
    post = make_unit("posyandu", "13.71", "13.71.02", parent=house, name="Pos")
    response = client_for(padang_admin).post(
        reverse("core:unit_edit", args=[house.pk]),
        {"name": "RG Baru", "code": "", "location": "13.71.01", "parent": second.pk},
    )
    assert response.status_code == 302
    house.refresh_from_db()
    post.refresh_from_db()
    assert (house.name, house.parent, house.location.code) == ("RG Baru", second, "13.71.01")
    assert house.path == f"{second.pk}/{house.pk}/"
    assert post.path == f"{second.pk}/{house.pk}/{post.pk}/"
    assert AuditEvent.objects.filter(action="unit.update").count() == 1


def test_a_unit_cannot_be_put_under_itself(padang_admin):
    top = make_unit("puskesmas", "13.71", "13.71.02")
    below = make_unit("posyandu", "13.71", "13.71.02", parent=top)
    with pytest.raises(ValidationError) as refused:
        services.unit_update(actor=padang_admin, unit=top, name=top.name, parent=below)
    assert "parent" in refused.value.message_dict


def test_deactivate_and_reopen(client_for, padang_admin):
    unit = make_unit("posyandu", "13.71", "13.71.02")
    client = client_for(padang_admin)
    assert client.post(reverse("core:unit_deactivate", args=[unit.pk])).status_code == 302
    unit.refresh_from_db()
    assert not unit.active
    assert client.get(reverse("core:unit_deactivate", args=[unit.pk])).status_code == 405
    assert client.post(reverse("core:unit_activate", args=[unit.pk])).status_code == 302
    unit.refresh_from_db()
    assert unit.active
    actions = list(AuditEvent.objects.filter(action__startswith="unit.").values_list("action"))
    assert ("unit.deactivate",) in actions and ("unit.activate",) in actions


def test_outsider_cannot_see_edit_or_deactivate_another_regions_facility(client_for, agam_admin):
    unit = make_unit("posyandu", "13.71", "13.71.02", name="Posyandu Padang")
    client = client_for(agam_admin)
    assert "Posyandu Padang" not in client.get(reverse("core:units")).content.decode()
    assert client.get(reverse("core:unit_edit", args=[unit.pk])).status_code == 404
    edit = client.post(reverse("core:unit_edit", args=[unit.pk]), {"name": "Diambil"})
    assert edit.status_code == 404
    assert client.post(reverse("core:unit_deactivate", args=[unit.pk])).status_code == 404
    unit.refresh_from_db()
    assert (unit.name, unit.active) == ("Posyandu Padang", True)
    # Nor can Agam hang its own facility under Padang's.
    response = client.post(
        reverse("core:unit_new"),
        {"kind": "posyandu", "name": "X", "region": "13.06", "parent": unit.pk},
    )
    assert response.status_code == 422
    assert "parent" in response.context["form"].errors


# --- facility import ---------------------------------------------------------------------------

FACILITIES = """jenis;nama;kode;kode wilayah;kode induk
puskesmas;Puskesmas Andalas;PKM-AND;13.71.02;
posyandu;Posyandu Mawar;PSY-01;13.71.02.1007;PKM-AND
Posyandu;Posyandu Melati;;13.71.02;PKM-AND
kastil;Kastil;K1;13.71.02;
puskesmas;Puskesmas Agam;PKM-AGM;13.06.02;
posyandu;Posyandu Yatim;PSY-02;13.71.02;TIDAK-ADA
"""


def test_facility_import_stores_good_rows_reports_bad_ones_and_is_idempotent(
    client_for, padang_admin
):
    client = client_for(padang_admin)
    response = client.post(reverse("core:unit_import"), {"file": csv_file(FACILITIES)})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.read, result.created, result.refused) == (6, 3, 3)
    assert {p.column for p in result.problems} == {"jenis", "kode wilayah", "kode induk"}
    andalas = Unit.objects.get(code="PKM-AND")
    mawar = Unit.objects.get(code="PSY-01")
    assert (mawar.parent, mawar.region.code, mawar.location.code) == (
        andalas,
        "13.71",
        "13.71.02.1007",
    )
    assert Unit.objects.get(name="Posyandu Melati").parent == andalas
    assert not Unit.objects.filter(region__code="13.06").exists()
    # The bad rows can be downloaded as a file.
    download = client.get(reverse("core:job_download", args=[response.context["job"].pk]))
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "Kastil" in body and "Puskesmas Agam" in body
    # Again: nothing new.
    again = client.post(reverse("core:unit_import"), {"file": csv_file(FACILITIES)}).context
    assert (again["result"].created, again["result"].unchanged) == (0, 3)
    assert Unit.objects.count() == 3


def test_facility_import_reads_excel_and_updates_a_changed_name(client_for, padang_admin):
    make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas Lama")
    Unit.objects.filter(name="Puskesmas Lama").update(code="PKM-1")
    rows = [
        ["Jenis", "Nama", "Kode", "Kode Wilayah"],
        ["puskesmas", "Puskesmas Baru", "PKM-1", "13.71.02"],
    ]
    response = client_for(padang_admin).post(reverse("core:unit_import"), {"file": xlsx_file(rows)})
    result = response.context["result"]
    assert (result.created, result.updated) == (0, 1)
    assert Unit.objects.get(code="PKM-1").name == "Puskesmas Baru"


def test_a_file_that_is_not_a_table_is_refused_with_a_field_error(client_for, padang_admin):
    response = client_for(padang_admin).post(
        reverse("core:unit_import"), {"file": csv_file("hello\nworld\n")}
    )
    assert response.status_code == 422
    assert "file" in response.context["form"].errors
    assert not Unit.objects.exists()


# --- account import ----------------------------------------------------------------------------


def _accounts_csv(padang_admin: User) -> str:
    return (
        "nama pengguna,nama lengkap,peran,kode wilayah,kode fasilitas\n"
        "admin.kedua,Admin Kedua,admin_daerah,13.71,\n"
        "kader.mawar,Kader Mawar,kader_posyandu,13.71,PSY-01\n"
        "bos.provinsi,Bos,admin_provinsi,13,\n"
        "orang.agam,Orang Agam,admin_daerah,13.06,\n"
        f"{padang_admin.username},Saya,admin_daerah,13.71,\n"
        "kader.hilang,Kader,kader_posyandu,13.71,TIDAK-ADA\n"
    )


def test_account_import_gives_roles_lists_invitations_and_refuses_what_is_not_allowed(
    client_for, padang_admin
):
    posyandu = make_unit("posyandu", "13.71", "13.71.02", name="Posyandu Mawar")
    Unit.objects.filter(pk=posyandu.pk).update(code="PSY-01")
    client = client_for(padang_admin)
    response = client.post(
        reverse("core:member_import"), {"file": csv_file(_accounts_csv(padang_admin))}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.created, result.refused) == (2, 4)
    refused = {p.value: p.column for p in result.problems}
    assert refused == {
        "admin_provinsi": "peran",
        "13.06": "kode wilayah",
        padang_admin.username: "nama pengguna",
        "TIDAK-ADA": "kode fasilitas",
    }
    second = User.objects.get(username="admin.kedua")
    assert not second.has_usable_password()  # no password was made, nor sent
    assert Membership.objects.filter(user=second, role="admin_daerah").exists()
    # A cadre reads children's names: that role waits for a second administrator.
    cadre = User.objects.get(username="kader.mawar")
    assert RoleRequest.objects.filter(user=cadre, unit=posyandu).exists()
    assert not Membership.objects.filter(user=cadre).exists()
    assert not User.objects.filter(username__in=["bos.provinsi", "orang.agam"]).exists()
    assert Membership.objects.filter(user=padang_admin).count() == 1
    links = [row["link"] for row in response.context["rows"]]
    assert len(links) == 2 and all("/undangan/" in link for link in links)
    # Re-importing the same file adds nothing and makes no new links.
    again = client.post(
        reverse("core:member_import"), {"file": csv_file(_accounts_csv(padang_admin))}
    )
    assert (again.context["result"].created, again.context["result"].unchanged) == (0, 2)
    assert not any(row["link"] for row in again.context["rows"])
    assert User.objects.filter(username__in=["admin.kedua", "kader.mawar"]).count() == 2


def test_account_import_cannot_take_over_another_regions_account(client_for, padang_admin):
    from tests.factories import user_with_role

    user_with_role("admin_daerah", "13.06", username="petugas.agam")
    text = "nama pengguna,peran,kode wilayah\npetugas.agam,admin_daerah,13.71\n"
    response = client_for(padang_admin).post(
        reverse("core:member_import"), {"file": csv_file(text)}
    )
    result = response.context["result"]
    assert (result.created, result.updated, result.refused) == (0, 0, 1)
    assert not Membership.objects.filter(user__username="petugas.agam", wilayah__code="13.71")


def test_account_import_is_not_for_people_without_the_permission(client_for, mentor):
    text = "nama pengguna,peran,kode wilayah\nx.y,admin_daerah,13.71\n"
    response = client_for(mentor).post(reverse("core:member_import"), {"file": csv_file(text)})
    assert response.status_code == 404
    assert not User.objects.filter(username="x.y").exists()


# --- invitations -------------------------------------------------------------------------------


def _invited(padang_admin: User) -> tuple[User, str]:
    services.member_add(
        actor=padang_admin,
        username="baru",
        role="admin_daerah",
        wilayah=region("13.71"),
        invite=True,
    )
    user = User.objects.get(username="baru")
    return user, services.invitation_make(actor=padang_admin, user=user)


def test_an_invitation_sets_the_password_once(padang_admin):
    user, token = _invited(padang_admin)
    url = reverse("core:invitation", args=[token])
    client = Client()
    assert client.get(url).status_code == 200
    short = client.post(url, {"password1": "abc", "password2": "abc"})
    assert short.status_code == 422 and "password1" in short.context["form"].errors
    differ = client.post(url, {"password1": "Kuat-sekali-2026", "password2": "lain-lagi-2026"})
    assert differ.status_code == 422 and "password2" in differ.context["form"].errors
    done = client.post(url, {"password1": "Kuat-sekali-2026", "password2": "Kuat-sekali-2026"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kuat-sekali-2026")
    # Single use: the link is spent.
    assert client.get(url).status_code == 404
    again = client.post(url, {"password1": "Lain-sekali-2026", "password2": "Lain-sekali-2026"})
    assert again.status_code == 404
    user.refresh_from_db()
    assert user.check_password("Kuat-sekali-2026")


def test_an_expired_or_forged_invitation_opens_nothing(padang_admin, settings):
    user, token = _invited(padang_admin)
    forged = signing.dumps({"u": user.pk, "p": "0" * 16}, salt="replika.core.invitation")
    other_salt = signing.dumps({"u": user.pk}, salt="elsewhere")
    for bad in (forged, other_salt, token[:-2] + "xx", "sampah"):
        assert Client().get(reverse("core:invitation", args=[bad])).status_code == 404
    settings.INVITATION_MAX_AGE_DAYS = -1
    assert Client().get(reverse("core:invitation", args=[token])).status_code == 404
    assert services.invitation_user(token) is None


def test_no_invitation_for_an_account_with_a_password(padang_admin):
    with pytest.raises(ValidationError):
        services.invitation_make(actor=padang_admin, user=padang_admin)


def test_the_invitation_page_is_in_indonesian(padang_admin):
    _user, token = _invited(padang_admin)
    page = Client(headers={"accept-language": "id"}).get(reverse("core:invitation", args=[token]))
    assert re.search(r"kata sandi", page.content.decode(), re.IGNORECASE)
