"""Demo commitments for all 19 regions.

Public record: on 15 Nov 2021 the 19 kab/kota signed; Kota Padang Panjang chose SI JABPRI
and Pikobar; Ayo Ceting is Kota Padang's own innovation (Perwako 64/2020). Every other
pairing and stage below is made up for the demonstration and marked ``is_demo``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from replika.core.models import Wilayah
from replika.replication import services
from replika.replication.models import Commitment, Innovation, Stage

SIGNED = dt.date(2021, 11, 15)

# (region code, innovation code, stage, is_demo, note)
PUBLIC: list[tuple[str, str, str, bool, str]] = [
    ("13.74", "si-jabpri", Stage.COMMITTED, False, "Komitmen replikasi 15 November 2021."),
    ("13.74", "pikobar", Stage.COMMITTED, False, "Komitmen replikasi 15 November 2021."),
    (
        "13.71",
        "ayo-ceting",
        Stage.INSTITUTIONALISED,
        False,
        "Kota asal inovasi; diterapkan di semua puskesmas (Perwako 64/2020).",
    ),
]

INNOVATION_CYCLE = ["ayo-ceting", "poltabes", "sip-banget", "pikobar", "si-jabpri"]
STAGE_CYCLE = [Stage.LAUNCHED, Stage.PILOTING, Stage.ADAPTING, Stage.COMMITTED, Stage.PILOTING]


def _demo_pairs() -> list[tuple[str, str, str, bool, str]]:
    """A plausible spread: every other region takes two innovations at varied stages."""
    pairs = []
    regions = Wilayah.objects.filter(level=Wilayah.REGION).exclude(code__in=["13.71", "13.74"])
    for i, region in enumerate(regions.order_by("code")):
        for k in range(2):
            innovation = INNOVATION_CYCLE[(i + 2 * k) % len(INNOVATION_CYCLE)]
            stage = STAGE_CYCLE[(i + k) % len(STAGE_CYCLE)]
            pairs.append((region.code, innovation, stage, True, "Data demo."))
    # Agam pilots Ayo Ceting so that its demo cadres have a live module.
    pairs = [p for p in pairs if p[0] != "13.06"]
    pairs += [
        ("13.06", "ayo-ceting", Stage.PILOTING, True, "Data demo."),
        ("13.06", "poltabes", Stage.ADAPTING, True, "Data demo."),
    ]
    return pairs


def run(log: Any) -> list[tuple[str, str]]:
    """Create the commitments that do not exist yet (idempotent)."""
    innovations = {i.code: i for i in Innovation.objects.all()}
    regions = {w.code: w for w in Wilayah.objects.filter(level=Wilayah.REGION)}
    created = 0
    for code, innovation, stage, is_demo, note in PUBLIC + _demo_pairs():
        if Commitment.objects.filter(region__code=code, innovation__code=innovation).exists():
            continue
        services.commitment_create(
            actor=None,
            region=regions[code],
            innovation=innovations[innovation],
            stage=stage,
            signed_on=SIGNED,
            notes=note,
            is_demo=is_demo,
        )
        created += 1
    padang = Commitment.objects.get(region__code="13.71", innovation__code="ayo-ceting")
    if padang.stage_since != dt.date(2020, 12, 1):
        # Perwako 64/2020 institutionalised it in 2020; the exact day is not public.
        Commitment.objects.filter(pk=padang.pk).update(stage_since=dt.date(2020, 12, 1))
    log(f"commitments created: {created}")
    return []
