"""One display format per language, and date inputs that take what people type."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import timezone, translation
from django.utils.formats import date_format

from replika.core.templatetags.replika_format import freshness


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


def test_freshness_says_how_long_ago_with_the_moment_itself() -> None:
    assert freshness(None) == ""
    moment = timezone.now() - dt.timedelta(hours=2, minutes=3)
    local = timezone.localtime(moment)
    with translation.override("id"):
        html = freshness(moment).replace("\xa0", " ")
    assert html == (
        f'<p class="muted freshness"><time datetime="{local.isoformat()}" '
        f'title="{local.day} {_MONTHS_ID[local.month - 1]} {local.year}, '
        f'{local:%H.%M}">diperbarui 2 jam, 3 menit lalu</time></p>'
    )
    with translation.override("en"):
        assert "updated 2 hours, 3 minutes ago" in freshness(moment).replace("\xa0", " ")


_MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
