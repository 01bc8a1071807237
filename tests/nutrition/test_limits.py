"""The one limits table: pure, without a database, and the importer's keys all there."""

from __future__ import annotations

from decimal import Decimal

import pytest

from replika.nutrition.rules import limits


def test_the_importers_keys_are_in_the_table():
    assert {"weight", "lenhei", "headc", "armc", "birth_weight", "birth_length"} <= set(
        limits.LIMITS
    )


@pytest.mark.parametrize(("key", "limit"), limits.LIMITS.items())
def test_each_range_is_ordered_with_its_decimals(key, limit):
    assert limit.low < limit.high
    assert limit.contains(limit.low)
    assert limit.contains(limit.high)
    assert not limit.contains(limit.high + limit.step)
    assert limit.step == Decimal(1).scaleb(-limit.decimals)


def test_out_of_range_ignores_a_missing_value():
    assert not limits.out_of_range("weight", None)
    assert limits.out_of_range("weight", Decimal("95"))
    assert not limits.out_of_range("weight", 9.5)


def test_rounding_is_half_up_to_the_stored_decimals():
    assert limits.limit("weight").rounded(Decimal("9.125")) == Decimal("9.13")
    assert limits.limit("lenhei").rounded(Decimal("75.25")) == Decimal("75.3")


def test_forms_take_their_ranges_from_the_table():
    from replika.nutrition.forms.registers import VisitForm
    from replika.nutrition.forms.session import SessionRowForm

    row = SessionRowForm().fields["headc"]
    assert (row.min_value, row.max_value) == (Decimal("20"), Decimal("70"))
    lila = VisitForm().fields["lila_cm"]
    assert (lila.min_value, lila.max_value, lila.decimal_places) == (
        Decimal("10"),
        Decimal("50"),
        1,
    )
