"""Writes of the replication app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from replika.core import audit, modules
from replika.core.activation import forget_settings
from replika.core.models import User, Wilayah, snapshot
from replika.core.schema_forms import schema_error_message
from replika.core.uploads import check_evidence
from replika.replication import rules
from replika.replication.models import (
    Commitment,
    Innovation,
    MentoringSession,
    Milestone,
    MilestoneComment,
    MilestoneEvidence,
    MilestoneStatus,
    Stage,
    StageChange,
)


def schema_errors(exc: SchemaError) -> dict[str, list[str]]:
    """Pydantic errors as {field: [message, …]} for forms and the API."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "__all__"
        errors.setdefault(field, []).append(schema_error_message(error))
    return errors


def _clean_stage(stage: str, stopped_reason: str) -> None:
    """A stopped commitment must say why."""
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    if stage == Stage.STOPPED and not stopped_reason.strip():
        raise ValidationError({"stopped_reason": _("Say why the replication stopped.")})


@transaction.atomic
def commitment_create(
    *,
    actor: User | None,
    region: Wilayah,
    innovation: Innovation,
    stage: str = Stage.IDENTIFIED,
    signed_on: dt.date | None = None,
    signatories: str = "",
    notes: str = "",
    is_demo: bool = False,
    since: dt.date | None = None,
) -> Commitment:
    """Record that a region takes up an innovation (``since``: when, if not today)."""
    if region.level != Wilayah.REGION:
        raise ValidationError({"region": _("Choose a regency or city.")})
    if Commitment.objects.filter(region=region, innovation=innovation).exists():
        raise ValidationError({"innovation": _("This region already has this innovation.")})
    _clean_stage(stage, "")
    if signed_on is not None and signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    since = since or timezone.localdate()
    if since > timezone.localdate():
        raise ValidationError({"since": _("The date cannot be in the future.")})
    commitment = Commitment.objects.create(
        region=region,
        innovation=innovation,
        stage=stage,
        stage_since=since,
        signed_on=signed_on,
        signatories=signatories,
        notes=notes,
        is_demo=is_demo,
        updated_by=actor,
    )
    StageChange.objects.create(
        commitment=commitment, from_stage="", to_stage=stage, on=since, by=actor
    )
    audit.record(actor=actor, action="commitment.create", instance=commitment)
    forget_settings()  # the rest of this request sees the new stage
    return commitment


@transaction.atomic
def commitment_update(
    *,
    actor: User | None,
    commitment: Commitment,
    signed_on: dt.date | None,
    signatories: str = "",
    notes: str = "",
) -> Commitment:
    """Change a commitment's facts (its stage moves only through ``commitment_transition``)."""
    if signed_on is not None and signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    before = snapshot(commitment)
    commitment.signed_on = signed_on
    commitment.signatories = signatories
    commitment.notes = notes
    commitment.updated_by = actor
    commitment.save()
    audit.record(actor=actor, action="commitment.update", instance=commitment, before=before)
    forget_settings()  # the rest of this request sees the new stage
    return commitment


@transaction.atomic
def commitment_transition(
    *,
    actor: User | None,
    commitment: Commitment,
    to_stage: str,
    on: dt.date | None = None,
    note: str = "",
    evidence: UploadedFile | None = None,
) -> StageChange:
    """Move a commitment to another stage, keeping the dated, attributed history."""
    on = on or timezone.localdate()
    problem = rules.transition_problem(commitment.stage, to_stage, note)
    if problem:
        field = "note" if to_stage == Stage.STOPPED and "why" in problem else "to_stage"
        raise ValidationError({field: _(problem)})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if commitment.stage_since and on < commitment.stage_since:
        raise ValidationError({"on": _("The date is before the current stage began.")})
    checked = check_evidence(evidence, "evidence") if evidence is not None else None
    change = StageChange(
        commitment=commitment,
        from_stage=commitment.stage,
        to_stage=to_stage,
        on=on,
        by=actor,
        note=note,
        evidence_name=checked.display_name if checked else "",
    )
    if evidence is not None:
        change.evidence.save(evidence.name or "evidence", evidence, save=False)
    change.save()
    before = snapshot(commitment, ["stage", "stage_since", "stopped_reason"])
    commitment.stage = to_stage
    commitment.stage_since = on
    commitment.stopped_reason = note if to_stage == Stage.STOPPED else ""
    commitment.updated_by = actor
    commitment.save(
        update_fields=["stage", "stage_since", "stopped_reason", "updated_by", "updated_at"]
    )
    audit.record(
        actor=actor,
        action="commitment.transition",
        instance=commitment,
        before=before,
        after=snapshot(commitment, ["stage", "stage_since", "stopped_reason"]),
    )
    forget_settings()  # the rest of this request sees the new stage
    return change


