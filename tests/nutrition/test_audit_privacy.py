"""The audit trail shows a change's values only for fields the viewer may read on the object."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape

from replika.core import audit, humanize
from replika.core.audit import FieldClasses
from replika.core.models import AuditEvent
from replika.nutrition.models import Child, Mother
from replika.nutrition.models.care import Referral
from replika.nutrition.models.measurements import Measurement
from replika.nutrition.models.registers import (
    AdolescentGirl,
    AdolescentScreening,
    Pregnancy,
    PregnancyVisit,
)
from replika.nutrition.permissions import VIEW_PERSONAL, VIEW_REGISTER
from replika.nutrition.services.registers import child_register
from tests.factories import MembershipFactory, region, user_with_role

pytestmark = pytest.mark.django_db

NAME = "Zulaikha Permatasari"
MOTHER = "Rosmaniar Handayani"
NIK = "1371024201240007"  # a girl born 2024-01-02 in kecamatan 13.71.02
BIRTH = dt.date(2024, 1, 2)
# The birth date as stored and as pages show it, in both languages.
SECRETS = (
    NAME,
    MOTHER,
    "2024-01-02",
    "2 Januari 2024",
    "2 January 2024",
    NIK,
    NIK[:4] + "*",
    NIK[-4:],
)


@pytest.fixture
def child(world):
    """A girl registered by the cadre of posyandu Mawar."""
    return child_register(
        actor=world.cadre,
        unit=world.posyandu,
        name=NAME,
        sex=2,
        birth_date=BIRTH,
        nik=NIK,
        mother_name=MOTHER,
        birth_weight=Decimal("3.1"),
    )


def page(client, path: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def audit_pages(world, child) -> list[str]:
    """Every page that shows the child's registration in the trail."""
    return [
        "/",
        "/audit/",
        "/audit/?model=nutrition.child",
        f"/audit/?model=nutrition.child&object={child.pk}",
        f"/audit/?actor={world.cadre.pk}",
    ]


def test_the_region_admin_sees_field_names_but_no_value_nor_the_childs_name(
    world, child, client_for
):
    client = client_for(world.region_admin)
    for path in audit_pages(world, child):
        html = page(client, path)
        assert humanize.action_label("child.register", "nutrition.child") in html, path
        for secret in SECRETS:
            assert secret not in html, (path, secret)
        for field in ("birth_date", "mother_name"):
            assert escape(humanize.field_label("nutrition.child", field)) in html, path


def test_the_province_admin_who_may_read_the_child_sees_the_values(world, child, client_for):
    html = page(client_for(user_with_role("admin_provinsi", "13")), "/audit/?model=nutrition.child")
    born = date_format(dt.date(2024, 1, 2), "DATE_FORMAT")
    assert NAME in html and MOTHER in html and born in html


def test_niks_are_stored_without_any_digit(world, child):
    event = AuditEvent.objects.get(action="child.register", object_id=str(child.pk))
    assert event.changes["nik"][1] == "*" * 16
    assert not any(ch.isdigit() for ch in str(event.changes["nik"]))


def test_a_nik_stored_with_digits_is_shown_without_them_even_to_the_personal_role(world, child):
    event = AuditEvent.objects.get(action="child.register", object_id=str(child.pk))
    event.changes["nik"] = ["", "1371********0007"]  # as the trail stored NIKs before
    event.save()
    rows = audit.rows_for(user_with_role("admin_provinsi", "13"), [event])
    (nik,) = [c for c in rows[0].changes if c.field == "nik"]
    assert nik.shown and nik.after == "*" * 16


def test_values_follow_the_object_not_the_region(world, child):
    """The region admin who is also cadre of the other posyandu still sees no Mawar child."""
    admin = world.region_admin
    MembershipFactory(
        user=admin, wilayah=region("13.71"), role="kader_posyandu", unit=world.other_posyandu
    )
    event = AuditEvent.objects.get(action="child.register", object_id=str(child.pk))
    (row,) = audit.rows_for(admin, [event])
    assert NAME not in row.label
    assert not any(c.shown for c in row.changes)
    # Moved to her posyandu, the same event opens to her.
    Child.objects.filter(pk=child.pk).update(unit=world.other_posyandu)
    (row,) = audit.rows_for(admin, [event])
    assert row.label == NAME
    assert all(c.shown for c in row.changes)


def test_a_role_that_reads_the_object_but_not_personal_data_sees_ordinary_values_only(
    world, child, monkeypatch
):
    monkeypatch.setattr(
        Child,
        "privacy",
        FieldClasses(
            read=VIEW_REGISTER,
            personal="nutrition.no_such_permission",
            identifying=Child.privacy.identifying,
            health=Child.privacy.health,
        ),
    )
    event = AuditEvent.objects.get(action="child.register", object_id=str(child.pk))
    (row,) = audit.rows_for(world.cadre, [event])
    shown = {c.field: c for c in row.changes}
    assert shown["has_kia_book"].shown and shown["has_kia_book"].after is True
    assert not shown["name"].shown and not shown["birth_date"].shown
    assert not shown["birth_weight"].shown  # health
    assert NAME not in row.label


def test_an_outsider_sees_nothing_of_the_event(world, child, client_for):
    html = page(client_for(user_with_role("admin_daerah", "13.06")), "/audit/")
    assert "child.register" not in html
    for secret in SECRETS:
        assert secret not in html


def test_a_deleted_childs_history_stays_closed_to_the_region_admin(world, child):
    event = AuditEvent.objects.get(action="child.register", object_id=str(child.pk))
    Child.objects.filter(pk=child.pk).delete()
    (row,) = audit.rows_for(world.region_admin, [event])
    assert NAME not in row.label and not any(c.shown for c in row.changes)
    (row,) = audit.rows_for(world.officer, [event])
    assert row.label == NAME


@pytest.mark.parametrize(
    "model",
    [
        Child,
        Mother,
        Pregnancy,
        PregnancyVisit,
        Measurement,
        Referral,
        AdolescentGirl,
        AdolescentScreening,
    ],
)
def test_nutrition_models_classify_existing_fields(model):
    classes = model.privacy
    assert (classes.read, classes.personal) == (VIEW_REGISTER, VIEW_PERSONAL)
    names = {f.name for f in model._meta.concrete_fields}
    assert set(classes.identifying) | set(classes.health) <= names
    assert classes.identifying or classes.health


def test_the_home_card_hides_the_label_and_values(world, child, client_for):
    html = page(client_for(world.region_admin), reverse("core:home"))
    assert humanize.action_label("child.register", "nutrition.child") in html
    assert NAME not in html and MOTHER not in html
