"""Growth charts on the WHO curves as server-rendered SVG (pure: plain values in, text out).

The SD lines and the lying/standing correction come from the growth engine
(``growth.reference``, ``growth.engine.corrected_lenhei``): the charts draw the curves the
z-scores are computed on, never a second copy of the LMS maths.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

import numpy as np

from replika.nutrition.growth.engine import STANDING_FROM_DAYS, corrected_lenhei
from replika.nutrition.growth.reference import age_sd_lines, length_sd_lines
from replika.nutrition.growth.tables import DAYS_PER_MONTH, MAX_AGE_DAYS

SD_LINES = (-3, -2, 0, 2, 3)
# A small canvas with large type: scaled to a 360-px phone the labels stay readable.
WIDTH, HEIGHT = 480, 360
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 60, 34, 12, 52
# Smallest vertical distance between two SD labels at the right edge (px).
LABEL_GAP = 14.0
# Weight-for-length covers 45-110 cm, weight-for-height 65-120 cm (the WHO tables).
LENGTH_RANGES = {"wfl": (45.0, 110.0), "wfh": (65.0, 120.0)}


@dataclass(frozen=True)
class Observation:
    """One measurement of the child as stored: age, weight, length/height and position."""

    age_days: int
    weight: float | None
    lenhei: float | None
    measure: str = ""
    oedema: bool = False
    label: str = ""


@dataclass(frozen=True)
class Frame:
    """Maps values onto the SVG plot area."""

    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float
    width: int = WIDTH
    height: int = HEIGHT

    def px(self, x: float) -> float:
        """Horizontal pixel of an x value."""
        span = self.width - MARGIN_LEFT - MARGIN_RIGHT
        return MARGIN_LEFT + (x - self.x_lo) / (self.x_hi - self.x_lo) * span

    def py(self, y: float) -> float:
        """Vertical pixel of a y value (SVG y grows downwards)."""
        span = self.height - MARGIN_TOP - MARGIN_BOTTOM
        return self.height - MARGIN_BOTTOM - (y - self.y_lo) / (self.y_hi - self.y_lo) * span


@dataclass(frozen=True)
class Point:
    """A plotted measurement: its values, its pixels and its tooltip."""

    x: float
    y: float
    px: float
    py: float
    label: str


@dataclass
class Chart:
    """Everything one SVG chart shows."""

    key: str
    title: str
    x_label: str
    y_label: str
    frame: Frame
    curves: dict[int, list[tuple[float, float]]] = field(default_factory=dict)
    points: list[Point] = field(default_factory=list)
    x_ticks: list[float] = field(default_factory=list)
    y_ticks: list[float] = field(default_factory=list)

    def curve_y_at(self, k: int, x: float) -> float:
        """The pixel height of the k SD line at value x (linear between its vertices)."""
        frame = self.frame
        xs = [px for px, _ in self.curves[k]]
        ys = [py for _, py in self.curves[k]]
        return float(np.interp(frame.px(x), xs, ys))


def age_reference(indicator: str, sex: int, days: np.ndarray) -> dict[int, np.ndarray]:
    """The SD lines of an age-indexed indicator ('wfa', 'lhfa') on the given days."""
    return age_sd_lines(indicator, sex, days, SD_LINES)


def length_reference(key: str, sex: int, lengths: np.ndarray) -> dict[int, np.ndarray]:
    """The SD lines of weight-for-length ('wfl') or -height ('wfh') on the given lengths."""
    return length_sd_lines(key, sex, lengths, SD_LINES)


def nice_step(span: float, target: int = 6) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``target`` ticks."""
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def ticks(lo: float, hi: float, step: float) -> list[float]:
    """Tick values from lo to hi on multiples of step."""
    first = math.ceil(lo / step - 1e-9) * step
    count = math.floor((hi - first) / step + 1e-9) + 1
    return [round(first + i * step, 6) for i in range(count)]


