"""Reads of cases, contacts, follow-up lists, clusters and chains."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Window
from django.http import Http404
from django.utils import timezone

from replika.core.access import get_for_user, has_any, regions_for, scoped
from replika.core.activation import live_region_ids
from replika.core.models import Unit, Wilayah
from replika.core.privacy import mask_nik
from replika.outbreak import unit_kinds
from replika.outbreak.models import (
    Case,
    CaseTransfer,
    Cluster,
    Contact,
    ContactStatus,
    Disease,
    FollowUp,
    FollowUpResult,
    LabTest,
    TransferStatus,
)
from replika.outbreak.permissions import (
    FOLLOW_CONTACT,
    MANAGE_CONTACT,
    REPORT_CASE,
    VIEW_CASE,
    VIEW_PERSONAL,
)
from replika.outbreak.rules import contact_window, isolation_end


def shows_personal(user: Any) -> bool:
    """Whether the user sees full NIKs and phone numbers (else masked)."""
    return has_any(user, VIEW_PERSONAL)


def nik_for(user: Any, nik: str) -> str:
    return nik if shows_personal(user) else mask_nik(nik)


def facilities_for(user: Any, perm: str) -> QuerySet[Unit]:
    """The health facilities where the user may act with ``perm``."""
    units = Unit.objects.filter(kind__in=unit_kinds.REPORTING, active=True)
    return scoped(units, user, perm).select_related("region").order_by("region__code", "name")


def warehouses_for(user: Any, perm: str) -> QuerySet[Unit]:
    units = Unit.objects.filter(kind=unit_kinds.WAREHOUSE, active=True)
    return scoped(units, user, perm).order_by("name")


def diseases_for(user: Any, perm: str, *, active_only: bool = True) -> QuerySet[Disease]:
    """The diseases of the regions where the user holds ``perm`` and Pikobar is live.

    The catalogue is region-wide reference data: a facility's staff read their region's
    entries even though their role is held over one unit.
    """
    qs = Disease.objects.select_related("region").filter(
        region_id__in=regions_for(user, perm).values("id"),
    )
    qs = qs.filter(region_id__in=live_region_ids("outbreak"))
    if active_only:
        qs = qs.filter(active=True)
    return qs.order_by("region__code", "name")


def case_list(
    user: Any,
    *,
    disease_id: int | None = None,
    status: str = "",
    query: str = "",
    unit_id: int | None = None,
) -> QuerySet[Case]:
    """Cases the user may see, newest first, filtered."""
    qs = scoped(Case.objects.all(), user, VIEW_CASE).select_related("unit", "disease", "region")
    if disease_id:
        qs = qs.filter(disease_id=disease_id)
    if status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    query = query.strip()
    if query.isdigit() and len(query) == 16:
        qs = qs.filter(nik=query)
    elif query:
        qs = qs.filter(Q(name__icontains=query) | Q(code__iexact=query))
    return qs


def case_for(user: Any, pk: Any, perm: str = VIEW_CASE) -> Case:
    """One case, or 404."""
    qs = Case.objects.select_related("unit", "disease", "region", "location", "cluster")
    return get_for_user(qs, user, pk, perm)


def case_detail(user: Any, case: Case) -> dict[str, Any]:
    """What a case page shows: history, tests, transfers, contacts."""
    contacts = scoped(case.contacts.all(), user, FOLLOW_CONTACT) | scoped(
        case.contacts.all(), user, MANAGE_CONTACT
    )
    return {
        "history": list(case.history.all()),
        "tests": list(case.tests.select_related("lab")),
        "transfers": list(case.transfers.select_related("from_unit", "to_unit")),
        "pending_transfer": case.transfers.filter(status=TransferStatus.PENDING)
        .select_related("to_unit", "to_region")
        .first(),
        "contacts": list(contacts.distinct().order_by("name")),
    }


def contact_for(user: Any, pk: Any, perm: str = FOLLOW_CONTACT) -> Contact:
    qs = Contact.objects.select_related("source_case", "source_case__disease", "unit", "region")
    return get_for_user(qs, user, pk, perm)


def follow_up_for(user: Any, pk: Any) -> FollowUp:
    qs = FollowUp.objects.select_related("contact", "contact__region")
    return get_for_user(qs, user, pk, FOLLOW_CONTACT)


def labtest_for(user: Any, pk: Any, perm: str) -> LabTest:
    return get_for_user(LabTest.objects.select_related("case", "case__disease"), user, pk, perm)


def tracer_list(user: Any, day: dt.date | None = None) -> QuerySet[FollowUp]:
    """A tracer's list for a day: every contact being followed who is due a visit that day,
    the ones not yet recorded first."""
    day = day or timezone.localdate()
    qs = scoped(
        FollowUp.objects.filter(day=day, contact__status=ContactStatus.FOLLOWING),
        user,
        FOLLOW_CONTACT,
    )
    return (
        qs.select_related("contact", "contact__location")
        # Only what the list shows: the contact's columns are then all in the partial index
        # of followed contacts, and PostgreSQL never visits the contact table.
        .only(
            "contact_id",
            "day",
            "result",
            "contact__name",
            "contact__phone",
            "contact__follow_up_until",
            "contact__location__name",
        )
        .order_by("result", "contact__location__name", "contact__name", "pk")
    )


def tracer_counts(rows: QuerySet[FollowUp]) -> dict[str, int]:
    """How many are due on the list, and how many are recorded already."""
    return rows.aggregate(total=Count("pk"), done=Count("pk", filter=~Q(result="")))


def tracer_slice(
    rows: QuerySet[FollowUp], start: int, size: int
) -> tuple[list[FollowUp], int, int]:
    """One page of the list with the list's totals, in a single query.

    The totals ride on every row as window aggregates (COUNT(*) OVER ()), computed over the
    whole list before LIMIT/OFFSET cut the page: a separate COUNT would walk the same
    contacts and follow-up days a second time. Returns (rows, total, done); a page past the
    end has no row to carry the totals, so it falls back to counting.
    """
    entries: list[FollowUp] = list(
        rows.annotate(
            list_total=Window(Count("pk")),
            list_done=Window(Count("pk", filter=~Q(result=""))),
        )[start : start + size]
    )
    if entries:
        first: Any = entries[0]
        return entries, first.list_total, first.list_done
    counts = tracer_counts(rows)
    return entries, counts["total"], counts["done"]


def contact_list(user: Any, *, status: str = "") -> QuerySet[Contact]:
    qs = scoped(Contact.objects.all(), user, FOLLOW_CONTACT).select_related(
        "source_case", "location"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-exposure_date", "name")


def clusters_for(user: Any) -> QuerySet[Cluster]:
    from replika.outbreak.permissions import MANAGE_CLUSTER

    return (
        scoped(Cluster.objects.all(), user, MANAGE_CLUSTER)
        .select_related("disease", "region")
        .annotate(size=Count("cases"))
    )


def cluster_for(user: Any, pk: Any) -> Cluster:
    from replika.outbreak.permissions import MANAGE_CLUSTER

    return get_for_user(Cluster.objects.select_related("disease"), user, pk, MANAGE_CLUSTER)


def chain_graph(user: Any, cluster: Cluster) -> dict[str, Any]:
    """Nodes (cases, and contacts not yet cases) and edges source → target of a cluster."""
    cases = list(scoped(cluster.cases.all(), user, VIEW_CASE).select_related("source_contact"))
    ids = {c.pk for c in cases}
    nodes = [
        {"id": f"c{c.pk}", "label": c.code, "kind": "case", "classification": c.classification}
        for c in cases
    ]
    edges = []
    for case in cases:
        contact = case.source_contact
        if contact is not None and contact.source_case_id in ids:
            edges.append({"source": f"c{contact.source_case_id}", "target": f"c{case.pk}"})
    contacts = scoped(
        Contact.objects.filter(source_case_id__in=ids).exclude(status=ContactStatus.BECAME_CASE),
        user,
        FOLLOW_CONTACT,
    )
    for contact in contacts:
        nodes.append({"id": f"k{contact.pk}", "label": "", "kind": "contact", "classification": ""})
        edges.append({"source": f"c{contact.source_case_id}", "target": f"k{contact.pk}"})
    return {"nodes": nodes, "edges": edges}


def pending_verification(user: Any) -> QuerySet[Case]:
    from replika.outbreak.permissions import VERIFY_CASE

    return scoped(Case.objects.filter(status="pending"), user, VERIFY_CASE).select_related(
        "unit", "disease"
    )


def regions_with(user: Any, perm: str) -> QuerySet[Wilayah]:
    return regions_for(user, perm)


def follow_up_summary(contact: Contact) -> dict[str, int]:
    """How many days were seen, symptomatic, not reached, still to come."""
    counts = dict(contact.follow_ups.values_list("result").annotate(n=Count("pk")))
    return {
        "seen": counts.get(FollowUpResult.SEEN, 0),
        "symptomatic": counts.get(FollowUpResult.SYMPTOMATIC, 0),
        "not_reached": counts.get(FollowUpResult.NOT_REACHED, 0),
        "pending": counts.get("", 0),
    }


def transfer_targets(user: Any, case: Case) -> QuerySet[Unit]:
    """Facilities a case may be sent to: any reporting facility of a region where Pikobar is
    live and the disease is tracked (the receiving Dinas then sees it)."""
    regions = Disease.objects.filter(code=case.disease_code, active=True).values("region_id")
    return (
        Unit.objects.filter(kind__in=unit_kinds.REPORTING, active=True, region_id__in=regions)
        .filter(region_id__in=live_region_ids("outbreak"))
        .exclude(pk=case.unit_id)
        .select_related("region")
        .order_by("region__code", "name")
    )


def incoming_transfers(user: Any) -> QuerySet[CaseTransfer]:
    """Transfers waiting for the user's answer: offered to a facility where the user reports
    cases (its staff, or the receiving region's Dinas). The receiver sees the transfer, not
    the case, until it accepts."""
    units = scoped(Unit.objects.all(), user, REPORT_CASE).filter(
        region_id__in=live_region_ids("outbreak")
    )
    return (
        CaseTransfer.objects.filter(status=TransferStatus.PENDING, to_unit__in=units)
        .select_related("case", "case__disease", "from_unit", "from_region", "to_unit")
        .order_by("at", "pk")
    )


def incoming_transfer_for(user: Any, pk: Any) -> CaseTransfer:
    """A transfer waiting for the user's answer, or 404 (the sender and outsiders get 404)."""
    found = incoming_transfers(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


def may(user: Any, perm: str, row: Any) -> bool:
    """Whether the user holds ``perm`` on this very row (to show a button)."""
    return scoped(type(row).objects.filter(pk=row.pk), user, perm).exists()


def cluster_cases(user: Any, cluster: Cluster) -> list[Case]:
    return list(
        scoped(cluster.cases.all(), user, VIEW_CASE).select_related("unit").order_by("reported_on")
    )


def disease_for(user: Any, pk: Any) -> Disease:
    """A disease of the user's region's catalogue, to adapt."""
    from replika.outbreak.permissions import MANAGE_DISEASE

    return get_for_user(Disease.objects.all(), user, pk, MANAGE_DISEASE)


def holds(user: Any, perm: str) -> bool:
    """Whether the user holds ``perm`` anywhere."""
    return has_any(user, perm)


def window_of(case: Case) -> tuple[dt.date, dt.date] | None:
    """The days on which meeting the case makes someone a contact (None without dates)."""
    specimen = case.tests.order_by("specimen_date").values_list("specimen_date", flat=True).first()
    if case.onset_date is None and specimen is None:
        return None
    return contact_window(
        onset=case.onset_date,
        specimen=specimen,
        before=case.disease.contact_before,
        after=case.disease.contact_after,
    )


def isolation_end_of(case: Case) -> dt.date | None:
    """When the case's isolation ends under its disease's rule (None while unknown)."""
    specimen = case.tests.order_by("specimen_date").values_list("specimen_date", flat=True).first()
    if case.onset_date is None and specimen is None:
        return None
    return isolation_end(
        onset=case.onset_date,
        specimen=specimen,
        symptoms_end=case.symptoms_end,
        days=case.disease.isolation_days,
        symptom_free=case.disease.symptom_free_days,
    )


def follow_up_days_of(contact: Contact) -> list[FollowUp]:
    """A contact's follow-up days, first to last."""
    return list(contact.follow_ups.order_by("day"))


def disease_at(unit: Unit, code: str) -> Disease | None:
    """The disease with this code in the catalogue of a facility's region (the facility
    itself already came through the door)."""
    return Disease.objects.filter(region_id=unit.region_id, code=code, active=True).first()


def diseases_of_regions(region_ids: set[int]) -> list[Disease]:
    """The active diseases of some regions' catalogues."""
    return list(Disease.objects.filter(region_id__in=region_ids, active=True))
