"""Reads of the replication app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from replika.core import modules
from replika.core.access import scoped
from replika.core.models import Wilayah
from replika.core.roles import VIEW_COMMITMENT
from replika.replication.models import Commitment, Innovation
from replika.replication.rules import LIVE_STAGES


def live_region_ids(module_code: str) -> QuerySet[Any]:
    """Ids of the regions where a module is live, usable as a subquery."""
    return Commitment.objects.filter(
        innovation__module_code=module_code, stage__in=LIVE_STAGES
    ).values("region_id")


def is_module_live(module_code: str, region: Wilayah | None) -> bool:
    """Whether a module is live in a kab/kota."""
    if region is None:
        return False
    return live_region_ids(module_code).filter(region_id=region.id).exists()


def live_modules_in(region: Wilayah | None) -> list[str]:
    """Codes of the registered modules live in a kab/kota."""
    if region is None:
        return []
    codes = set(
        Commitment.objects.filter(region=region, stage__in=LIVE_STAGES).values_list(
            "innovation__module_code", flat=True
        )
    )
    return [m.code for m in modules.all_modules() if m.code in codes]


def modules_live_anywhere() -> list[str]:
    """Codes of the registered modules live in at least one region."""
    codes = set(
        Commitment.objects.filter(stage__in=LIVE_STAGES)
        .exclude(innovation__module_code="")
        .order_by()
        .values_list("innovation__module_code", flat=True)
        .distinct()
    )
    return [m.code for m in modules.all_modules() if m.code in codes]


def effective_settings(module_code: str, region: Wilayah) -> modules.ModuleSettings:
    """A module's settings in a region: the region's document over the origin's defaults."""
    module = modules.get_module(module_code)
    if module is None:
        raise LookupError(module_code)
    commitment = (
        Commitment.objects.filter(region=region, innovation__module_code=module_code)
        .only("settings")
        .first()
    )
    data = commitment.settings if commitment is not None else {}
    return module.validate_settings(data)


def commitment_list(*, user: Any, perm: str = VIEW_COMMITMENT) -> QuerySet[Commitment]:
    """Commitments the user may see, with region and innovation loaded."""
    return scoped(Commitment.objects.all(), user, perm).select_related("region", "innovation")


def innovation_list() -> QuerySet[Innovation]:
    """The innovations catalogue (public facts)."""
    return Innovation.objects.all()