_UNSET = object()


@transaction.atomic
def commitment_settings_update(
    *,
    actor: User | None,
    commitment: Commitment,
    data: dict[str, Any],
    reasons: dict[str, str] | None = None,
) -> modules.ModuleSettings:
    """Validate and store how a region adapts the module (raises ValidationError per field)."""
    module = modules.get_module(commitment.innovation.module_code)
    if module is None:
        raise ValidationError({"__all__": _("This innovation has no module to configure.")})
    try:
        parsed = module.validate_settings(data)
    except SchemaError as exc:
        raise ValidationError(schema_errors(exc)) from exc
    if module.settings_check is not None:
        current = module.validate_settings(commitment.settings)
        stranded = module.settings_check(commitment.region, current, parsed)
        if stranded:
            raise ValidationError(stranded)
    before = {"settings": commitment.settings}
    # Only what differs from the origin region is stored, so the region's document reads as
    # its list of modifications and later improvements to the defaults reach it.
    modified = parsed.model_dump(mode="json", exclude_defaults=True)
    given = {k: v.strip() for k, v in (reasons or {}).items() if v and v.strip()}
    # A modification kept as it was keeps its reason; a new or changed one needs its own:
    # the adaptation record exists to say why a region departs from the origin.
    unchanged = {k for k, v in modified.items() if commitment.settings.get(k, _UNSET) == v}
    kept = {k: v for k, v in commitment.settings_reasons.items() if k in unchanged}
    merged = {**kept, **given}
    missing = [k for k in modified if k not in unchanged and not merged.get(k)]
    if missing:
        raise ValidationError(
            {
                f"{name}__reason": _("Say why the region changes this from the origin's choice.")
                for name in missing
            }
        )
    commitment.settings = modified
    # A reason is kept only for a setting that is actually modified.
    commitment.settings_reasons = {k: v for k, v in merged.items() if k in modified}
    commitment.updated_by = actor
    commitment.save(update_fields=["settings", "settings_reasons", "updated_by", "updated_at"])
    forget_settings()  # the rest of this request reads the new settings
    audit.record(
        actor=actor,
        action="commitment.settings",
        instance=commitment,
        before=before,
        after={"settings": commitment.settings},
    )
    return parsed


def _clean_milestone(title: str, owner: str, due_on: dt.date | None) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Name the milestone.")
    if not owner.strip():
        errors["owner"] = _("Say who is responsible.")
    if due_on is None:
        errors["due_on"] = _("Give a due date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def milestone_create(
    *,
    actor: User | None,
    commitment: Commitment,
    title: str,
    owner: str,
    due_on: dt.date,
    from_session: MentoringSession | None = None,
) -> Milestone:
    """Add a step to the region's action plan."""
    _clean_milestone(title, owner, due_on)
    milestone = Milestone.objects.create(
        commitment=commitment,
        title=title.strip(),
        owner=owner.strip(),
        due_on=due_on,
        from_session=from_session,
        created_by=actor,
    )
    audit.record(actor=actor, action="milestone.create", instance=milestone)
    return milestone


