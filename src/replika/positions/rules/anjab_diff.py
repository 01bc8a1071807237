"""A readable difference between two versions of an Anjab document (nested dicts).

An Anjab document maps each information block (identitas, ikhtisar, tugas_pokok, …) to its
content: a value, a dict of fields, or a list of rows (tasks, materials, tools). The diff
names each block added, removed or changed and, inside, every field or row that changed,
so the verifier sees what the drafter edited since the last version.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal, TypeGuard

ChangeKind = Literal["added", "removed", "changed"]
PathPart = str | int

ADDED: ChangeKind = "added"
REMOVED: ChangeKind = "removed"
CHANGED: ChangeKind = "changed"

_MARKS: dict[ChangeKind, str] = {ADDED: "+", REMOVED: "-", CHANGED: "~"}


@dataclass(frozen=True)
class Change:
    """One difference at ``path`` (block first; ints are 0-based row positions)."""

    path: tuple[PathPart, ...]
    kind: ChangeKind
    old: object = None
    new: object = None

    @property
    def block(self) -> str:
        """The information block the change is in."""
        return str(self.path[0])

    @property
    def label(self) -> str:
        """The path for people: rows counted from 1 (``tugas_pokok › 2 › volume``)."""
        return " › ".join(str(p + 1) if isinstance(p, int) else str(p) for p in self.path)

    def line(self) -> str:
        """One line: ``+`` added, ``-`` removed, ``~`` changed (old → new)."""
        mark = _MARKS[self.kind]
        if self.kind == ADDED:
            return f"{mark} {self.label}: {_show(self.new)}"
        if self.kind == REMOVED:
            return f"{mark} {self.label}: {_show(self.old)}"
        return f"{mark} {self.label}: {_show(self.old)} → {_show(self.new)}"


@dataclass(frozen=True)
class AnjabDiff:
    """Every change between two versions, and which blocks were added, removed or changed."""

    changes: tuple[Change, ...]
    blocks_added: tuple[str, ...]
    blocks_removed: tuple[str, ...]
    blocks_changed: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        """Whether the two versions are the same."""
        return not self.changes

    def by_block(self) -> dict[str, tuple[Change, ...]]:
        """The changes grouped by block, blocks in document order."""
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.block, []).append(change)
        return {block: tuple(items) for block, items in grouped.items()}

    def lines(self) -> list[str]:
        """The diff as text lines, one per change."""
        return [change.line() for change in self.changes]


def _show(value: object) -> str:
    """A value as the diff prints it: text quoted, structures as compact JSON."""
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _is_rows(value: object) -> TypeGuard[Sequence[object]]:
    """Whether ``value`` is a list of rows (a sequence that is not text)."""
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _ordered_keys(old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    """The keys of both, in the old order, then those only the new version has."""
    return [*old.keys(), *(key for key in new if key not in old)]


def _diff_mappings(
    path: tuple[PathPart, ...],
    old: Mapping[str, object],
    new: Mapping[str, object],
    out: list[Change],
) -> None:
    """Append the changes between two dicts of fields at ``path``."""
    for key in _ordered_keys(old, new):
        here = (*path, key)
        if key not in old:
            out.append(Change(here, ADDED, new=new[key]))
        elif key not in new:
            out.append(Change(here, REMOVED, old=old[key]))
        else:
            _diff_values(here, old[key], new[key], out)


def _diff_rows(
    path: tuple[PathPart, ...],
    old: Sequence[object],
    new: Sequence[object],
    out: list[Change],
) -> None:
    """Append the changes between two lists of rows, matching rows that stayed the same."""
    # Matching on content keeps one inserted task from marking every later task changed.
    matcher = SequenceMatcher(a=[_show(r) for r in old], b=[_show(r) for r in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            _diff_values((*path, j1 + k), old[i1 + k], new[j1 + k], out)
        for i in range(i1 + paired, i2):
            out.append(Change((*path, i), REMOVED, old=old[i]))
        for j in range(j1 + paired, j2):
            out.append(Change((*path, j), ADDED, new=new[j]))


def _diff_values(path: tuple[PathPart, ...], old: object, new: object, out: list[Change]) -> None:
    """Append the changes between two values of the same place in the document."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        _diff_mappings(path, old, new, out)
    elif _is_rows(old) and _is_rows(new):
        _diff_rows(path, old, new, out)
    # True == 1 in Python, but a yes/no field turning into a number is a real change.
    elif old != new or isinstance(old, bool) != isinstance(new, bool):
        out.append(Change(path, CHANGED, old=old, new=new))


def _document(value: object, *, name: str) -> Mapping[str, object]:
    """``value`` checked to be a document of named blocks, or ValueError naming ``name``."""
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be a dict of blocks, got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise ValueError(f"{name} block names must be text, got {key!r}")
    return value


def anjab_diff(old: Mapping[str, object], new: Mapping[str, object]) -> AnjabDiff:
    """The changes from the ``old`` version of an Anjab document to the ``new`` one."""
    before = _document(old, name="old")
    after = _document(new, name="new")
    changes: list[Change] = []
    _diff_mappings((), before, after, changes)
    blocks = _ordered_keys(before, after)
    touched = {change.block for change in changes}
    return AnjabDiff(
        changes=tuple(changes),
        blocks_added=tuple(b for b in blocks if b not in before),
        blocks_removed=tuple(b for b in blocks if b not in after),
        blocks_changed=tuple(b for b in blocks if b in before and b in after and b in touched),
    )
