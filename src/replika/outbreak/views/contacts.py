"""Contacts: the tracer's daily list, a contact's follow-up, clusters and their chains."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.outbreak.forms.cases import ClusterForm, EndDateForm, FollowUpForm, ToCaseForm
from replika.outbreak.models import ContactStatus
from replika.outbreak.permissions import FOLLOW_CONTACT, MANAGE_CLUSTER, MANAGE_CONTACT, REPORT_CASE
from replika.outbreak.selectors import cases as sel
from replika.outbreak.selectors import graph
from replika.outbreak.services import cases as case_services
from replika.outbreak.services import contacts as services

M = "outbreak"
# A phone screen of contacts at a time; the ones not yet recorded come first.
TRACER_PAGE = 40


def _page_number(raw: str | None) -> int:
    """The ?page= asked for; anything that is not a positive whole number means page 1."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return max(number, 1)


@module_page(M, FOLLOW_CONTACT)
def tracer(request: AuthedHttpRequest) -> HttpResponse:
    """Today's follow-up list: one row per contact due a visit, recorded in place."""
    today = timezone.localdate()
    rows = sel.tracer_list(request.user, today)
    number = _page_number(request.GET.get("page"))
    entries, total, done = sel.tracer_slice(rows, (number - 1) * TRACER_PAGE, TRACER_PAGE)
    paginator = Paginator(rows, TRACER_PAGE, allow_empty_first_page=True)
    # The page's query carried the list's length: spare the paginator its own COUNT query.
    paginator.__dict__["count"] = total
    if not entries and number > paginator.num_pages:
        # Past the end (the list shrank, or a hand-typed number): show the last page.
        number = paginator.num_pages
        entries, total, done = sel.tracer_slice(rows, (number - 1) * TRACER_PAGE, TRACER_PAGE)
    page = Page(entries, number, paginator)
    context = {
        "page": page,
        "today": today,
        "total": total,
        "done": done,
        # One reverse() for the whole list: the row links are these plus an id.
        "contact_base": reverse("outbreak:contact", args=[0]).removesuffix("0/"),
        "record_base": reverse("outbreak:follow_up", args=[0]).removesuffix("0/"),
    }
    return render(request, "outbreak/contacts/tracer.html", context)


@module_page(M, FOLLOW_CONTACT)
def follow_up(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Record one day's result (the tracer's list posts here)."""
    entry = sel.follow_up_for(request.user, pk)
    form = FollowUpForm(request.POST or None)
    return form_page(
        request,
        form,
        "outbreak/contacts/follow_up.html",
        save=lambda d: services.follow_up_record(actor=request.user, follow_up=entry, **d),
        done=lambda f: saved(
            request, _("Saved: %(name)s.") % {"name": f.contact.name}, "outbreak:tracer"
        ),
        context={"entry": entry},
    )


@module_page(M, FOLLOW_CONTACT)
def contact_list(request: AuthedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ContactStatus.values:
        status = ""
    page = Paginator(sel.contact_list(request.user, status=status), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outbreak/contacts/list.html",
        {"page": page, "status": status, "statuses": ContactStatus.choices},
    )


@module_page(M, FOLLOW_CONTACT)
def contact_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    contact = sel.contact_for(request.user, pk)
    context = {
        "contact": contact,
        "days": sel.follow_up_days_of(contact),
        "summary": sel.follow_up_summary(contact),
        "end_form": EndDateForm(initial={"until": contact.follow_up_until}),
        "can_manage": sel.may(request.user, MANAGE_CONTACT, contact),
        "can_report": sel.may(request.user, REPORT_CASE, contact),
        "nik": sel.nik_for(request.user, contact.nik),
    }
    return render(request, "outbreak/contacts/detail.html", context)


@module_page(M, MANAGE_CONTACT)
def contact_end(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    contact = sel.contact_for(request.user, pk, MANAGE_CONTACT)
    form = EndDateForm(request.POST or None, initial={"until": contact.follow_up_until})
    return form_page(
        request,
        form,
        "outbreak/contacts/step.html",
        save=lambda d: services.contact_set_end(actor=request.user, contact=contact, **d),
        done=lambda k: saved(
            request, _("Follow-up end date changed."), "outbreak:contact", pk=k.pk
        ),
        context={"contact": contact, "title": _("Change the follow-up end date")},
    )


@module_page(M, REPORT_CASE)
def contact_to_case(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A symptomatic contact becomes a case in one step."""
    contact = sel.contact_for(request.user, pk, REPORT_CASE)
    form = ToCaseForm(
        request.POST or None,
        disease=contact.source_case.disease,
        initial={"onset_date": timezone.localdate(), "nik": contact.nik},
    )
    return form_page(
        request,
        form,
        "outbreak/contacts/step.html",
        save=lambda d: services.contact_to_case(actor=request.user, contact=contact, **d),
        done=lambda case: saved(
            request,
            _("%(name)s is now case %(code)s.") % {"name": contact.name, "code": case.code},
            "outbreak:case",
            pk=case.pk,
        ),
        context={"contact": contact, "title": _("Report this contact as a case")},
    )


@module_page(M, MANAGE_CLUSTER)
def clusters(request: AuthedHttpRequest) -> HttpResponse:
    form = ClusterForm(
        request.POST or None,
        diseases=sel.diseases_for(request.user, MANAGE_CLUSTER),
        initial={"opened_on": timezone.localdate()},
    )
    return form_page(
        request,
        form,
        "outbreak/contacts/clusters.html",
        save=lambda d: case_services.cluster_create(actor=request.user, **d),
        done=lambda c: saved(request, _("Cluster opened."), "outbreak:cluster", pk=c.pk),
        context={"clusters": sel.clusters_for(request.user).order_by("-opened_on")[:200]},
    )


@module_page(M, MANAGE_CLUSTER)
def cluster_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A cluster's chain of transmission, drawn as a graph."""
    cluster = sel.cluster_for(request.user, pk)
    chain = sel.chain_graph(request.user, cluster)
    drawing = graph.layout(chain)
    return render(
        request,
        "outbreak/contacts/cluster.html",
        {
            "cluster": cluster,
            "chain": chain,
            "drawing": drawing,
            "cases": sel.cluster_cases(request.user, cluster),
        },
    )


urlpatterns = [
    path("pelacakan/", tracer, name="tracer"),
    path("pelacakan/<int:pk>/", follow_up, name="follow_up"),
    path("kontak/", contact_list, name="contacts"),
    path("kontak/<int:pk>/", contact_detail, name="contact"),
    path("kontak/<int:pk>/akhir/", contact_end, name="contact_end"),
    path("kontak/<int:pk>/jadi-kasus/", contact_to_case, name="contact_to_case"),
    path("klaster/", clusters, name="clusters"),
    path("klaster/<int:pk>/", cluster_detail, name="cluster"),
]
