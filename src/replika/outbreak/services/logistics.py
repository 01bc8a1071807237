"""Logistics: a facility asks (with a letter), the Dinas verifies, approves and sends
(substitutions allowed), the facility confirms receipt; warehouses keep stock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import Unit, User
from replika.core.uploads import check_evidence
from replika.outbreak import unit_kinds
from replika.outbreak.models import Item, LogisticsRequest, Priority, RequestLine, Stock
from replika.outbreak.rules import catalogue as lifecycle
from replika.outbreak.services.common import plain_snapshot, require_kind, save_audited

MAX_QUANTITY = 1_000_000
MAX_LETTER_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class LineIn:
    """One item asked for."""

    item: Item
    quantity: int
    usage: str = ""
    priority: str = Priority.MEDIUM


@dataclass(frozen=True)
class RealisedIn:
    """What is sent for one requested line (another item when substituted)."""

    line_id: int
    item: Item
    quantity: int


def _check_quantity(field: str, quantity: int, minimum: int = 1) -> None:
    if not minimum <= quantity <= MAX_QUANTITY:
        raise ValidationError(
            {field: _("Enter a quantity from %(low)s to 1,000,000.") % {"low": minimum}}
        )


def _check_letter(letter: UploadedFile | None) -> str:
    """The letter's display name once it passed the upload checks ('' without a letter)."""
    if letter is None:
        return ""
    checked = check_evidence(letter, field="letter", max_bytes=MAX_LETTER_BYTES)
    if checked.content_type != "application/pdf":
        raise ValidationError({"letter": _("The letter must be a PDF file.")})
    return checked.display_name


@transaction.atomic
def request_submit(
    *,
    actor: User | None,
    unit: Unit,
    applicant: str,
    letter_number: str,
    lines: list[LineIn],
    letter: UploadedFile | None = None,
    note: str = "",
) -> LogisticsRequest:
    """A facility asks for items with a letter; every line needs an item and a quantity."""
    require_kind("unit", unit, unit_kinds.REPORTING, _("Requests come from a health facility."))
    if not applicant.strip():
        raise ValidationError({"applicant": _("Enter the applicant's name.")})
    if not letter_number.strip():
        raise ValidationError({"letter_number": _("Enter the letter number.")})
    if not lines:
        raise ValidationError({"lines": _("Ask for at least one item.")})
    for line in lines:
        _check_quantity("lines", line.quantity)
        if line.priority not in Priority.values:
            raise ValidationError({"lines": _("Choose a priority.")})
    letter_name = _check_letter(letter)
    request = LogisticsRequest(
        letter_name=letter_name,
        region=unit.region,
        unit=unit,
        applicant=applicant.strip(),
        letter_number=letter_number.strip(),
        note=note[:255],
        created_by=actor,
    )
    if letter is not None:
        request.letter = letter
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"letter_number": _("This facility already sent a request with this letter number.")}
        ) from exc
    RequestLine.objects.bulk_create(
        [
            RequestLine(
                request=request,
                item=line.item,
                quantity=line.quantity,
                usage=line.usage[:120],
                priority=line.priority,
            )
            for line in lines
        ]
    )
    audit.record(
        actor=actor,
        action="outbreak.logistics.submit",
        instance=request,
        after=plain_snapshot(request),
    )
    return request


def _move(actor: User | None, request: LogisticsRequest, target: str, **changes: Any) -> None:
    if not lifecycle.can_move(lifecycle.REQUEST_MOVES, request.status, target):
        raise ValidationError(
            {
                "status": _("A request that is %(status)s cannot be moved there.")
                % {"status": request.get_status_display()}
            }
        )
    save_audited(
        request, actor=actor, action=f"outbreak.logistics.{target}", status=target, **changes
    )


@transaction.atomic
def request_verify(*, actor: User | None, request: LogisticsRequest) -> LogisticsRequest:
    """The Dinas checks the letter and the lines."""
    _move(actor, request, lifecycle.LOG_VERIFIED)
    return request


