"""One display format per language, and date inputs that take what people type."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation
from django.utils.formats import date_format


class _DateForm(forms.Form):
    on = forms.DateField()


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("typed", ["31/12/2026", "2026-12-31", "31-12-2026"])
def test_a_date_input_takes_day_first_and_iso(language: str, typed: str) -> None:
    with translation.override(language):
        form = _DateForm({"on": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["on"] == dt.date(2026, 12, 31)


def test_dates_read_the_same_way_in_both_languages() -> None:
    day = dt.date(2021, 11, 15)
    with translation.override("id"):
        assert date_format(day) == "15 November 2021"
        assert date_format(dt.date(2021, 8, 31)) == "31 Agustus 2021"
    with translation.override("en"):
        assert date_format(day) == "15 November 2021"