def _y_range(curves: dict[int, np.ndarray], values: Iterable[float]) -> tuple[float, float]:
    """A y range holding the -3 and +3 SD lines and every point, on round numbers."""
    lo = float(np.nanmin(curves[SD_LINES[0]]))
    hi = float(np.nanmax(curves[SD_LINES[-1]]))
    for value in values:
        lo, hi = min(lo, value), max(hi, value)
    step = nice_step(hi - lo)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def _chart(
    key: str,
    labels: tuple[str, str, str],
    xs: np.ndarray,
    curves: dict[int, np.ndarray],
    points: Sequence[tuple[float, float, str]],
    x_range: tuple[float, float],
) -> Chart:
    """Assemble a chart: frame, ticks, curves in pixels and the child's points."""
    y_lo, y_hi = _y_range(curves, (y for _, y, _ in points))
    frame = Frame(x_range[0], x_range[1], y_lo, y_hi)
    chart = Chart(key, *labels, frame=frame)
    chart.x_ticks = ticks(x_range[0], x_range[1], nice_step(x_range[1] - x_range[0], 6))
    chart.y_ticks = ticks(y_lo, y_hi, nice_step(y_hi - y_lo, 5))
    for k, values in curves.items():
        chart.curves[k] = [
            (round(frame.px(x), 2), round(frame.py(y), 2))
            for x, y in zip(xs.tolist(), values.tolist(), strict=True)
            if not math.isnan(y)
        ]
    chart.points = [
        Point(x, y, round(frame.px(x), 2), round(frame.py(y), 2), label)
        for x, y, label in sorted(points)
    ]
    return chart


def _age_span(observations: Sequence[Observation]) -> float:
    """The months the age charts show: the child's ages, in whole half-years, 12 at least."""
    oldest = max((o.age_days for o in observations), default=0) / DAYS_PER_MONTH
    return float(min(60, max(12, math.ceil((oldest + 1) / 6) * 6)))


