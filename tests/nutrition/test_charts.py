"""Growth chart geometry, tested on plain values without a database."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from replika.nutrition.growth.engine import corrected_lenhei
from replika.nutrition.growth.lms import sd_line
from replika.nutrition.growth.tables import DAYS_PER_MONTH, age_table, length_table
from replika.nutrition.rules import charts
from replika.nutrition.rules.charts import Observation

LABELS = {
    "wfa": ("Weight-for-age", "Age (months)", "Weight (kg)"),
    "lhfa": ("Length/height-for-age", "Age (months)", "Length/height (cm)"),
    "wfl": ("Weight-for-length", "Length (cm)", "Weight (kg)"),
    "wfh": ("Weight-for-height", "Height (cm)", "Weight (kg)"),
}
SVG = "{http://www.w3.org/2000/svg}"


def median_weight(sex: int, day: int) -> float:
    table = age_table("wfa")
    return float(table.m[(sex - 1) * 1827 + day])


def test_sd_formula_gives_the_median_at_zero_and_matches_the_lms_z():
    lam, mu, sigma = np.array([0.35]), np.array([9.0]), np.array([0.11])
    assert sd_line(lam, mu, sigma, 0)[0] == pytest.approx(9.0)
    y = sd_line(lam, mu, sigma, -2)[0]
    z = ((y / 9.0) ** 0.35 - 1) / (0.11 * 0.35)
    assert z == pytest.approx(-2)


@pytest.mark.parametrize("sex", [1, 2])
def test_sd_lines_rise_with_age_and_are_ordered(sex):
    # Length-for-age switches from lying length to standing height at 731 days (a 0.7 cm
    # step down), so each side of the switch is monotone on its own.
    for days in (np.arange(0, 731, 7), np.arange(731, 1827, 7)):
        for indicator in ("wfa", "lhfa"):
            lines = charts.age_reference(indicator, sex, days)
            for k in charts.SD_LINES:
                assert np.all(np.diff(lines[k]) > 0), (indicator, k)
    days = np.arange(0, 1827, 7)
    for indicator in ("wfa", "lhfa"):
        lines = charts.age_reference(indicator, sex, days)
        for low, high in zip(charts.SD_LINES, charts.SD_LINES[1:], strict=False):
            assert np.all(lines[low] < lines[high])


@pytest.mark.parametrize(("key", "lo", "hi"), [("wfl", 45.0, 110.0), ("wfh", 65.0, 120.0)])
def test_weight_for_length_lines_rise_with_length(key, lo, hi):
    lengths = np.round(np.arange(lo, hi + 0.05, 0.1), 1)
    lines = charts.length_reference(key, 2, lengths)
    for k in charts.SD_LINES:
        assert np.all(np.diff(lines[k]) > 0)
    table = length_table()
    which = 0 if key == "wfl" else 1
    assert lines[0][0] == pytest.approx(table.lms.m[table.offsets[which, 1]])


def test_a_point_at_the_median_lies_on_the_zero_sd_curve():
    day = 365
    obs = [Observation(age_days=day, weight=median_weight(1, day), lenhei=None, label="1 y")]
    chart = charts.age_chart("wfa", 1, obs, LABELS["wfa"])
    point = chart.points[0]
    assert point.px == pytest.approx(chart.frame.px(day / DAYS_PER_MONTH), abs=0.01)
    assert point.py == pytest.approx(chart.curve_y_at(0, point.x), abs=0.5)
    assert point.py > chart.curve_y_at(2, point.x)  # higher values are higher up
    assert point.py < chart.curve_y_at(-2, point.x)


def test_pixels_follow_the_frame():
    frame = charts.Frame(0, 10, 0, 100)
    assert frame.px(0) == charts.MARGIN_LEFT
    assert frame.px(10) == charts.WIDTH - charts.MARGIN_RIGHT
    assert frame.py(0) == charts.HEIGHT - charts.MARGIN_BOTTOM
    assert frame.py(100) == charts.MARGIN_TOP


def test_the_y_axis_holds_an_extreme_point():
    obs = [Observation(age_days=200, weight=20.0, lenhei=None)]
    chart = charts.age_chart("wfa", 2, obs, LABELS["wfa"])
    assert chart.frame.y_hi >= 20.0
    assert chart.points[0].py >= charts.MARGIN_TOP


def test_the_svg_is_well_formed_and_labelled():
    obs = [
        Observation(age_days=100, weight=5.5, lenhei=60.0, measure="l", label="<b>&"),
        Observation(age_days=400, weight=8.5, lenhei=74.0, measure="l", label="Mar"),
    ]
    for chart in charts.growth_charts(2, obs, LABELS):
        svg = charts.to_svg(chart, description="A & B")
        root = ET.fromstring(svg)  # noqa: S314 - our own SVG
        assert root.tag == f"{SVG}svg"
        assert root.find(f"{SVG}title").text == chart.title
        assert len(root.findall(f"{SVG}polyline[@class]")) >= 5
        assert len(root.findall(f"{SVG}circle")) == len(chart.points)
        assert "style=" not in svg  # a strict CSP: no inline styles


def test_a_child_measured_lying_then_standing_is_plotted_on_the_right_charts():
    lying = Observation(age_days=500, weight=9.0, lenhei=77.0, measure="l", label="lying")
    standing = Observation(age_days=800, weight=11.0, lenhei=84.0, measure="h", label="standing")
    built = {c.key: c for c in charts.growth_charts(1, [lying, standing], LABELS)}
    assert set(built) == {"wfa", "lhfa", "wfl", "wfh"}
    assert [p.label for p in built["wfl"].points] == ["lying"]
    assert [p.label for p in built["wfh"].points] == ["standing"]
    assert built["wfh"].points[0].x == pytest.approx(84.0)
    # Length-for-age: lying before 731 days and standing after need no correction.
    assert [p.y for p in built["lhfa"].points] == [77.0, 84.0]


def test_position_corrections_follow_the_who_rule():
    assert corrected_lenhei(500, 80.0, "h") == pytest.approx(80.7)
    assert corrected_lenhei(800, 85.0, "l") == pytest.approx(84.3)
    assert corrected_lenhei(100, 60.0, "h") == 60.0  # standing under 9 months: unknown
    assert corrected_lenhei(800, 85.0, "") == 85.0


def test_a_child_lying_after_two_years_goes_on_weight_for_height_corrected():
    obs = [Observation(age_days=900, weight=12.0, lenhei=88.0, measure="l", label="x")]
    built = {c.key: c for c in charts.growth_charts(2, obs, LABELS)}
    assert "wfl" not in built
    assert built["wfh"].points[0].x == pytest.approx(87.3)


def test_without_measurements_the_chart_for_todays_age_is_shown():
    keys = [c.key for c in charts.growth_charts(1, [], LABELS, today_age_days=900)]
    assert keys == ["wfa", "lhfa", "wfh"]
    keys = [c.key for c in charts.growth_charts(1, [], LABELS, today_age_days=100)]
    assert keys == ["wfa", "lhfa", "wfl"]


def test_oedema_points_are_left_off_the_weight_charts():
    obs = [Observation(age_days=300, weight=7.0, lenhei=68.0, measure="l", oedema=True)]
    built = {c.key: c for c in charts.growth_charts(1, obs, LABELS)}
    assert built["wfa"].points == []
    assert len(built["lhfa"].points) == 1


def test_age_axis_covers_the_child_in_half_years():
    obs = [Observation(age_days=int(30 * DAYS_PER_MONTH), weight=12.0, lenhei=None)]
    chart = charts.age_chart("wfa", 1, obs, LABELS["wfa"])
    assert chart.frame.x_hi == 36
    assert chart.x_ticks[0] == 0 and chart.x_ticks[-1] <= 36


def test_sd_labels_are_pushed_apart_but_keep_their_order():
    placed = charts.spread_labels({3: 100.0, 2: 130.0, 0: 200.0, -2: 260.0, -3: 265.0})
    assert placed[3] == 100.0 and placed[0] == 200.0
    assert placed[-3] - placed[-2] >= charts.LABEL_GAP
    assert placed[3] < placed[2] < placed[0] < placed[-2] < placed[-3]
