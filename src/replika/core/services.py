"""Writes of the core app: users, memberships, units, API tokens and jobs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.access import can_in, forget_memberships, grants, scoped
from replika.core.models import (
    ApiToken,
    AuditEvent,
    Job,
    JobStatus,
    Membership,
    RoleRequest,
    RoleRequestStatus,
    Unit,
    User,
    Wilayah,
    snapshot,
)
from replika.core.roles import MANAGE_MEMBERS, SCOPE_LEVELS, Scope, get_role


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create a user account (an unusable password when none is given)."""
    user = User(username=username, full_name=full_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit.record(actor=actor, action="user.create", instance=user, after={"username": username})
    return user


def _check_placement(role_code: str, wilayah: Wilayah, unit: Unit | None) -> None:
    """A role may only be held where its scope says (a region role on a kab/kota…)."""
    role = get_role(role_code)
    if role is None:
        raise ValidationError({"role": _("Unknown role.")})
    if wilayah.level not in SCOPE_LEVELS[role.scope]:
        raise ValidationError({"wilayah": _("This role cannot be held at this level.")})
    if role.scope == Scope.UNIT and unit is None:
        raise ValidationError({"unit": _("This role needs a unit.")})
    if unit is not None:
        if role.scope != Scope.UNIT:
            raise ValidationError({"unit": _("This role is not held over a unit.")})
        if role.unit_kinds and unit.kind not in role.unit_kinds:
            raise ValidationError({"unit": _("This role cannot be held at this kind of unit.")})
        if unit.region_id != wilayah.id and unit.location_id != wilayah.id:
            raise ValidationError({"unit": _("The unit is not in this region.")})


def _region_of(wilayah: Wilayah) -> Wilayah | None:
    """The kab/kota containing a region node (None for the province)."""
    if wilayah.level == Wilayah.REGION:
        return wilayah
    code = wilayah.region_code()
    return Wilayah.objects.get(code=code) if code and wilayah.level > Wilayah.REGION else None


@transaction.atomic
def membership_grant(
    *, actor: User | None, user: User, wilayah: Wilayah, role: str, unit: Unit | None = None
) -> Membership:
    """Give a user a role over a region (or a unit in it); granting twice is a no-op.

    Nobody grants themselves a role: every channel goes through here.
    """
    if actor is not None and actor.pk == user.pk:
        raise ValidationError({"username": _("You cannot give yourself a role.")})
    _check_placement(role, wilayah, unit)
    region = unit.region if unit is not None else _region_of(wilayah)
    membership, created = Membership.objects.get_or_create(
        user=user, wilayah=wilayah, role=role, unit=unit, defaults={"region": region}
    )
    if created:
        audit.record(actor=actor, action="membership.grant", instance=membership)
    forget_memberships(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor: User | None, membership: Membership) -> None:
    """Take a role away."""
    before = snapshot(membership)
    audit.record(
        actor=actor, action="membership.revoke", instance=membership, before=before, after={}
    )
    membership.delete()
    forget_memberships(membership.user)


def _unit_path(unit: Unit) -> str:
    """Materialised path of ids, e.g. ``12/57/`` for a posyandu 57 under puskesmas 12."""
    prefix = unit.parent.path if unit.parent_id and unit.parent else ""
    return f"{prefix}{unit.pk}/"


@transaction.atomic
def unit_create(
    *,
    actor: User | None,
    kind: str,
    name: str,
    region: Wilayah,
    location: Wilayah | None = None,
    parent: Unit | None = None,
    code: str = "",
) -> Unit:
    """Register a facility or organisational unit inside a region."""
    if region.level != Wilayah.REGION:
        raise ValidationError({"region": _("Choose a regency or city.")})
    if location is not None and not location.code.startswith(region.subtree_prefix):
        raise ValidationError({"location": _("The location is not inside the region.")})
    if parent is not None and parent.region_id != region.id:
        raise ValidationError({"parent": _("The parent unit is in another region.")})
    unit = Unit(kind=kind, name=name, region=region, location=location, parent=parent, code=code)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = _unit_path(unit)
    unit.save(update_fields=["path"])
    audit.record(actor=actor, action="unit.create", instance=unit)
    return unit


def _check_parent(unit: Unit, parent: Unit | None) -> None:
    """A unit's parent lies in the same region and never under the unit itself."""
    if parent is None:
        return
    if parent.region_id != unit.region_id:
        raise ValidationError({"parent": _("The parent unit is in another region.")})
    if unit.pk is not None and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
        raise ValidationError({"parent": _("A unit cannot be placed under itself.")})


@transaction.atomic
def unit_update(
    *,
    actor: User | None,
    unit: Unit,
    name: str,
    code: str = "",
    location: Wilayah | None = None,
    parent: Unit | None = None,
) -> Unit:
    """Change a unit's name, code, location or parent (its kind and region stay)."""
    region = unit.region
    if location is not None and not location.code.startswith(region.subtree_prefix):
        raise ValidationError({"location": _("The location is not inside the region.")})
    _check_parent(unit, parent)
    fields = ["name", "code", "location", "parent"]
    before = snapshot(unit, fields)
    old_path = unit.path
    unit.name, unit.code, unit.location, unit.parent = name, code, location, parent
    unit.full_clean(exclude=["path"])
    unit.path = _unit_path(unit)
    unit.save()
    if unit.path != old_path:
        # Everything under the unit moves with it: one prefix rewrite of the subtree.
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            Unit.objects.filter(pk=child.pk).update(path=unit.path + child.path[len(old_path) :])
    after = snapshot(unit, fields)
    if before != after:
        audit.record(actor=actor, action="unit.update", instance=unit, before=before, after=after)
    return unit


@transaction.atomic
def unit_set_active(*, actor: User | None, unit: Unit, active: bool) -> Unit:
    """Deactivate a unit (it keeps its history and roles, but takes no new work) or reopen it."""
    if unit.active == active:
        return unit
    before = snapshot(unit, ["active"])
    unit.active = active
    unit.save(update_fields=["active"])
    audit.record(
        actor=actor,
        action="unit.activate" if active else "unit.deactivate",
        instance=unit,
        before=before,
        after=snapshot(unit, ["active"]),
    )
    return unit


@transaction.atomic
def api_token_create(*, actor: User, name: str, read_only: bool = False) -> tuple[ApiToken, str]:
    """Create a personal API token; the secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if len(name) > 80:
        raise ValidationError({"name": _("At most 80 characters.")})
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=secret[:8],
        digest=ApiToken.digest_of(secret),
        expires_at=timezone.now() + timedelta(days=settings.REPLIKA_API_TOKEN_DAYS),
        read_only=read_only,
    )
    audit.record(
        actor=actor,
        action="api_token.create",
        instance=token,
        after={
            "name": name,
            "prefix": token.prefix,
            "read_only": read_only,
            "expires_at": token.expires_at,
        },
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke a token so it no longer authenticates."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="api_token.revoke",
            instance=token,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at},
        )


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The live token (with its active user) behind a token string, or None; records its use.

    Revoked and expired tokens, and tokens of deactivated users, authenticate nobody.
    """
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(digest=ApiToken.digest_of(secret))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Writing on every request would make reads write; once a minute is precise enough.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def job_create(*, owner: User, kind: str, region: Wilayah | None = None, total: int = 0) -> Job:
    """Record a job before its task is queued, so its page can show progress at once."""
    return Job.objects.create(owner=owner, kind=kind, region=region, total=total)


def job_progress(*, job_id: int, done: int, total: int | None = None, message: str = "") -> None:
    """Report progress from inside a task (one cheap UPDATE)."""
    values: dict[str, Any] = {
        "done": done,
        "status": JobStatus.RUNNING,
        "updated_at": timezone.now(),
    }
    if total is not None:
        values["total"] = total
    if message:
        values["message"] = message[:255]
    Job.objects.filter(pk=job_id).update(**values)


def job_finish(
    *, job_id: int, result: dict[str, Any], failed: bool = False, message: str = ""
) -> None:
    """Mark a job done (or failed) with its result."""
    values: dict[str, Any] = {} if failed else {"done": F("total")}
    Job.objects.filter(pk=job_id).update(
        **values,
        status=JobStatus.FAILED if failed else JobStatus.DONE,
        result=result,
        message=message[:255],
        updated_at=timezone.now(),
    )


def _manages_province(actor: User) -> bool:
    """Whether the actor manages members for the whole province."""
    return any(
        g.level == Wilayah.PROVINCE and g.unit_path is None for g in grants(actor, MANAGE_MEMBERS)
    )


def _visible_account(actor: User, user: User) -> bool:
    """Whether the actor may see and extend an existing account.

    Only accounts holding a role in a place the actor manages are; the province sees every
    account but superusers, which only superusers see.
    """
    if user.is_superuser and not actor.is_superuser:
        return False
    if _manages_province(actor):
        return True
    return scoped(Membership.objects.filter(user=user), actor, MANAGE_MEMBERS).exists()


def _neutral_refusal() -> ValidationError:
    """One answer for every username the actor may not use, revealing nothing about it."""
    return ValidationError(
        {"username": _("This username cannot be used here. Choose another one.")}
    )


@transaction.atomic
def member_add(
    *,
    actor: User,
    username: str,
    role: str,
    wilayah: Wilayah,
    unit: Unit | None = None,
    full_name: str = "",
    email: str = "",
    password: str = "",
    invite: bool = False,
) -> Membership | RoleRequest:
    """Give a role to a person, creating their account first when the username is new.

    An existing account only gains the role: its name and password stay the owner's, and
    it must already belong to a place the actor manages (others are not revealed). Nobody
    grants themselves anything. A role that opens personal data, given by anyone but the
    province, becomes a request that a second administrator approves. With ``invite`` a new
    account gets no password: the person sets one through an invitation link.
    """
    if username == actor.username:
        raise ValidationError({"username": _("You cannot give yourself a role.")})
    role_def = get_role(role)
    if role_def is None:
        raise ValidationError({"role": _("Unknown role.")})
    _check_placement(role, wilayah, unit)
    user = User.objects.filter(username=username).first()
    if user is not None and not _visible_account(actor, user):
        raise _neutral_refusal()
    if user is None and invite:
        # No password at all: the person chooses one through the invitation link.
        user = user_create(
            actor=actor, username=username, password=None, full_name=full_name, email=email
        )
    elif user is None:
        if not password:
            raise ValidationError({"password": _("A new account needs a first password.")})
        candidate = User(username=username, full_name=full_name, email=email)
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user = user_create(
            actor=actor, username=username, password=password, full_name=full_name, email=email
        )
    elif password:
        raise ValidationError(
            {"password": _("This account exists already: leave the password empty.")}
        )
    if Membership.objects.filter(user=user, wilayah=wilayah, role=role, unit=unit).exists():
        raise ValidationError({"role": _("This person already has this role here.")})
    if role_def.personal_data and not _manages_province(actor):
        return role_request_create(actor=actor, user=user, wilayah=wilayah, role=role, unit=unit)
    return membership_grant(actor=actor, user=user, wilayah=wilayah, role=role, unit=unit)


@transaction.atomic
def role_request_create(
    *, actor: User, user: User, wilayah: Wilayah, role: str, unit: Unit | None = None
) -> RoleRequest:
    """Ask a second administrator to approve a role that opens personal data."""
    pending = RoleRequest.objects.filter(
        user=user, wilayah=wilayah, role=role, unit=unit, status=RoleRequestStatus.PENDING
    )
    if pending.exists():
        raise ValidationError({"role": _("This role is already waiting for approval.")})
    region = unit.region if unit is not None else _region_of(wilayah)
    request = RoleRequest.objects.create(
        user=user, wilayah=wilayah, unit=unit, role=role, region=region, requested_by=actor
    )
    audit.record(
        actor=actor,
        action="role_request.create",
        instance=request,
        after={"user": user.username, "role": role, "wilayah": wilayah.code},
    )
    return request


def role_request_refusal(*, actor: User, request: RoleRequest) -> str | None:
    """Why the actor may not decide this request, or None when they may."""
    if request.status != RoleRequestStatus.PENDING:
        return _("This request has been decided already.")
    if actor.pk in (request.requested_by_id, request.user_id):
        return _("A second administrator must decide this request.")
    if not can_in(actor, MANAGE_MEMBERS, request.wilayah, request.unit):
        return _("You do not manage this place.")
    if not _manages_province(actor) and _set_up_by(request.requested_by, actor):
        # An account the requester made or promoted is not a second person.
        return _("A second administrator must decide this request.")
    return None


def _set_up_by(requester: User, approver: User) -> bool:
    """Whether the requester created the approver's account or gave them any of their roles."""
    membership_ids = [str(pk) for pk in approver.memberships.values_list("pk", flat=True)]
    return AuditEvent.objects.filter(
        Q(action="user.create", model="core.user", object_id=str(approver.pk))
        | Q(action="membership.grant", model="core.membership", object_id__in=membership_ids),
        actor=requester,
    ).exists()


@transaction.atomic
def role_request_decide(*, actor: User, request: RoleRequest, approve: bool) -> Membership | None:
    """Approve (the role is given) or refuse a pending request; never one's own."""
    request = RoleRequest.objects.select_for_update().get(pk=request.pk)
    refusal = role_request_refusal(actor=actor, request=request)
    if refusal is not None:
        raise ValidationError(refusal)
    request.status = RoleRequestStatus.APPROVED if approve else RoleRequestStatus.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="role_request.approve" if approve else "role_request.refuse",
        instance=request,
        before={"status": RoleRequestStatus.PENDING},
        after={"status": request.status},
    )
    if not approve:
        return None
    return membership_grant(
        actor=actor,
        user=request.user,
        wilayah=request.wilayah,
        role=request.role,
        unit=request.unit,
    )


