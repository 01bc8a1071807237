"""Region boundaries as SVG paths, and the choropleth classes (pure: plain values in/out)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Classes of the choropleth: upper bounds (inclusive) per class; the last class is open.
CLASS_COUNT = 5


def svg_paths(
    features: Sequence[dict[str, Any]], *, width: float = 600.0
) -> tuple[dict[str, str], float, float]:
    """One SVG path per feature code, fitted into ``width`` (equirectangular), and the
    drawing's width and height."""
    xs: list[float] = []
    ys: list[float] = []
    rings_by_code: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        rings = [
            [(float(x), float(y)) for x, y, *_rest in ring] for poly in polygons for ring in poly
        ]
        rings_by_code[str(feature["properties"]["kode"])] = rings
        for ring in rings:
            xs.extend(x for x, _y in ring)
            ys.extend(y for _x, y in ring)
    if not xs:
        return {}, width, 0.0
    scale = width / ((max(xs) - min(xs)) or 1.0)
    height = (max(ys) - min(ys)) * scale
    left, top = min(xs), max(ys)
    paths = {}
    for code, rings in rings_by_code.items():
        parts = []
        for ring in rings:
            # Whole pixels, and a point only where the line moves: a fraction of the bytes.
            points: list[tuple[int, int]] = []
            for x, y in ring:
                point = (round((x - left) * scale), round((top - y) * scale))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) >= 3:
                parts.append("M" + " ".join(f"{px},{py}" for px, py in points) + "Z")
        paths[code] = "".join(parts)
    return paths, width, round(height, 1)


def choropleth_classes(values: Sequence[float | None]) -> tuple[list[int | None], list[float]]:
    """A class 0 … CLASS_COUNT-1 per value (None stays None) from equal-count breaks, and the
    breaks (upper bounds of classes 0 … CLASS_COUNT-2)."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return [None for _v in values], []
    breaks = []
    for k in range(1, CLASS_COUNT):
        breaks.append(known[min(len(known) - 1, (k * len(known)) // CLASS_COUNT)])
    classes: list[int | None] = []
    for value in values:
        if value is None:
            classes.append(None)
            continue
        index = next((i for i, b in enumerate(breaks) if value < b), CLASS_COUNT - 1)
        classes.append(0 if value == 0 else index)
    return classes, breaks
