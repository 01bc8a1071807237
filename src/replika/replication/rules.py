"""Pure rules of the replication programme."""

from __future__ import annotations

from replika.replication.models import Stage

# A module is reachable in a region once the region pilots it: piloting already means
# cadres and officers use it for real, in part of the region.
LIVE_STAGES: frozenset[str] = frozenset({Stage.PILOTING, Stage.LAUNCHED, Stage.INSTITUTIONALISED})


def is_live(stage: str) -> bool:
    """Whether a module is usable in a region whose commitment is at ``stage``."""
    return stage in LIVE_STAGES
