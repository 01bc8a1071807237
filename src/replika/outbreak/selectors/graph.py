"""Lay out a chain of transmission for drawing: generations left to right."""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

COLUMN = 140
ROW = 44


def layout(chain: dict[str, Any]) -> dict[str, Any]:
    """Positions of nodes (x by generation, y by order) and the lines between them."""
    parents: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    for edge in chain["edges"]:
        parents[edge["target"]].append(edge["source"])
        children[edge["source"]].append(edge["target"])
    generation: dict[str, int] = {}
    queue = deque(n["id"] for n in chain["nodes"] if not parents[n["id"]])
    for node_id in queue:
        generation[node_id] = 0
    while queue:
        current = queue.popleft()
        for child in children[current]:
            if child not in generation:
                generation[child] = generation[current] + 1
                queue.append(child)
    rows: dict[int, int] = defaultdict(int)
    placed = []
    for node in chain["nodes"]:
        g = generation.get(node["id"], 0)
        placed.append({**node, "x": 20 + g * COLUMN, "y": 24 + rows[g] * ROW})
        rows[g] += 1
    where = {n["id"]: n for n in placed}
    lines = [
        {
            "x1": where[e["source"]]["x"] + 100,
            "y1": where[e["source"]]["y"],
            "x2": where[e["target"]]["x"],
            "y2": where[e["target"]]["y"],
        }
        for e in chain["edges"]
        if e["source"] in where and e["target"] in where
    ]
    width = 40 + (max(generation.values(), default=0) + 1) * COLUMN
    height = 48 + max(rows.values(), default=1) * ROW
    return {"nodes": placed, "lines": lines, "width": width, "height": height}
