"""Writes of the replication app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from replika.core import audit, modules
from replika.core.models import User, Wilayah, snapshot
from replika.replication.models import Commitment, Innovation, Stage


def schema_errors(exc: SchemaError) -> dict[str, list[str]]:
    """Pydantic errors as {field: [message, …]} for forms and the API."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "__all__"
        errors.setdefault(field, []).append(error["msg"])
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
) -> Commitment:
    """Record that a region takes up an innovation."""
    if region.level != Wilayah.REGION:
        raise ValidationError({"region": _("Choose a regency or city.")})
    if Commitment.objects.filter(region=region, innovation=innovation).exists():
        raise ValidationError({"innovation": _("This region already has this innovation.")})
    _clean_stage(stage, "")
    commitment = Commitment.objects.create(
        region=region,
        innovation=innovation,
        stage=stage,
        stage_since=timezone.localdate(),
        signed_on=signed_on,
        signatories=signatories,
        notes=notes,
        is_demo=is_demo,
        updated_by=actor,
    )
    audit.record(actor=actor, action="commitment.create", instance=commitment)
    return commitment


@transaction.atomic
def commitment_update(
    *,
    actor: User | None,
    commitment: Commitment,
    stage: str,
    signed_on: dt.date | None,
    signatories: str = "",
    stopped_reason: str = "",
    notes: str = "",
) -> Commitment:
    """Change a commitment's stage and facts."""
    _clean_stage(stage, stopped_reason)
    if signed_on is not None and signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    before = snapshot(commitment)
    if commitment.stage != stage:
        commitment.stage_since = timezone.localdate()
    commitment.stage = stage
    commitment.signed_on = signed_on
    commitment.signatories = signatories
    commitment.stopped_reason = stopped_reason if stage == Stage.STOPPED else ""
    commitment.notes = notes
    commitment.updated_by = actor
    commitment.save()
    audit.record(actor=actor, action="commitment.update", instance=commitment, before=before)
    return commitment


@transaction.atomic
def commitment_settings_update(
    *, actor: User | None, commitment: Commitment, data: dict[str, Any]
) -> modules.ModuleSettings:
    """Validate and store how a region adapts the module (raises ValidationError per field)."""
    module = modules.get_module(commitment.innovation.module_code)
    if module is None:
        raise ValidationError({"__all__": _("This innovation has no module to configure.")})
    try:
        parsed = module.validate_settings(data)
    except SchemaError as exc:
        raise ValidationError(schema_errors(exc)) from exc
    before = {"settings": commitment.settings}
    # Only what differs from the origin region is stored, so the region's document reads as
    # its list of modifications and later improvements to the defaults reach it.
    commitment.settings = parsed.model_dump(mode="json", exclude_defaults=True)
    commitment.updated_by = actor
    commitment.save(update_fields=["settings", "updated_by", "updated_at"])
    audit.record(
        actor=actor,
        action="commitment.settings",
        instance=commitment,
        before=before,
        after={"settings": commitment.settings},
    )
    return parsed
