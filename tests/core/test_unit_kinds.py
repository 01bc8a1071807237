"""Unit kinds come from the modules' registrations; the column validates against them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from replika.core import unit_kinds
from replika.core.models import Unit
from tests.factories import make_unit, region

pytestmark = pytest.mark.django_db


def test_nutrition_registers_its_facilities():
    codes = dict(unit_kinds.unit_kind_choices())
    assert {"posyandu", "puskesmas", "rumah_gizi"} <= set(codes)
    assert unit_kinds.OTHER in codes


def test_registering_a_kind_twice_keeps_the_first_label():
    code = unit_kinds.register_unit_kind("rumah_sakit", "Another label")
    assert code == "rumah_sakit"
    assert unit_kinds.unit_kind_label("rumah_sakit") != "Another label"


def test_a_code_longer_than_the_column_is_refused():
    with pytest.raises(ValueError, match="longer than 20"):
        unit_kinds.register_unit_kind("x" * 21, "Too long")


def test_an_unregistered_kind_fails_validation():
    unit = Unit(kind="kapal_selam", name="Kapal", region=region("13.71"))
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    assert "kind" in refused.value.message_dict


def test_a_kind_no_longer_registered_still_shows_its_code():
    unit = make_unit("posyandu", "13.71")
    assert unit.kind_label == str(unit_kinds.UNIT_KINDS["posyandu"])
    assert unit_kinds.unit_kind_label("dihapus") == "dihapus"
