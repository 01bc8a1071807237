"""Entries from the session page: each written once, whatever the number of sendings.

The page gives every entry an id when the cadre types it; its outbox may send the entry
again (offline, then the answer lost, then a second sync). The first sending writes the
month and keeps the id (``SessionEntry``, unique); a later sending finds it and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from replika.core.models import User
from replika.nutrition.models import Child, Measurement, SessionEntry, Source
from replika.nutrition.services.measurements import measurement_record


def _done(key: uuid.UUID, child: Child) -> Measurement | None:
    """The month an entry already wrote (refused when the id belongs to another child)."""
    found = SessionEntry.objects.filter(key=key).select_related("measurement").first()
    if found is None:
        return None
    if found.measurement.child_id != child.pk:
        raise ValidationError({"entry": _("This entry id was already used for another child.")})
    return found.measurement


@transaction.atomic
def _write(
    *,
    actor: User,
    child: Child,
    entry: uuid.UUID | None,
    revision: str | None,
    confirmed: bool,
    visit_date: dt.date,
    values: dict[str, Decimal | str | bool | None],
) -> tuple[Measurement, bool]:
    # The child's row lock first, so that two sendings of one entry queue up here.
    list(Child.objects.select_for_update().filter(pk=child.pk).values_list("pk", flat=True))
    if entry is not None:
        done = _done(entry, child)
        if done is not None:
            return done, True
    measurement = measurement_record(
        actor=actor,
        child=child,
        visit_date=visit_date,
        source=Source.SESSION,
        guard_stale=revision is not None,
        revision=revision or "",
        confirmed=confirmed,
        locked=True,
        **values,  # type: ignore[arg-type]
    )
    if entry is not None:
        SessionEntry.objects.create(key=entry, measurement=measurement)
    return measurement, False


def session_entry_record(
    *,
    actor: User,
    child: Child,
    entry: uuid.UUID | None,
    revision: str | None,
    confirmed: bool,
    visit_date: dt.date,
    values: dict[str, Decimal | str | bool | None],
) -> tuple[Measurement, bool]:
    """Record one session entry; returns the month and whether the entry was a replay.

    ``revision`` is the month's revision the cadre's page showed ("" for none): a month
    changed meanwhile is refused as a conflict (``measurement_record``'s ``guard_stale``);
    ``None`` writes without that check (a client that does not send it).
    """
    kwargs = {
        "actor": actor,
        "child": child,
        "entry": entry,
        "revision": revision,
        "confirmed": confirmed,
        "visit_date": visit_date,
        "values": values,
    }
    try:
        return _write(**kwargs)  # type: ignore[arg-type]
    except IntegrityError:
        # A parallel sending of the same entry won the unique id: it is the one write.
        done = _done(entry, child) if entry is not None else None
        if done is None:
            raise
        return done, True
