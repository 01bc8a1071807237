"""Small-cell suppression: the rule behind every public figure."""

from __future__ import annotations

import pytest
from django.utils import translation

from replika.core import disclosure
from replika.core.models import Wilayah


def test_a_count_below_the_minimum_is_withheld_and_shown_as_less_than():
    assert disclosure.public_count(9).value is None
    assert disclosure.public_count(9).suppressed
    assert str(disclosure.public_count(3)) == "< 10"
    assert disclosure.public_count(10).value == 10
    assert str(disclosure.public_count(10)) == "10"


def test_zero_is_a_small_cell_too():
    assert disclosure.public_count(0).suppressed
    assert disclosure.is_small(0)


def test_a_rate_is_withheld_when_its_numerator_or_denominator_is_small():
    small_numerator = disclosure.public_rate(3, 32)
    assert small_numerator.percent is None
    assert small_numerator.count.value is None
    assert small_numerator.total.value == 32
    assert small_numerator.suppressed
    assert "3" not in str(small_numerator).replace("32", "")
    small_denominator = disclosure.public_rate(5, 8)
    assert small_denominator.percent is None
    assert small_denominator.total.value is None
    shown = disclosure.public_rate(21, 140)
    assert shown.percent == 15.0
    assert not shown.suppressed
    assert str(shown) == "15.0 % (21 of 140)"


def test_the_minimum_is_a_setting(settings):
    settings.REPLIKA_PUBLIC_MIN_CELL = 5
    assert disclosure.min_cell() == 5
    assert disclosure.public_count(5).value == 5
    assert str(disclosure.public_count(4)) == "< 5"
    assert disclosure.public_rate(5, 8).percent == 62.5


def test_an_explicit_minimum_wins_over_the_setting():
    assert disclosure.public_count(12, minimum=20).suppressed
    assert str(disclosure.public_count(12, minimum=20)) == "< 20"


def test_the_suppressed_text_is_translated():
    with translation.override("id"):
        assert str(disclosure.public_rate(3, 32)) == "< 10 dari 32"


@pytest.mark.parametrize(
    ("level", "allowed"),
    [
        (Wilayah.PROVINCE, True),
        (Wilayah.REGION, True),
        (Wilayah.DISTRICT, True),
        (Wilayah.VILLAGE, False),
    ],
)
def test_public_outputs_go_no_lower_than_the_kecamatan(level, allowed):
    assert disclosure.public_level_allowed(level) is allowed
