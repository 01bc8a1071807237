"""Writes of the competition: calls and stages, proposals, assignments, scores, results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from replika.competition import rules, selectors, uploads
from replika.competition.models import (
    STAGE_ORDER,
    AdminCheck,
    Assignment,
    Attachment,
    Call,
    CallStage,
    Evaluator,
    Group,
    PanelScore,
    Proposal,
    ProposalStatus,
    Score,
)
from replika.core import audit
from replika.core import services as core_services
from replika.core.models import User, Wilayah, snapshot

CALL_FIELDS = (
    "name",
    "year",
    "description",
    "groups",
    "weights",
    "proposal_deadline",
    "evaluation_deadline",
    "presentation_date",
    "top_n",
    "winner_count",
    "presentation_weight",
    "is_published",
)


def _today(today: dt.date | None) -> dt.date:
    """The date the rules are applied on (tests pass a fixed one)."""
    return today or timezone.localdate()


def _clean_call(data: dict[str, Any]) -> None:
    """Check a call's facts; every problem is reported against its field."""
    errors: dict[str, list[str]] = dict(rules.weight_errors(data["weights"]))
    if not data["name"].strip():
        errors["name"] = [_("Give the call a name.")]
    if not data["groups"] or set(data["groups"]) - set(Group.values):
        errors["groups"] = [_("Choose at least one of the groups.")]
    if data["evaluation_deadline"] < data["proposal_deadline"]:
        errors["evaluation_deadline"] = [_("The evaluation ends after the proposal deadline.")]
    if data["presentation_date"] < data["evaluation_deadline"]:
        errors["presentation_date"] = [_("The presentation comes after the evaluation.")]
    if not 1 <= data["top_n"] <= 100:
        errors["top_n"] = [_("Between 1 and 100.")]
    if not 1 <= data["winner_count"] <= data["top_n"]:
        errors["winner_count"] = [_("At least 1 and no more than the top N.")]
    if not 0 <= data["presentation_weight"] <= 100:
        errors["presentation_weight"] = [_("Between 0 and 100 %.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_create(*, actor: User | None, is_demo: bool = False, **data: Any) -> Call:
    """Open a new call for proposals."""
    _clean_call(data)
    call = Call.objects.create(is_demo=is_demo, **{k: data[k] for k in CALL_FIELDS})
    audit.record(actor=actor, action="competition.call.create", instance=call)
    return call


@transaction.atomic
def call_update(*, actor: User | None, call: Call, **data: Any) -> Call:
    """Change a call's facts; the weights are frozen once scoring has started."""
    _clean_call(data)
    if selectors.stage_reached(call, CallStage.EVALUATION) and data["weights"] != call.weights:
        raise ValidationError({"weights": _("The weights cannot change once scoring started.")})
    before = snapshot(call)
    for key in CALL_FIELDS:
        setattr(call, key, data[key])
    call.save()
    audit.record(actor=actor, action="competition.call.update", instance=call, before=before)
    return call


@transaction.atomic
def call_advance(
    *,
    actor: User | None,
    call: Call,
    accept_warnings: bool = False,
    today: dt.date | None = None,
) -> Call:
    """Move a call to its next stage, doing the work that stage change implies.

    Refused while a precondition fails (``advance_preview``'s blockers); a step with
    warnings (proposals closed before their deadline, proposals short of evaluators) is
    taken only when the organiser accepted them.
    """
    preview = advance_preview(call, today=today)
    if preview.target is None:
        raise ValidationError({"stage": _("The winners are already published.")})
    if preview.blockers:
        raise ValidationError({"stage": preview.blockers})
    if preview.warnings and not accept_warnings:
        raise ValidationError(
            {"stage": [*preview.warnings, _("Confirm that you accept this to go on.")]}
        )
    target = preview.target
    if target == CallStage.EVALUATION:
        _check_admin_done(call)
    elif target == CallStage.SHORTLIST:
        _close_evaluation(call)
    elif target == CallStage.WINNERS:
        _publish_winners(call)
    before = {"stage": call.stage}
    call.stage = target
    call.save(update_fields=["stage", "results_published_at", "updated_at"])
    audit.record(
        actor=actor,
        action="competition.call.advance",
        instance=call,
        before=before,
        after={"stage": target},
    )
    return call


# The evaluators a proposal should have (KIPP practice); fewer is possible, with a warning.
EVALUATORS_PER_PROPOSAL = 3


@dataclass(frozen=True)
class AdvancePreview:
    """What moving a call to its next stage would do, and what stands in its way."""

    current: str
    target: str | None
    effects: list[str]
    blockers: list[str]
    warnings: list[str]


def advance_preview(call: Call, *, today: dt.date | None = None) -> AdvancePreview:
    """The next stage of a call, its consequences, the failed preconditions and the risks."""
    index = call.stage_index()
    target = STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None
    effects: list[str] = []
    blockers: list[str] = []
    warnings: list[str] = []
    proposals = Proposal.objects.filter(call=call)
    submitted = proposals.filter(status=ProposalStatus.SUBMITTED)
    eligible = submitted.exclude(admin_check=AdminCheck.FAILED)
    day = _today(today)
    if target == CallStage.ADMIN_CHECK:
        drafts = proposals.exclude(status=ProposalStatus.SUBMITTED).count()
        effects.append(
            _("Regions can no longer submit or change proposals; %(n)d submitted go to the check.")
            % {"n": submitted.count()}
        )
        if drafts:
            warnings.append(
                _("%(n)d proposals are still drafts and will not take part.") % {"n": drafts}
            )
        if day <= call.proposal_deadline:
            warnings.append(
                _("Proposals are open until %(date)s: closing now cuts that time short.")
                % {"date": date_format(call.proposal_deadline, "DATE_FORMAT")}
            )
    elif target == CallStage.EVALUATION:
        pending = submitted.filter(admin_check=AdminCheck.PENDING).count()
        effects.append(
            _("Evaluators can score the %(n)d proposals that passed the check.")
            % {"n": eligible.count()}
        )
        if pending:
            blockers.append(
                _("%(n)d submitted proposals still await the administrative check.")
                % {"n": pending}
            )
        if not eligible.exists():
            warnings.append(_("No proposal passed the administrative check: nothing to score."))
        short = [p for p in eligible if p.assignments.count() < EVALUATORS_PER_PROPOSAL]
        if short:
            warnings.append(_short_of_evaluators(short))
    elif target == CallStage.SHORTLIST:
        effects.append(
            _("Scoring closes; the ranking is stored and the top %(n)d go to the presentation.")
            % {"n": call.top_n}
        )
        unscored = Assignment.objects.filter(
            proposal__in=eligible, completed_at__isnull=True
        ).count()
        if unscored:
            warnings.append(
                _("%(n)d evaluator assignments have no scores yet: they will not count.")
                % {"n": unscored}
            )
        unranked = [
            p.title
            for p in eligible
            if not p.assignments.filter(completed_at__isnull=False).exists()
        ]
        if unranked:
            warnings.append(
                _("Not scored by any evaluator, so not ranked: %(titles)s.")
                % {"titles": ", ".join(unranked)}
            )
        short = [p for p in eligible if 0 < p.assignments.count() < EVALUATORS_PER_PROPOSAL]
        if short:
            warnings.append(_short_of_evaluators(short))
        if day <= call.evaluation_deadline:
            warnings.append(
                _("Scoring is open until %(date)s: closing now cuts that time short.")
                % {"date": date_format(call.evaluation_deadline, "DATE_FORMAT")}
            )
    elif target == CallStage.PRESENTATION:
        effects.append(_("The panel can score the presentations of the top N proposals."))
        if not proposals.filter(shortlisted=True).exists():
            blockers.append(_("No proposal is in the top N."))
    elif target == CallStage.WINNERS:
        effects.append(
            _("The final ranking is stored and the winners are published on the public page.")
        )
        waiting = [
            p.title for p in proposals.filter(shortlisted=True) if not p.panel_scores.exists()
        ]
        if waiting:
            blockers.append(
                _("The panel has not scored: %(titles)s.") % {"titles": ", ".join(waiting)}
            )
    return AdvancePreview(call.stage, target, effects, blockers, warnings)


def _short_of_evaluators(short: list[Proposal]) -> str:
    """The warning naming proposals with fewer evaluators than the practice asks."""
    names = ", ".join(f"{p.title} ({p.assignments.count()})" for p in short)
    return _("These proposals have fewer than %(n)d evaluators: %(names)s.") % {
        "n": EVALUATORS_PER_PROPOSAL,
        "names": names,
    }


def _check_admin_done(call: Call) -> None:
    """Evaluation starts only when every submitted proposal has been checked."""
    pending = Proposal.objects.filter(
        call=call, status=ProposalStatus.SUBMITTED, admin_check=AdminCheck.PENDING
    )
    if pending.exists():
        raise ValidationError(
            {
                "stage": _("%d submitted proposals still await the administrative check.")
                % pending.count()
            }
        )


def _money(value: float | None) -> Decimal | None:
    """A score as stored (two decimals)."""
    return None if value is None else Decimal(str(round(value, 2)))


def _close_evaluation(call: Call) -> None:
    """Store each eligible proposal's evaluation score and rank, and mark the top N."""
    _proposals, entries = selectors.evaluation_entries(call)
    Proposal.objects.filter(call=call).update(
        evaluation_score=None, evaluation_rank=None, shortlisted=False
    )
    for place, entry in rules.rank(entries):
        Proposal.objects.filter(pk=entry.key).update(
            evaluation_score=_money(entry.score),
            evaluation_rank=place,
            shortlisted=place <= call.top_n,
        )


def _publish_winners(call: Call) -> None:
    """Combine the panel's scores with the evaluation and store the final ranking."""
    panel = selectors.panel_means(call)
    found = selectors.evaluations(call)
    entries = []
    for proposal in Proposal.objects.filter(call=call, shortlisted=True):
        evaluation = float(proposal.evaluation_score or 0)
        final = rules.combine(evaluation, panel.get(proposal.pk), call.presentation_weight)
        tie = found.get(proposal.pk)
        entries.append(
            rules.Entry(
                proposal.pk,
                final,
                tie.significance if tie else 0.0,
                tie.novelty if tie else 0.0,
                proposal.submitted_at or timezone.now(),
            )
        )
        Proposal.objects.filter(pk=proposal.pk).update(
            presentation_score=_money(panel.get(proposal.pk)), final_score=_money(final)
        )
    for place, entry in rules.rank(entries):
        Proposal.objects.filter(pk=entry.key).update(final_rank=place)
    call.results_published_at = timezone.now()


def _require_open(call: Call, today: dt.date | None) -> None:
    """Proposals change only while the call is open and before its deadline."""
    if call.stage != CallStage.PROPOSAL or _today(today) > call.proposal_deadline:
        raise ValidationError(
            {
                "__all__": _("The proposal deadline (%s) has passed: the proposal is frozen.")
                % call.proposal_deadline.isoformat()
            }
        )


def _clean_proposal(call: Call, data: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise a proposal's fields; errors are reported per field."""
    errors: dict[str, list[str]] = {}
    for key in ("title", "unit_name"):
        if not str(data.get(key, "")).strip():
            errors[key] = [_("This field is required.")]
    if data.get("group") not in call.groups:
        errors["group"] = [_("This call does not accept this group.")]
    video = str(data.get("video_url", "")).strip()
    if video:
        try:
            URLValidator(schemes=["http", "https"])(video)
        except ValidationError:
            errors["video_url"] = [_("Enter a web address starting with http:// or https://.")]
    sections = {
        code: str(data.get("sections", {}).get(code, "")).strip() for code in rules.CRITERION_CODES
    }
    if errors:
        raise ValidationError(errors)
    return {
        "title": data["title"].strip(),
        "unit_name": data["unit_name"].strip(),
        "group": data["group"],
        "video_url": video,
        "sections": sections,
    }


@transaction.atomic
def proposal_create(
    *,
    actor: User | None,
    call: Call,
    region: Wilayah,
    today: dt.date | None = None,
    **data: Any,
) -> Proposal:
    """Draft a region's proposal to an open call."""
    _require_open(call, today)
    if region.level != Wilayah.REGION:
        raise ValidationError({"region": _("Choose a regency or city.")})
    clean = _clean_proposal(call, data)
    proposal = Proposal.objects.create(call=call, region=region, created_by=actor, **clean)
    audit.record(actor=actor, action="competition.proposal.create", instance=proposal)
    return proposal


@transaction.atomic
def proposal_update(
    *, actor: User | None, proposal: Proposal, today: dt.date | None = None, **data: Any
) -> Proposal:
    """Change a proposal until the deadline."""
    _require_open(proposal.call, today)
    clean = _clean_proposal(proposal.call, data)
    before = snapshot(proposal)
    for key, value in clean.items():
        setattr(proposal, key, value)
    proposal.save()
    audit.record(
        actor=actor, action="competition.proposal.update", instance=proposal, before=before
    )
    return proposal


@transaction.atomic
def proposal_submit(
    *, actor: User | None, proposal: Proposal, today: dt.date | None = None
) -> Proposal:
    """Hand a complete proposal in; it stays editable until the deadline."""
    _require_open(proposal.call, today)
    missing = [code for code in rules.CRITERION_CODES if not proposal.sections.get(code)]
    if missing:
        raise ValidationError(
            {f"section_{code}": [_("Fill in this section before submitting.")] for code in missing}
        )
    if proposal.status == ProposalStatus.SUBMITTED:
        return proposal
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="competition.proposal.submit",
        instance=proposal,
        before={"status": ProposalStatus.DRAFT},
        after={"status": proposal.status},
    )
    return proposal


@transaction.atomic
def attachment_add(
    *,
    actor: User | None,
    proposal: Proposal,
    upload: UploadedFile,
    today: dt.date | None = None,
) -> Attachment:
    """Store a checked PDF or image under a generated name outside the web root."""
    _require_open(proposal.call, today)
    name, ext, content_type = uploads.check_upload(upload)
    if proposal.attachments.count() >= 10:
        raise ValidationError({"file": _("At most 10 attachments per proposal.")})
    stored = default_storage.save(uploads.storage_name(proposal.pk, ext), upload)
    attachment = Attachment.objects.create(
        proposal=proposal,
        file=stored,
        original_name=name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    audit.record(actor=actor, action="competition.attachment.add", instance=attachment)
    return attachment


@transaction.atomic
def proposal_check(*, actor: User | None, proposal: Proposal, passed: bool, note: str) -> Proposal:
    """Record the administrative check of a submitted proposal."""
    if proposal.call.stage != CallStage.ADMIN_CHECK:
        raise ValidationError({"__all__": _("The administrative check is not open.")})
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError({"__all__": _("Only submitted proposals are checked.")})
    if not passed and not note.strip():
        raise ValidationError({"note": _("Say why the proposal fails the check.")})
    before = snapshot(proposal, ["admin_check", "admin_note"])
    proposal.admin_check = AdminCheck.PASSED if passed else AdminCheck.FAILED
    proposal.admin_note = note.strip()
    proposal.save(update_fields=["admin_check", "admin_note", "updated_at"])
    audit.record(actor=actor, action="competition.proposal.check", instance=proposal, before=before)
    return proposal


@transaction.atomic
def evaluator_register(
    *, actor: User | None, user: User, home_region: Wilayah | None, institution: str = ""
) -> Evaluator:
    """Appoint a person as evaluator province-wide, remembering the region they come from."""
    if home_region is not None and home_region.level != Wilayah.REGION:
        raise ValidationError({"home_region": _("Choose a regency or city.")})
    province = Wilayah.objects.get(level=Wilayah.PROVINCE)
    core_services.membership_grant(actor=actor, user=user, wilayah=province, role="evaluator")
    evaluator, _created = Evaluator.objects.update_or_create(
        user=user, defaults={"home_region": home_region, "institution": institution}
    )
    audit.record(actor=actor, action="competition.evaluator.register", instance=evaluator)
    return evaluator


def has_conflict(evaluator: Evaluator, proposal: Proposal) -> bool:
    """An evaluator never scores a proposal from the region they come from."""
    return evaluator.home_region_id is not None and evaluator.home_region_id == proposal.region_id


@transaction.atomic
def assignment_create(*, actor: User | None, proposal: Proposal, evaluator: User) -> Assignment:
    """Assign an evaluator to a proposal, refusing conflicts of interest."""
    record = Evaluator.objects.filter(user=evaluator).first()
    if record is None:
        raise ValidationError({"evaluator": _("This person is not an appointed evaluator.")})
    if proposal.call.stage not in (CallStage.ADMIN_CHECK, CallStage.EVALUATION):
        raise ValidationError({"__all__": _("Evaluators are assigned before and during scoring.")})
    if proposal.status != ProposalStatus.SUBMITTED or proposal.admin_check == AdminCheck.FAILED:
        raise ValidationError({"proposal": _("Only submitted proposals that passed are scored.")})
    if has_conflict(record, proposal):
        raise ValidationError(
            {"evaluator": _("Conflict of interest: the evaluator comes from the proposing region.")}
        )
    if Assignment.objects.filter(proposal=proposal, evaluator=evaluator).exists():
        raise ValidationError({"evaluator": _("This evaluator is already assigned.")})
    assignment = Assignment.objects.create(
        proposal=proposal, evaluator=evaluator, evaluator_region=record.home_region
    )
    audit.record(actor=actor, action="competition.assignment.create", instance=assignment)
    return assignment


@dataclass(frozen=True)
class PlannedAssignment:
    """What automatic assignment would give one proposal, and why it may fall short."""

    proposal: Proposal
    already: int
    chosen: list[Evaluator]
    conflicts: list[Evaluator]
    wanted: int

    @property
    def total(self) -> int:
        return self.already + len(self.chosen)

    @property
    def short(self) -> bool:
        """Whether the proposal ends with fewer evaluators than wanted."""
        return self.total < self.wanted


def auto_assignment_plan(*, call: Call, per_proposal: int = 3) -> list[PlannedAssignment]:
    """Up to ``per_proposal`` evaluators per eligible proposal, least loaded first, with the
    evaluators left out for a conflict of interest named."""
    evaluators = list(Evaluator.objects.select_related("user", "home_region"))
    load = {e.user_id: Assignment.objects.filter(evaluator=e.user).count() for e in evaluators}
    eligible = Proposal.objects.filter(call=call, status=ProposalStatus.SUBMITTED).exclude(
        admin_check=AdminCheck.FAILED
    )
    plan = []
    for proposal in eligible.select_related("region").order_by("pk"):
        taken = set(proposal.assignments.values_list("evaluator_id", flat=True))
        conflicts = [e for e in evaluators if e.user_id not in taken and has_conflict(e, proposal)]
        free = [e for e in evaluators if e.user_id not in taken and not has_conflict(e, proposal)]
        free.sort(key=lambda e: (load[e.user_id], e.user_id))
        chosen = free[: max(per_proposal - len(taken), 0)]
        for evaluator in chosen:
            load[evaluator.user_id] += 1
        plan.append(PlannedAssignment(proposal, len(taken), chosen, conflicts, per_proposal))
    return plan


@transaction.atomic
def assignments_auto(*, actor: User | None, call: Call, per_proposal: int = 3) -> int:
    """Give every eligible proposal up to ``per_proposal`` evaluators, least loaded first."""
    created = 0
    for row in auto_assignment_plan(call=call, per_proposal=per_proposal):
        for evaluator in row.chosen:
            assignment_create(actor=actor, proposal=row.proposal, evaluator=evaluator.user)
            created += 1
    return created


@transaction.atomic
def scores_submit(
    *,
    actor: User,
    assignment: Assignment,
    scores: dict[str, int],
    comments: dict[str, str],
    today: dt.date | None = None,
) -> Assignment:
    """Store an evaluator's criterion scores (0–100) before the evaluation deadline."""
    call = assignment.proposal.call
    if assignment.evaluator_id != actor.pk:
        raise ValidationError({"__all__": _("Only the assigned evaluator scores.")})
    if call.stage != CallStage.EVALUATION or _today(today) > call.evaluation_deadline:
        raise ValidationError(
            {
                "__all__": _("Scoring is closed (evaluation deadline %s).")
                % call.evaluation_deadline.isoformat()
            }
        )
    errors = rules.score_errors(scores)
    if errors:
        raise ValidationError(errors)
    for code in rules.CRITERION_CODES:
        Score.objects.update_or_create(
            assignment=assignment,
            criterion=code,
            defaults={"value": scores[code], "comment": comments.get(code, "").strip()},
        )
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["completed_at"])
    audit.record(
        actor=actor,
        action="competition.scores.submit",
        instance=assignment,
        after={"scores": scores},
    )
    return assignment


@transaction.atomic
def panel_score_submit(*, actor: User, proposal: Proposal, value: int, note: str) -> PanelScore:
    """Store a panelist's presentation score and note for a top-N proposal."""
    if proposal.call.stage != CallStage.PRESENTATION or not proposal.shortlisted:
        raise ValidationError({"__all__": _("Presentations are not being scored now.")})
    if not 0 <= value <= 100:
        raise ValidationError({"value": _("Enter a score between 0 and 100.")})
    panel_score, _created = PanelScore.objects.update_or_create(
        proposal=proposal, panelist=actor, defaults={"value": value, "note": note.strip()}
    )
    audit.record(actor=actor, action="competition.panel.score", instance=panel_score)
    return panel_score