def age_chart(
    indicator: str,
    sex: int,
    observations: Sequence[Observation],
    labels: tuple[str, str, str],
) -> Chart:
    """Weight-for-age ('wfa') or length/height-for-age ('lhfa') with the child's points."""
    months = _age_span(observations)
    last_day = min(MAX_AGE_DAYS, round(months * DAYS_PER_MONTH))
    days = np.unique(np.append(np.arange(0, last_day, max(1, last_day // 150)), last_day))
    curves = age_reference(indicator, sex, days)
    points = []
    for o in observations:
        if not 0 <= o.age_days <= MAX_AGE_DAYS:
            continue
        if indicator == "wfa" and o.weight is not None and not o.oedema:
            points.append((o.age_days / DAYS_PER_MONTH, o.weight, o.label))
        if indicator == "lhfa" and o.lenhei is not None:
            value = corrected_lenhei(o.age_days, o.lenhei, o.measure)
            points.append((o.age_days / DAYS_PER_MONTH, value, o.label))
    return _chart(indicator, labels, days / DAYS_PER_MONTH, curves, points, (0.0, months))


def length_key(age_days: int) -> str:
    """Which weight-for-length/height table a measurement belongs on."""
    return "wfl" if age_days < STANDING_FROM_DAYS else "wfh"


def length_chart(
    key: str,
    sex: int,
    observations: Sequence[Observation],
    labels: tuple[str, str, str],
) -> Chart:
    """Weight-for-length ('wfl', under 731 days) or -height ('wfh') with the child's points."""
    low, high = LENGTH_RANGES[key]
    points = []
    for o in observations:
        if o.weight is None or o.lenhei is None or o.oedema or not 0 <= o.age_days <= MAX_AGE_DAYS:
            continue
        if length_key(o.age_days) != key:
            continue
        value = corrected_lenhei(o.age_days, o.lenhei, o.measure)
        if low <= value <= high:
            points.append((value, o.weight, o.label))
    x_lo, x_hi = low, high
    if points:
        # Zoom on the child's lengths (whole 5 cm) so a phone screen shows the detail.
        x_lo = max(low, math.floor(min(p[0] for p in points) / 5) * 5 - 5)
        x_hi = min(high, math.ceil(max(p[0] for p in points) / 5) * 5 + 5)
    lengths = np.round(np.arange(x_lo, x_hi + 0.05, 0.5), 1)
    curves = length_reference(key, sex, lengths)
    return _chart(key, labels, lengths, curves, points, (x_lo, x_hi))


def growth_charts(
    sex: int,
    observations: Sequence[Observation],
    titles: dict[str, tuple[str, str, str]],
    today_age_days: int = 0,
) -> list[Chart]:
    """The child's charts: weight-for-age, length/height-for-age, and weight-for-length or
    -height for each table the child was measured on (or the one for today's age)."""
    charts = [
        age_chart("wfa", sex, observations, titles["wfa"]),
        age_chart("lhfa", sex, observations, titles["lhfa"]),
    ]
    keys = {length_key(o.age_days) for o in observations if o.weight and o.lenhei}
    for key in ("wfl", "wfh"):
        if key in keys or (not keys and key == length_key(today_age_days)):
            charts.append(length_chart(key, sex, observations, titles[key]))
    return charts


def _fmt(value: float) -> str:
    """A compact number for SVG attributes and tick labels."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def spread_labels(ends: dict[int, float], gap: float = LABEL_GAP) -> dict[int, float]:
    """Label heights at the curves' ends, pushed apart so that close curves stay legible."""
    placed: dict[int, float] = {}
    previous = -math.inf
    # Top to bottom on screen: the highest SD line has the smallest pixel y.
    for k, y in sorted(ends.items(), key=lambda item: item[1]):
        placed[k] = max(y, previous + gap)
        previous = placed[k]
    return placed


SD_NAMES = {-3: "−3", -2: "−2", 0: "0", 2: "+2", 3: "+3"}


def to_svg(chart: Chart, description: str = "") -> str:
    """The chart as a standalone, accessible SVG element (classes styled by charts.css)."""
    f = chart.frame
    left, right = MARGIN_LEFT, f.width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, f.height - MARGIN_BOTTOM
    ident = f"chart-{chart.key}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="growth-chart" '
        f'viewBox="0 0 {f.width} {f.height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        f'<rect class="plot" x="{left}" y="{top}" width="{right - left}" height="{bottom - top}"/>',
    ]
    for x in chart.x_ticks:
        px = _fmt(f.px(x))
        out.append(f'<line class="grid" x1="{px}" y1="{top}" x2="{px}" y2="{bottom}"/>')
        out.append(f'<text class="tick" x="{px}" y="{bottom + 20}">{_fmt(x)}</text>')
    for y in chart.y_ticks:
        py = _fmt(f.py(y))
        out.append(f'<line class="grid" x1="{left}" y1="{py}" x2="{right}" y2="{py}"/>')
        out.append(f'<text class="tick tick-y" x="{left - 6}" y="{py}">{_fmt(y)}</text>')
    label_y = spread_labels({k: v[-1][1] for k, v in chart.curves.items() if v})
    for k, vertices in chart.curves.items():
        if not vertices:
            continue
        coords = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in vertices)
        kind = "sd-0" if k == 0 else f"sd-{abs(k)}"
        out.append(f'<polyline class="sd {kind}" points="{coords}"/>')
        out.append(
            f'<text class="sd-label {kind}" x="{_fmt(vertices[-1][0] + 4)}" '
            f'y="{_fmt(label_y[k])}">{SD_NAMES[k]}</text>'
        )
    if len(chart.points) > 1:
        coords = " ".join(f"{_fmt(p.px)},{_fmt(p.py)}" for p in chart.points)
        out.append(f'<polyline class="child-path" points="{coords}"/>')
    for p in chart.points:
        out.append(
            f'<circle class="child-point" cx="{_fmt(p.px)}" cy="{_fmt(p.py)}" r="5">'
            f"<title>{escape(p.label)}</title></circle>"
        )
    out.append(
        f'<text class="axis-label" x="{(left + right) / 2:.0f}" y="{f.height - 8}">'
        f"{escape(chart.x_label)}</text>"
    )
    out.append(
        f'<text class="axis-label axis-y" transform="translate(14 {(top + bottom) / 2:.0f}) '
        f'rotate(-90)">{escape(chart.y_label)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out)