@transaction.atomic
def request_reject(*, actor: User | None, request: LogisticsRequest, note: str) -> LogisticsRequest:
    """The Dinas refuses a request, saying why."""
    if not note.strip():
        raise ValidationError({"note": _("Say why the request is rejected.")})
    _move(actor, request, lifecycle.REJECTED, note=note.strip()[:255], decided_at=timezone.now())
    return request


@transaction.atomic
def request_approve(
    *, actor: User | None, request: LogisticsRequest, warehouse: Unit
) -> LogisticsRequest:
    """The Dinas approves a verified request, naming the warehouse that will send it."""
    require_kind("warehouse", warehouse, (unit_kinds.WAREHOUSE,), _("Choose a pharmacy warehouse."))
    if warehouse.region_id != request.region_id:
        raise ValidationError({"warehouse": _("Choose a warehouse of the same region.")})
    _move(actor, request, lifecycle.APPROVED, warehouse=warehouse, decided_at=timezone.now())
    return request


@transaction.atomic
def request_realise(
    *, actor: User | None, request: LogisticsRequest, sent: list[RealisedIn]
) -> LogisticsRequest:
    """Send the approved items from the warehouse: every line needs a realisation line
    (a substitute item is allowed; zero when nothing could be sent); stock goes down."""
    lines = {line.pk: line for line in request.lines.select_for_update()}
    given = {s.line_id: s for s in sent}
    if set(given) != set(lines):
        raise ValidationError({"lines": _("Every requested line needs a realisation line.")})
    if request.warehouse is None:
        raise ValidationError({"warehouse": _("The request has no warehouse yet.")})
    for realised in sent:
        _check_quantity("lines", realised.quantity, minimum=0)
        if realised.quantity == 0:
            continue
        updated = Stock.objects.filter(
            warehouse=request.warehouse, item=realised.item, quantity__gte=realised.quantity
        ).update(quantity=F("quantity") - realised.quantity)
        if not updated:
            raise ValidationError(
                {"lines": _("Not enough %(item)s in stock.") % {"item": realised.item}}
            )
    for line_id, realised in given.items():
        line = lines[line_id]
        line.realised_item = realised.item
        line.realised_quantity = realised.quantity
        line.save(update_fields=["realised_item", "realised_quantity"])
    _move(actor, request, lifecycle.REALISED)
    return request


@transaction.atomic
def request_receive(*, actor: User | None, request: LogisticsRequest) -> LogisticsRequest:
    """The facility confirms it received what was sent; what was sent (substitutes as sent)
    is added to the facility's own stock."""
    _move(actor, request, lifecycle.RECEIVED)
    received: dict[int, tuple[Item, int]] = {}
    for line in request.lines.select_related("realised_item"):
        if line.realised_item is None or not line.realised_quantity:
            continue
        item, quantity = received.get(line.realised_item.pk, (line.realised_item, 0))
        received[item.pk] = (item, quantity + line.realised_quantity)
    for item, quantity in received.values():
        stock, _created = Stock.objects.select_for_update().get_or_create(
            warehouse=request.unit, item=item, defaults={"region": request.region, "quantity": 0}
        )
        save_audited(
            stock,
            actor=actor,
            action="outbreak.stock.receive",
            extra={"request": request.pk, "received": quantity},
            quantity=stock.quantity + quantity,
        )
    return request


@transaction.atomic
def stock_set(*, actor: User | None, warehouse: Unit, item: Item, quantity: int) -> Stock:
    """Set a warehouse's stock of an item after a count or a delivery."""
    require_kind("warehouse", warehouse, (unit_kinds.WAREHOUSE,), _("Choose a pharmacy warehouse."))
    _check_quantity("quantity", quantity, minimum=0)
    stock, created = Stock.objects.select_for_update().get_or_create(
        warehouse=warehouse, item=item, defaults={"region": warehouse.region, "quantity": quantity}
    )
    if created:
        audit.record(actor=actor, action="outbreak.stock.set", instance=stock)
    else:
        save_audited(stock, actor=actor, action="outbreak.stock.set", quantity=quantity)
    return stock
