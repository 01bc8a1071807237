"""Position kinds and the job classes (kelas jabatan 1–17) each kind may take.

The domain note fixes the scale (classes 1 to 17) and that class 7 is the highest class of an
executor (pelaksana) post. It gives no narrower verified range for the other kinds, so
they span the whole scale; a region that adopts a stricter table narrows it in its settings.
"""

from __future__ import annotations

from typing import Final

JPT: Final = "jpt"
ADMINISTRATOR: Final = "administrator"
PENGAWAS: Final = "pengawas"
PELAKSANA: Final = "pelaksana"
FUNGSIONAL: Final = "fungsional"

KINDS: tuple[str, ...] = (JPT, ADMINISTRATOR, PENGAWAS, PELAKSANA, FUNGSIONAL)

LOWEST_CLASS: Final = 1
HIGHEST_CLASS: Final = 17
# Riau's job map was bloated exactly here: the top executor class.
HIGHEST_EXECUTOR_CLASS: Final = 7

_BOUNDS: dict[str, tuple[int, int]] = {
    JPT: (LOWEST_CLASS, HIGHEST_CLASS),
    ADMINISTRATOR: (LOWEST_CLASS, HIGHEST_CLASS),
    PENGAWAS: (LOWEST_CLASS, HIGHEST_CLASS),
    PELAKSANA: (LOWEST_CLASS, HIGHEST_EXECUTOR_CLASS),
    FUNGSIONAL: (LOWEST_CLASS, HIGHEST_CLASS),
}


def _known_kind(kind: str) -> str:
    """``kind`` normalised to a known position kind, or ValueError naming it."""
    key = kind.strip().lower() if isinstance(kind, str) else kind
    if key not in _BOUNDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return key


def class_bounds(kind: str) -> tuple[int, int]:
    """The lowest and highest job class, both included, a position of ``kind`` may take."""
    return _BOUNDS[_known_kind(kind)]


def _on_scale(job_class: int) -> int:
    """``job_class`` checked to be a whole class on the 1–17 scale, or ValueError."""
    if isinstance(job_class, bool) or not isinstance(job_class, int):
        raise ValueError(f"job_class must be a whole number, got {job_class!r}")
    if not LOWEST_CLASS <= job_class <= HIGHEST_CLASS:
        raise ValueError(
            f"job_class must be between {LOWEST_CLASS} and {HIGHEST_CLASS}, got {job_class!r}"
        )
    return job_class


def class_allowed(*, kind: str, job_class: int) -> bool:
    """Whether ``job_class`` lies within the bounds of ``kind`` (up to and including them).

    A class off the 1–17 scale is impossible for any kind and raises ValueError.
    """
    low, high = class_bounds(kind)
    return low <= _on_scale(job_class) <= high


def is_top_executor_class(*, kind: str, job_class: int) -> bool:
    """Whether a post is an executor post in the highest executor class (the bloat to watch)."""
    return _known_kind(kind) == PELAKSANA and _on_scale(job_class) == HIGHEST_EXECUTOR_CLASS
