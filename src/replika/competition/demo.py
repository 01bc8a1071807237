"""A demo competition: a published call with proposals, scores, a panel and winners.

Everything here is made up for the demonstration; the call is marked ``is_demo``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from replika.competition import services
from replika.competition.models import Call, CallStage, Proposal
from replika.competition.rules import CRITERION_CODES
from replika.core import services as core_services
from replika.core.demo import demo_user
from replika.core.models import User, Wilayah
from replika.core.roles import role_label

CALL_NAME = "Kompetisi Inovasi Pelayanan Publik Sumatera Barat 2026 (demo)"
PROPOSAL_DAY = dt.date(2026, 8, 1)
SCORING_DAY = dt.date(2026, 9, 15)

# (username, full name, home region code or None)
EVALUATORS = [
    ("penilai.1", "Penilai Satu (Universitas Andalas)", "13.71"),
    ("penilai.2", "Penilai Dua (Ombudsman Perwakilan Sumbar)", "13.06"),
    ("penilai.3", "Penilai Tiga (Biro Organisasi)", "13.74"),
]

# (region admin, title, unit, group, base score)
PROPOSALS = [
    ("admin.padang", "Posyandu Digital Kelurahan", "Dinas Kesehatan Kota Padang", "replikasi", 84),
    ("admin.padang", "Layanan Adminduk Keliling", "Disdukcapil Kota Padang", "umum", 71),
    (
        "admin.agam",
        "Nagari Sehat Bebas Stunting",
        "Dinas Kesehatan Kabupaten Agam",
        "replikasi",
        84,
    ),
    ("admin.agam", "Perizinan Satu Pintu di Nagari", "DPMPTSP Kabupaten Agam", "umum", 66),
    (
        "admin.padangpanjang",
        "SI JABPRI Padang Panjang",
        "Bagian Organisasi Setdako",
        "replikasi",
        79,
    ),
]

# Made-up notes the panel publishes with the results.
PANEL_NOTES = [
    "Dampak terukur dan siap direplikasi ke nagari lain.",
    "Presentasi jelas; perlu rencana pembiayaan jangka panjang.",
    "Adaptasi inovasi asal dilakukan dengan baik.",
]


def _sections(title: str) -> dict[str, str]:
    """Placeholder text for every proposal section."""
    return {
        code: f"{title}: uraian bagian {number} (data demo)."
        for number, code in enumerate(CRITERION_CODES, start=1)
    }


def _evaluators(province: Wilayah, organiser: User) -> list[tuple[str, str]]:
    """Create the evaluators and the panelist; returns the demo accounts."""
    created = []
    for username, full_name, home in EVALUATORS:
        user = demo_user(username, full_name)
        region = Wilayah.objects.get(code=home) if home else None
        services.evaluator_register(actor=organiser, user=user, home_region=region)
        where = region.name if region else "—"
        created.append(
            (
                username,
                _("%(role)s — home region %(where)s")
                % {"role": role_label("evaluator"), "where": where},
            )
        )
    panelist = demo_user("panelis.1", "Panelis Independen")
    core_services.membership_grant(
        actor=organiser, user=panelist, wilayah=province, role="panelist"
    )
    created.append(
        ("panelis.1", _("%(role)s — independent panel") % {"role": role_label("panelist")})
    )
    return created


def _create_call(organiser: User) -> Call:
    """The demo call, with the KIPP 2023 weights."""
    return services.call_create(
        actor=organiser,
        is_demo=True,
        name=CALL_NAME,
        year=2026,
        description="Kompetisi demo: semua usulan, nilai dan catatan dibuat untuk peragaan.",
        groups=["umum", "replikasi", "khusus"],
        weights={
            "background": 10,
            "novelty": 15,
            "implementation": 5,
            "significance": 30,
            "adaptability": 20,
            "resources": 5,
            "sustainability": 15,
        },
        proposal_deadline=dt.date(2026, 8, 31),
        evaluation_deadline=dt.date(2026, 9, 30),
        presentation_date=dt.date(2026, 10, 15),
        top_n=3,
        winner_count=3,
        presentation_weight=30,
        is_published=True,
    )


def _propose(call: Call) -> None:
    """Each region administrator drafts and submits the region's proposals."""
    for username, title, unit, group, _base in PROPOSALS:
        admin = User.objects.get(username=username)
        region = admin.memberships.get(role="admin_daerah").wilayah
        proposal = services.proposal_create(
            actor=admin,
            call=call,
            region=region,
            today=PROPOSAL_DAY,
            title=title,
            unit_name=unit,
            group=group,
            sections=_sections(title),
            video_url="https://www.youtube.com/@KemenPANRB",
        )
        services.proposal_submit(actor=admin, proposal=proposal, today=PROPOSAL_DAY)


def _score(call: Call, organiser: User) -> None:
    """Check, assign and score every proposal the way the stages require."""
    services.call_advance(actor=organiser, call=call, accept_warnings=True)
    for proposal in Proposal.objects.filter(call=call):
        services.proposal_check(actor=organiser, proposal=proposal, passed=True, note="Lengkap.")
    services.call_advance(actor=organiser, call=call, accept_warnings=True)
    services.assignments_auto(actor=organiser, call=call, per_proposal=2)
    bases = {title: base for _u, title, _unit, _g, base in PROPOSALS}
    for proposal in Proposal.objects.filter(call=call).prefetch_related("assignments"):
        for offset, assignment in enumerate(proposal.assignments.all()):
            base = bases[proposal.title]
            scores = {
                code: min(100, base + (i % 3) - offset) for i, code in enumerate(CRITERION_CODES)
            }
            services.scores_submit(
                actor=assignment.evaluator,
                assignment=assignment,
                scores=scores,
                comments={code: "Catatan penilai (demo)." for code in CRITERION_CODES},
                today=SCORING_DAY,
            )
    services.call_advance(actor=organiser, call=call, accept_warnings=True)


def _present(call: Call, organiser: User) -> None:
    """The panel scores the top N and the winners are published."""
    services.call_advance(actor=organiser, call=call, accept_warnings=True)
    panelist = User.objects.get(username="panelis.1")
    shortlisted = Proposal.objects.filter(call=call, shortlisted=True).order_by("evaluation_rank")
    for i, proposal in enumerate(shortlisted):
        services.panel_score_submit(
            actor=panelist, proposal=proposal, value=80 + 5 * i, note=PANEL_NOTES[i % 3]
        )
    services.call_advance(actor=organiser, call=call, accept_warnings=True)


def run(log: Any) -> list[tuple[str, str]]:
    """Create the demo competition once; returns the demo accounts it created."""
    province = Wilayah.objects.get(level=Wilayah.PROVINCE)
    organiser = User.objects.get(username="provinsi")
    accounts = _evaluators(province, organiser)
    if Call.objects.filter(name=CALL_NAME).exists():
        return accounts
    call = _create_call(organiser)
    _propose(call)
    _score(call, organiser)
    _present(call, organiser)
    assert call.stage == CallStage.WINNERS  # noqa: S101 — the demo walked every stage
    log(_("competition: demo call “%(name)s” with published winners") % {"name": CALL_NAME})
    return accounts
