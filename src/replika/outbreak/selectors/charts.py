"""SVG geometry for the dashboard charts (drawn server-side: no chart library, no script)."""

from __future__ import annotations

from typing import Any

WIDTH = 640
HEIGHT = 200
PAD = 28


def bars(weeks: list[dict[str, Any]]) -> dict[str, Any]:
    """The epi curve: one bar per epidemiological week, deaths stacked inside."""
    if not weeks:
        return {"bars": [], "width": WIDTH, "height": HEIGHT, "top": 0}
    top = max(max(w["cases"] for w in weeks), 1)
    step = (WIDTH - 2 * PAD) / len(weeks)
    out = []
    for i, week in enumerate(weeks):
        h = (HEIGHT - 2 * PAD) * week["cases"] / top
        d = (HEIGHT - 2 * PAD) * week["deaths"] / top
        x = PAD + i * step
        out.append(
            {
                **week,
                "x": round(x + 1, 1),
                "w": round(max(step - 2, 1), 1),
                "y": round(HEIGHT - PAD - h, 1),
                "h": round(h, 1),
                "dy": round(HEIGHT - PAD - d, 1),
                "dh": round(d, 1),
                "label": i % max(1, len(weeks) // 8) == 0,
                "lx": round(x + step / 2, 1),
            }
        )
    return {"bars": out, "width": WIDTH, "height": HEIGHT, "top": top, "base": HEIGHT - PAD}


def rt_line(series: list[dict[str, Any]]) -> dict[str, Any]:
    """Rt as a line with its 95 % band, and the line R = 1."""
    known = [s for s in series if s["rt"] is not None]
    if not known:
        return {"points": "", "band": "", "width": WIDTH, "height": HEIGHT}
    top = max(2.0, max(s["high"] or s["rt"] for s in known))
    step = (WIDTH - 2 * PAD) / max(len(series) - 1, 1)

    def y(value: float) -> float:
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * min(value, top) / top, 1)

    points, upper, lower = [], [], []
    for i, s in enumerate(series):
        if s["rt"] is None:
            continue
        x = round(PAD + i * step, 1)
        points.append(f"{x},{y(s['rt'])}")
        upper.append(f"{x},{y(s['high'])}")
        lower.append(f"{x},{y(s['low'])}")
    return {
        "points": " ".join(points),
        "band": " ".join(upper + lower[::-1]),
        "one": y(1.0),
        "top": top,
        "width": WIDTH,
        "height": HEIGHT,
        "pad": PAD,
    }
