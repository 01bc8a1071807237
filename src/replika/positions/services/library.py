"""The province library: publish an approved position, copy one as a draft to adapt."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import User
from replika.positions.models import LibraryEntry, OrgUnit, Position, Status, Task
from replika.positions.rules import title_key
from replika.positions.rules.blocks import EDITABLE_CODES
from replika.positions.services.abk import position_recompute
from replika.positions.services.structure import position_create
from replika.positions.settings_schema import settings_for


@transaction.atomic
def library_publish(
    *, actor: User | None, position: Position, is_demo: bool = False
) -> LibraryEntry:
    """Publish the approved version of a position to the province library (once a version)."""
    if position.verified_version is None:
        raise ValidationError({"__all__": _("Only an approved position can be published.")})
    if not settings_for(position.region).share_library:
        raise ValidationError({"__all__": _("This region does not share with the library.")})
    version = position.versions.get(number=position.verified_version)
    if LibraryEntry.objects.filter(
        source_position=position, source_version=version.number
    ).exists():
        raise ValidationError({"__all__": _("This version is already in the library.")})
    kelas = version.document.get("kelas_jabatan", {})
    try:
        with transaction.atomic():
            entry = LibraryEntry.objects.create(
                source_region=position.region,
                source_position=position,
                source_version=version.number,
                title=position.title,
                title_key=title_key(position.title),
                kind=position.kind,
                job_class=position.job_class,
                agency_type=position.opd.name,
                document=version.document,
                total_minutes=Decimal(str(kelas.get("total_menit", "0"))),
                need=Decimal(str(kelas.get("kebutuhan", "0"))),
                published_by=actor,
                is_demo=is_demo,
            )
    except IntegrityError:
        raise ValidationError({"__all__": _("This version is already in the library.")}) from None
    audit.record(actor=actor, action="positions.library.publish", instance=entry)
    return entry


@transaction.atomic
def library_copy(
    *, actor: User | None, entry: LibraryEntry, org_unit: OrgUnit, holders: int = 0
) -> Position:
    """Copy a library position into a unit as a draft, keeping the link to its origin."""
    doc = entry.document
    position = position_create(
        actor=actor,
        org_unit=org_unit,
        title=entry.title,
        kind=entry.kind,
        job_class=entry.job_class,
        holders=holders,
        anjab={code: doc.get(code) for code in EDITABLE_CODES if doc.get(code)},
    )
    Task.objects.bulk_create(
        Task(
            position=position,
            order=i,
            description=str(t.get("uraian", ""))[:500],
            output=str(t.get("hasil_kerja", ""))[:200],
            output_unit=str(t.get("satuan", ""))[:60],
            volume=Decimal(str(t.get("volume", "0"))),
            norm_minutes=Decimal(str(t.get("norma_menit", "0"))),
        )
        for i, t in enumerate(doc.get("tugas_pokok") or [], start=1)
    )
    position.origin = entry
    position.status = Status.DRAFT
    position.save(update_fields=["origin", "status", "updated_at"])
    position_recompute(position)
    audit.record(
        actor=actor,
        action="positions.library.copy",
        instance=position,
        after={"origin": entry.pk, "from_region": entry.source_region.code},
    )
    return position
