"""Every plausible range of SI JABPRI input, once."""

from __future__ import annotations

from typing import Final

MAX_VOLUME: Final = 1_000_000  # outputs a year
MAX_NORM_MINUTES: Final = 75_000  # one output cannot take more than a working year
MAX_TASKS: Final = 60
MAX_HOLDERS: Final = 10_000
MAX_TEXT: Final = 500
