"""The locale-aware decimal field: "12,4" and "12.4" are the same number; shown the local way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from replika.core.forms import DecimalInput, LocalizedDecimalField


class WeightForm(forms.Form):
    weight = LocalizedDecimalField(min_value=Decimal("0.5"), max_value=60, decimal_places=2)


@pytest.mark.parametrize("text", ["12,4", "12.4", " 12,4 ", "12,40", "12,4\u00a0"])
def test_comma_and_point_are_both_the_decimal_separator(text):
    assert LocalizedDecimalField().clean(text) == Decimal("12.4")


@pytest.mark.parametrize("language", ["id", "en"])
def test_both_separators_are_accepted_whatever_the_language(language):
    with translation.override(language):
        form = WeightForm({"weight": "14,78"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["weight"] == Decimal("14.78")
        form = WeightForm({"weight": "14.78"})
        assert form.is_valid() and form.cleaned_data["weight"] == Decimal("14.78")


@pytest.mark.parametrize(
    "text", ["1.234,5", "12,4,1", "1 2,4", "abc", "NaN", "Infinity", "12,4kg", ","]
)
def test_what_is_not_one_number_is_refused_with_a_clear_message(text):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        LocalizedDecimalField().clean(text)
    assert refused.value.code == "invalid"
    assert "12,4 or 12.4" in refused.value.messages[0]


def test_the_range_and_decimals_still_apply():
    form = WeightForm({"weight": "60,5"})
    assert not form.is_valid() and "weight" in form.errors
    form = WeightForm({"weight": "9,555"})
    assert not form.is_valid() and "weight" in form.errors


def test_empty_is_none_when_not_required():
    assert LocalizedDecimalField(required=False).clean("") is None


@pytest.mark.parametrize(("language", "shown"), [("id", "14,78"), ("en", "14.78")])
def test_values_are_shown_with_the_active_language_separator(language, shown):
    with translation.override(language):
        html = str(WeightForm(initial={"weight": Decimal("14.78")})["weight"])
        assert f'value="{shown}"' in html
        assert 'inputmode="decimal"' in html and 'type="text"' in html


def test_a_typed_value_is_shown_back_as_typed():
    html = str(WeightForm({"weight": "14,7x"})["weight"])
    assert 'value="14,7x"' in html


def test_large_values_are_not_grouped():
    with translation.override("id"):
        assert DecimalInput().format_value(Decimal("1234.5")) == "1234,5"