# --- invitations ---------------------------------------------------------------------------

INVITATION_SALT = "replika.core.invitation"


def _password_fingerprint(user: User) -> str:
    """Changes as soon as the password does: a used invitation no longer opens anything."""
    return salted_hmac(INVITATION_SALT, user.password).hexdigest()[:16]


def invitation_make(*, actor: User, user: User) -> str:
    """A signed invitation token for an account that has no password yet.

    It expires after ``INVITATION_MAX_AGE_DAYS`` and works once: setting the password
    changes the fingerprint it carries.
    """
    if user.has_usable_password():
        raise ValidationError(_("This account has a password already."))
    token = signing.dumps({"u": user.pk, "p": _password_fingerprint(user)}, salt=INVITATION_SALT)
    audit.record(actor=actor, action="user.invite", instance=user, after={})
    return token


def invitation_user(token: str) -> User | None:
    """The account a valid, unexpired and unused invitation token opens, else None."""
    max_age = timedelta(days=getattr(settings, "INVITATION_MAX_AGE_DAYS", 14))
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    if user is None or user.has_usable_password():
        return None
    if not constant_time_compare(str(data.get("p", "")), _password_fingerprint(user)):
        return None
    return user


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's first password; the link is spent from then on."""
    user = invitation_user(token)
    if user is None:
        raise ValidationError(_("This invitation link has expired or was used already."))
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=user, action="user.invite_accept", instance=user, after={})
    return user
