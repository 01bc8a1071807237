"""The verification workflow: the drafter submits, Bagian Organisasi returns or approves."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import User
from replika.positions.models import AnjabVersion, Position, Status
from replika.positions.rules.blocks import BLOCK_CODES, EDITABLE_CODES
from replika.positions.rules.limits import MAX_TEXT

SUBMITTABLE = (Status.DRAFT, Status.RETURNED)


def plain_number(value: Decimal) -> str:
    """A decimal as people write it, without trailing zeros or an exponent (120, 0.7584)."""
    return format(value.normalize(), "f")


def document_of(position: Position) -> dict[str, Any]:
    """The whole Anjab of a position as one document of blocks (what a version keeps)."""
    doc: dict[str, Any] = {
        "identitas": {
            "nama_jabatan": position.title,
            "kode_jabatan": position.code,
            "jenis": position.kind,
            "unit_kerja": position.org_unit.name,
            "opd": position.opd.name,
            "bezetting": position.holders,
        }
    }
    for code in EDITABLE_CODES:
        doc[code] = position.anjab.get(code, [] if code != "ikhtisar" else "")
        if code == "kualifikasi":
            doc["tugas_pokok"] = [
                {
                    "uraian": t.description,
                    "hasil_kerja": t.output,
                    "satuan": t.output_unit,
                    "volume": plain_number(t.volume),
                    "norma_menit": plain_number(t.norm_minutes),
                }
                for t in position.tasks.all()
            ]
    doc["kelas_jabatan"] = {
        "kelas": position.job_class,
        "total_menit": plain_number(position.total_minutes),
        "kebutuhan": plain_number(position.need),
        "kebutuhan_pegawai": position.need_people,
    }
    return {code: doc[code] for code in BLOCK_CODES}


@transaction.atomic
def anjab_submit(*, actor: User | None, position: Position) -> AnjabVersion:
    """Send the Anjab to Bagian Organisasi as a new version (needs a summary and a task)."""
    caller, position = position, Position.objects.select_for_update().get(pk=position.pk)
    if position.status not in SUBMITTABLE:
        raise ValidationError({"__all__": _("Only a draft or a returned Anjab can be submitted.")})
    errors = {}
    if not str(position.anjab.get("ikhtisar", "")).strip():
        errors["ikhtisar"] = _("Write the job summary (ikhtisar) first.")
    if not position.tasks.exists():
        errors["tasks"] = _("Add at least one task with its volume and time norm.")
    if errors:
        raise ValidationError(errors)
    last = position.versions.order_by("-number").first()
    version = AnjabVersion.objects.create(
        position=position,
        number=(last.number + 1) if last else 1,
        document=document_of(position),
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    position.status = Status.SUBMITTED
    position.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="positions.anjab.submit", instance=version)
    caller.refresh_from_db()
    return version


@transaction.atomic
def anjab_review(
    *,
    actor: User | None,
    position: Position,
    decision: str,
    comments: dict[str, str],
) -> AnjabVersion:
    """Approve the submitted version, or return it with comments per block."""
    caller, position = position, Position.objects.select_for_update().get(pk=position.pk)
    if position.status != Status.SUBMITTED:
        raise ValidationError({"decision": _("There is no submitted version to verify.")})
    if decision not in (Status.APPROVED, Status.RETURNED):
        raise ValidationError({"decision": _("Choose approve or return.")})
    notes = {k: v.strip() for k, v in comments.items() if v and v.strip()}
    unknown = sorted(set(notes) - set(BLOCK_CODES))
    if unknown:
        raise ValidationError({"decision": _("Unknown blocks: %s") % ", ".join(unknown)})
    too_long = [k for k, v in notes.items() if len(v) > MAX_TEXT * 4]
    if too_long:
        raise ValidationError({f"comment_{too_long[0]}": _("At most 2,000 characters.")})
    if decision == Status.RETURNED and not notes:
        raise ValidationError({"decision": _("Say what to fix: comment on at least one block.")})
    version = position.versions.order_by("-number").first()
    if version is None:
        raise ValidationError({"decision": _("There is no submitted version to verify.")})
    now = timezone.now()
    version.decision, version.comments = decision, notes
    version.reviewed_by, version.reviewed_at = actor, now
    version.save()
    position.status = decision
    fields = ["status", "updated_at"]
    if decision == Status.APPROVED:
        position.verified_version = version.number
        position.verified_need_people = version.document["kelas_jabatan"]["kebutuhan_pegawai"]
        position.verified_total_minutes = position.total_minutes
        position.verified_at = now
        fields += ["verified_version", "verified_need_people", "verified_total_minutes"]
        fields += ["verified_at"]
    position.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=f"positions.anjab.{decision}",
        instance=version,
        after={"decision": decision, "blocks": sorted(notes)},
    )
    caller.refresh_from_db()
    return version
