"""Pages where administrators give people roles in the regions they manage."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core import onboarding, services
from replika.core.access import can_in, get_for_user, grants, has_any, regions_for, scoped
from replika.core.forms import ImportFileForm, InvitationForm, MemberForm
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.core.models import Membership, RoleRequest, RoleRequestStatus, Unit, Wilayah
from replika.core.roles import MANAGE_MEMBERS, ROLES, Scope, role_label
from replika.core.units import aliases, run_upload


def _manages_province(user: Any) -> bool:
    return any(
        g.level == Wilayah.PROVINCE and g.unit_path is None for g in grants(user, MANAGE_MEMBERS)
    )


def _role_choices(user: Any) -> list[tuple[str, str]]:
    """Roles this administrator may hand out: province roles only from the province."""
    province = _manages_province(user)
    return [
        (role.code, str(role.label))
        for role in ROLES.values()
        if province or role.scope != Scope.PROVINCE
    ]


def _places(user: Any) -> QuerySet[Wilayah]:
    """The province (for province admins), the managed kab/kota and their kecamatan."""
    regions = regions_for(user, MANAGE_MEMBERS)
    codes = list(regions.values_list("code", flat=True))
    condition = Q(code__in=codes) | Q(level=Wilayah.DISTRICT, parent__code__in=codes)
    if _manages_province(user):
        condition |= Q(level=Wilayah.PROVINCE)
    return Wilayah.objects.filter(condition).order_by("code")


def _form(request: HttpRequest, data: Any = None) -> MemberForm:
    user = request.user
    return MemberForm(
        data,
        roles=_role_choices(user),
        places=_places(user),
        units=scoped(Unit.objects.filter(active=True), user, MANAGE_MEMBERS).select_related(
            "region"
        ),
    )


@login_required
def member_list(request: AuthedHttpRequest) -> HttpResponse:
    """Everyone holding a role in the regions the user manages, and a form to add one."""
    if not has_any(request.user, MANAGE_MEMBERS):
        raise Http404
    memberships = scoped(Membership.objects.all(), request.user, MANAGE_MEMBERS).select_related(
        "user", "wilayah", "unit"
    )
    query = request.GET.get("q", "").strip()
    if query:
        memberships = memberships.filter(
            Q(user__username__icontains=query) | Q(user__full_name__icontains=query)
        )
    page = Paginator(memberships.order_by("wilayah__code", "user__username"), 50).get_page(
        request.GET.get("page")
    )
    return form_page(
        request,
        _form(request, request.POST or None),
        "core/members.html",
        save=lambda data: _member_add(request, data),
        done=lambda result: _member_added(request, result),
        context={"page": page, "q": query, "requests": _pending_requests(request)},
    )


def _pending_requests(request: AuthedHttpRequest) -> list[dict[str, Any]]:
    """Pending role requests in the managed places, each with whether this user may decide."""
    pending = (
        scoped(RoleRequest.objects.all(), request.user, MANAGE_MEMBERS)
        .filter(status=RoleRequestStatus.PENDING)
        .select_related("user", "requested_by", "wilayah", "unit")
        .order_by("created_at")
    )
    return [
        {
            "request": row,
            "role": role_label(row.role),
            "refusal": services.role_request_refusal(actor=request.user, request=row),
        }
        for row in pending[:100]
    ]


def _member_added(request: AuthedHttpRequest, result: Membership | RoleRequest) -> HttpResponse:
    """Say whether the role was given or is waiting for a second administrator."""
    if isinstance(result, RoleRequest):
        message = _(
            "This role opens personal data: it was sent to a second administrator for approval."
        )
        return saved(request, message, "core:members")
    return saved(request, _("The role was given."), "core:members")


def _member_add(request: AuthedHttpRequest, data: dict[str, Any]) -> Membership | RoleRequest:
    """Give the role, only in a place the administrator manages."""
    if not can_in(request.user, MANAGE_MEMBERS, data["wilayah"], data["unit"]):
        raise ValidationError({"wilayah": _("You do not manage this place.")})
    return services.member_add(actor=request.user, **data)


@login_required
@require_POST
def member_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Take a role away from someone (never one's own, to avoid locking oneself out)."""
    membership = get_for_user(Membership, request.user, pk, MANAGE_MEMBERS)
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot take away your own role."))
        return redirect("core:members")
    services.membership_revoke(actor=request.user, membership=membership)
    return saved(request, _("The role was taken away."), "core:members")


def _decide(request: AuthedHttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    """Approve or refuse a pending role request in a managed place (never one's own)."""
    role_request = get_for_user(RoleRequest, request.user, pk, MANAGE_MEMBERS)
    try:
        services.role_request_decide(actor=request.user, request=role_request, approve=approve)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("core:members")
    if approve:
        return saved(request, _("The request was approved: the role was given."), "core:members")
    return saved(request, _("The request was refused."), "core:members")


@login_required
@require_POST
def role_request_approve(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A second administrator approves a role request: the role is given."""
    return _decide(request, pk, approve=True)


@login_required
@require_POST
def role_request_refuse(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A second administrator refuses a role request."""
    return _decide(request, pk, approve=False)


# --- bulk import of accounts and invitations --------------------------------------------------


@login_required
def member_import(request: AuthedHttpRequest) -> HttpResponse:
    """Import accounts with their role; new accounts get an invitation link, never a password."""
    if not has_any(request.user, MANAGE_MEMBERS):
        raise Http404
    form = ImportFileForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"columns": aliases(onboarding.ACCOUNT_SPEC)}
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            result, outcome, job = run_upload(
                request,
                form,
                kind="core.accounts",
                permission=MANAGE_MEMBERS,
                run=onboarding.import_accounts,
            )
            if result is not None:
                status = 200
                context.update(result=result, job=job, rows=_outcome_rows(request, outcome))
    return render(request, "core/member_import.html", {"form": form, **context}, status=status)


def _outcome_rows(request: AuthedHttpRequest, outcome: Any) -> list[dict[str, Any]]:
    labels = {
        "given": _("Role given"),
        "waiting": _("Waiting for a second administrator"),
        "unchanged": _("Already had this role"),
    }
    return [
        {
            "row": row.row,
            "username": row.username,
            "role": role_label(row.role),
            "place": row.place,
            "status": labels[row.status],
            "link": request.build_absolute_uri(reverse("core:invitation", args=[row.token]))
            if row.token
            else "",
        }
        for row in outcome.outcomes
    ]


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invited person chooses their password; the link then stops working."""
    user = services.invitation_user(token)
    if user is None:
        return render(request, "core/invitation_invalid.html", status=404)
    return form_page(
        request,
        InvitationForm(request.POST or None),
        "core/invitation.html",
        save=lambda data: services.invitation_accept(token=token, password=data["password1"]),
        done=lambda _user: saved(
            request, _("Your password is set. Sign in with your username and it."), "core:login"
        ),
        context={"invited": user},
    )
