"""Reports fit for the ministry: letterhead, title, as-of date, legend, totals, widths,
page numbers; and only what the reader may see."""

from __future__ import annotations

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from replika.replication.models import Stage
from tests.factories import make_commitment

pytestmark = pytest.mark.django_db

LETTERHEAD = "PEMERINTAH PROVINSI UJI|BIRO ORGANISASI UJI"


@override_settings(REPLIKA_REPORT_LETTERHEAD=LETTERHEAD)
def test_the_matrix_workbook_says_what_it_is_and_adds_up(client_for, province_admin):
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    make_commitment("13.06", "ayo-ceting", Stage.PILOTING)
    make_commitment("13.06", "poltabes", Stage.LAUNCHED)
    response = client_for(province_admin).get(reverse("replication:matrix_xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    matrix, totals, about = book.worksheets
    about_text = [row[0] for row in about.iter_rows(values_only=True) if row[0]]
    assert "PEMERINTAH PROVINSI UJI" in about_text
    assert any(date_format(timezone.localdate(), "DATE_FORMAT") in t for t in about_text)
    assert all(str(label) in about_text for _value, label in Stage.choices)  # the legend
    assert matrix.column_dimensions["A"].width >= 20
    header = next(matrix.iter_rows(values_only=True))
    assert not any("last mentoring" in str(h) for h in header)
    rows = list(totals.iter_rows(values_only=True))
    launched = next(r for r in rows if r[0] == str(Stage.LAUNCHED.label))
    assert launched[-1] == 2
    assert rows[-1][-1] == 3  # every commitment counted once


def test_a_region_administrator_s_workbook_holds_only_their_region(client_for, padang_admin):
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    make_commitment("13.06", "ayo-ceting", Stage.PILOTING)
    response = client_for(padang_admin).get(reverse("replication:matrix_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    regions = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert regions == ["Kota Padang"]
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert rows[-1][-1] == 1


@override_settings(REPLIKA_REPORT_LETTERHEAD=LETTERHEAD)
def test_the_matrix_pdf_has_letterhead_date_legend_totals_and_page_numbers(
    client_for, province_admin
):
    from django.template.loader import render_to_string

    from replika.replication import exports, selectors
    from replika.replication.views.monitoring import report_letterhead

    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    innovations, rows = selectors.matrix(user=province_admin)
    html = render_to_string(
        "replication/report_matrix.html",
        {
            "innovations": innovations,
            "rows": rows,
            "today": timezone.localdate(),
            "totals": exports.stage_totals(innovations, rows),
            "stages": Stage.choices,
            "letterhead": report_letterhead(),
        },
    )
    assert "PEMERINTAH PROVINSI UJI" in html and "BIRO ORGANISASI UJI" in html
    assert date_format(timezone.localdate(), "DATE_FORMAT") in html
    assert "counter(page)" in html and "counter(pages)" in html
    assert html.count('class="swatch stage-') >= len(Stage.choices)
    response = client_for(province_admin).get(reverse("replication:matrix_pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
