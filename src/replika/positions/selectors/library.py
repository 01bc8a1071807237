"""Reads of the province library: open to anyone who may use it, in any live region."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from replika.core.access import has_any
from replika.core.activation import live_region_ids
from replika.core.models import User
from replika.positions.models import LibraryEntry
from replika.positions.rules import title_key

MAX_RESULTS = 100


def library_search(
    user: User | None, perm: str, *, q: str = "", kind: str = "", agency: str = ""
) -> QuerySet[LibraryEntry]:
    """Published positions matching a title, a kind and an agency (nothing without ``perm``).

    The library is shared on purpose between the regions where SI JABPRI is live; it holds
    no person, so it is not scoped to the reader's region.
    """
    if user is None or not has_any(user, perm):
        return LibraryEntry.objects.none()
    qs = LibraryEntry.objects.filter(source_region_id__in=live_region_ids("positions"))
    for word in title_key(q).split() if q.strip() else []:
        qs = qs.filter(title_key__contains=word)
    if kind:
        qs = qs.filter(kind=kind)
    if agency.strip():
        qs = qs.filter(Q(agency_type__icontains=agency.strip()))
    return qs.select_related("source_region").order_by("title", "-published_at")


def library_entry(user: User | None, pk: Any, perm: str) -> LibraryEntry:
    """One published position (404 when missing or when the user may not use the library)."""
    entry = library_search(user, perm).filter(pk=pk).first() if str(pk).isdigit() else None
    if entry is None:
        raise Http404
    return entry
