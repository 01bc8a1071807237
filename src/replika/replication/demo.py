"""Demo of the 2021 Sumatera Barat replication programme, for all 19 regions.

Public record: after an FGD on 26 Aug 2021 and five months of mentoring, the 19 kab/kota
signed replication commitments on 15 Nov 2021; Kota Padang Panjang chose SI JABPRI and
Pikobar; Ayo Ceting is Kota Padang's own innovation (Perwako 64/2020). Every other pairing,
stage, milestone and mentoring note below is made up for the demonstration (``is_demo``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core.models import User, Wilayah
from replika.replication import services
from replika.replication.models import Commitment, Innovation, Stage
from replika.replication.rules import ORDER

FGD = dt.date(2021, 8, 26)
SIGNED = dt.date(2021, 11, 15)
# When a demo commitment reached each stage after signing.
STAGE_DATES: dict[str, dt.date] = {
    Stage.ADAPTING: dt.date(2022, 3, 1),
    Stage.PILOTING: dt.date(2022, 9, 1),
    Stage.LAUNCHED: dt.date(2023, 6, 1),
    Stage.INSTITUTIONALISED: dt.date(2024, 6, 1),
}
MENTORING = [
    (dt.date(2021, 6, 15), "Pengenalan inovasi dan kriteria replikasi KemenPANRB"),
    (dt.date(2021, 7, 15), "Analisis kebutuhan daerah dan pemangku kepentingan"),
    (dt.date(2021, 8, 26), "FGD pemilihan inovasi bersama provinsi dan Universitas Andalas"),
    (dt.date(2021, 9, 20), "Penyusunan rencana aksi dan modifikasi lokal"),
    (dt.date(2021, 10, 25), "Finalisasi dokumen komitmen replikasi"),
]
MILESTONES = [
    ("SK tim replikasi daerah", "Sekretariat Daerah", dt.date(2022, 1, 31), True),
    ("Regulasi kepala daerah (Perwako/Perbup)", "Bagian Hukum", dt.date(2022, 6, 30), None),
    ("Pelatihan petugas pelaksana", "OPD pelaksana", dt.date(2022, 8, 31), None),
    ("Peluncuran layanan", "OPD pelaksana", dt.date(2023, 5, 31), None),
]

# (region code, innovation code, stage, is_demo, note)
PUBLIC: list[tuple[str, str, str, bool, str]] = [
    # Signed on 15 Nov 2021 (public); the pilot stage after it is demo data, so that the
    # positions demo has a live module in the region that chose SI JABPRI.
    ("13.74", "si-jabpri", Stage.PILOTING, False, "Komitmen replikasi 15 November 2021."),
    ("13.74", "pikobar", Stage.COMMITTED, False, "Komitmen replikasi 15 November 2021."),
]
# Pikobar piloted (demo) in Kota Padang Panjang and Kota Bukittinggi, so that the outbreak
# module's demo data has live regions; the stages beyond the signed commitment are made up.
DEMO_LIVE: list[tuple[str, str, str]] = [
    ("13.74", "pikobar", Stage.PILOTING),
    ("13.75", "pikobar", Stage.PILOTING),
]
INNOVATION_CYCLE = ["ayo-ceting", "poltabes", "sip-banget", "pikobar", "si-jabpri"]
STAGE_CYCLE = [Stage.LAUNCHED, Stage.PILOTING, Stage.ADAPTING, Stage.COMMITTED, Stage.PILOTING]


def _demo_pairs() -> list[tuple[str, str, str, bool, str]]:
    """A plausible spread: every other region takes two innovations at varied stages."""
    pairs: list[tuple[str, str, str, bool, str]] = []
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
    # Tanah Datar signed an Anjab/ABK cooperation with Riau; its pilot here is demo data.
    pairs += [("13.04", "si-jabpri", Stage.PILOTING, True, "Data demo.")]
    return pairs


def _walk_to(commitment: Commitment, target: str) -> None:
    """Record the stage changes from "committed" up to ``target`` on their demo dates."""
    for stage in ORDER[ORDER.index(Stage.COMMITTED) + 1 : ORDER.index(target) + 1]:
        on = STAGE_DATES[stage]
        if on > timezone.localdate():
            return
        services.commitment_transition(
            actor=None, commitment=commitment, to_stage=stage, on=on, note="Data demo."
        )


def _plan(commitment: Commitment, mentor: User | None) -> None:
    """Five months of mentoring and an action plan, some of it done and some overdue."""
    for held_on, topics in MENTORING:
        services.mentoring_log(
            actor=mentor,
            commitment=commitment,
            held_on=held_on,
            topics=topics,
            participants="Tim replikasi daerah, Biro Organisasi Provinsi, pendamping",
        )
    stage_index = ORDER.index(commitment.stage) if commitment.stage in ORDER else 0
    for n, (title, owner, due, _done) in enumerate(MILESTONES):
        milestone = services.milestone_create(
            actor=None, commitment=commitment, title=title, owner=owner, due_on=due
        )
        # Regions further along have finished more of their plan.
        if n < stage_index:
            services.milestone_update(
                actor=None,
                milestone=milestone,
                title=title,
                owner=owner,
                due_on=due,
                status="done",
            )


def run(log: Any) -> list[tuple[str, str]]:
    """Create the commitments, their history, mentoring and plans (idempotent)."""
    innovations = {i.code: i for i in Innovation.objects.all()}
    regions = {w.code: w for w in Wilayah.objects.filter(level=Wilayah.REGION)}
    mentor = User.objects.filter(username="mentor").first()
    created = 0
    padang = Commitment.objects.filter(region__code="13.71", innovation__code="ayo-ceting")
    if not padang.exists():
        # Kota Padang's own innovation, institutionalised by Perwako 64/2020 (day not public).
        services.commitment_create(
            actor=None,
            region=regions["13.71"],
            innovation=innovations["ayo-ceting"],
            stage=Stage.INSTITUTIONALISED,
            signed_on=None,
            since=dt.date(2020, 12, 1),
            notes="Kota asal inovasi; diterapkan di semua puskesmas (Perwako 64/2020).",
        )
        created += 1
    for code, innovation, stage, is_demo, note in PUBLIC + _demo_pairs():
        if Commitment.objects.filter(region__code=code, innovation__code=innovation).exists():
            continue
        commitment = services.commitment_create(
            actor=None,
            region=regions[code],
            innovation=innovations[innovation],
            stage=Stage.COMMITTED,
            signed_on=SIGNED,
            since=SIGNED,
            notes=note,
            is_demo=is_demo,
        )
        _walk_to(commitment, stage)
        if is_demo:
            _plan(commitment, mentor)
        created += 1
    for code, innovation, stage in DEMO_LIVE:
        found = Commitment.objects.filter(region__code=code, innovation__code=innovation).first()
        if found is None:
            found = services.commitment_create(
                actor=None,
                region=regions[code],
                innovation=innovations[innovation],
                stage=Stage.COMMITTED,
                signed_on=SIGNED,
                since=SIGNED,
                notes="Data demo.",
                is_demo=True,
            )
            created += 1
        if found.stage == Stage.COMMITTED:
            _walk_to(found, stage)
    log(_("replication: %(created)d commitments created") % {"created": created})
    return []