@transaction.atomic
def milestone_update(
    *,
    actor: User | None,
    milestone: Milestone,
    title: str,
    owner: str,
    due_on: dt.date,
    status: str,
) -> Milestone:
    """Change a milestone; marking it done dates it."""
    _clean_milestone(title, owner, due_on)
    if status not in MilestoneStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    before = snapshot(milestone)
    if status == MilestoneStatus.DONE and milestone.status != MilestoneStatus.DONE:
        milestone.done_on = timezone.localdate()
    elif status != MilestoneStatus.DONE:
        milestone.done_on = None
    milestone.title, milestone.owner, milestone.due_on = title.strip(), owner.strip(), due_on
    milestone.status = status
    milestone.save()
    audit.record(actor=actor, action="milestone.update", instance=milestone, before=before)
    return milestone


@transaction.atomic
def milestone_evidence_add(
    *, actor: User | None, milestone: Milestone, upload: UploadedFile
) -> MilestoneEvidence:
    """Attach a checked PDF or image to a milestone."""
    checked = check_evidence(upload, "file")
    evidence = MilestoneEvidence(
        milestone=milestone,
        name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    evidence.file.save(checked.display_name, upload, save=False)
    evidence.save()
    audit.record(
        actor=actor,
        action="milestone.evidence",
        instance=milestone,
        after={"evidence": checked.display_name},
    )
    return evidence


@transaction.atomic
def milestone_comment_add(
    *, actor: User | None, milestone: Milestone, body: str
) -> MilestoneComment:
    """Comment on a milestone."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    if len(body) > 4000:
        raise ValidationError({"body": _("At most 4000 characters.")})
    comment = MilestoneComment.objects.create(milestone=milestone, author=actor, body=body)
    audit.record(
        actor=actor, action="milestone.comment", instance=milestone, after={"comment": comment.pk}
    )
    return comment


def parse_follow_ups(text: str, default_due: dt.date) -> list[tuple[str, str, dt.date]]:
    """Follow-ups typed one a line as ``what; who; YYYY-MM-DD`` (who and date optional)."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in line.split(";")]
        if not parts[0]:
            continue
        owner = parts[1] if len(parts) > 1 and parts[1] else _("region team")
        due = default_due
        if len(parts) > 2 and parts[2]:
            try:
                due = dt.date.fromisoformat(parts[2])
            except ValueError as exc:
                raise ValidationError(
                    {"follow_ups": _("Line %(n)d: the date must be YYYY-MM-DD.") % {"n": number}}
                ) from exc
        items.append((parts[0][:200], owner[:120], due))
    return items


@transaction.atomic
def mentoring_log(
    *,
    actor: User | None,
    commitment: Commitment,
    held_on: dt.date,
    topics: str,
    participants: str = "",
    notes: str = "",
    follow_ups: str = "",
) -> MentoringSession:
    """Record a mentoring session; each agreed follow-up becomes a tracked milestone."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    if not topics.strip():
        raise ValidationError({"topics": _("Say what was discussed.")})
    items = parse_follow_ups(follow_ups, held_on + dt.timedelta(days=30))
    session = MentoringSession.objects.create(
        commitment=commitment,
        held_on=held_on,
        mentor=actor,
        participants=participants.strip(),
        topics=topics.strip(),
        notes=notes.strip(),
    )
    for title, owner, due in items:
        milestone_create(
            actor=actor,
            commitment=commitment,
            title=title,
            owner=owner,
            due_on=due,
            from_session=session,
        )
    audit.record(actor=actor, action="mentoring.log", instance=session)
    return session


@transaction.atomic
def innovation_add(*, actor: User | None, data: dict[str, Any]) -> Innovation:
    """Add a candidate innovation to the catalogue (a slug code is derived from its acronym)."""
    from django.utils.text import slugify

    base = slugify(data["acronym"])[:36] or "inovasi"
    code, n = base, 2
    while Innovation.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    if Innovation.objects.filter(acronym__iexact=data["acronym"].strip()).exists():
        raise ValidationError({"acronym": _("An innovation with this acronym exists already.")})
    innovation = Innovation(code=code, **data)
    innovation.full_clean()
    innovation.save()
    audit.record(actor=actor, action="innovation.add", instance=innovation)
    return innovation
