"""Onboarding a region in bulk: its facilities and its accounts from a CSV or Excel file.

Both imports run on ``core.importing`` (file checks, header aliases, per-row errors, the
bad-rows file) and write through the core services, so every rule of the pages holds here
too: a region administrator acts only in the kab/kota they manage, hands out only the roles
they may grant, never grants themselves anything, and roles that open personal data wait
for a second administrator. Re-importing the same file creates nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from replika.core import services
from replika.core.access import can_in, grants, regions_for, scoped
from replika.core.importing import (
    Chunk,
    Column,
    ImportContext,
    ImportResult,
    ImportSpec,
    Row,
    RowProblem,
    run_import,
)
from replika.core.models import Membership, RoleRequest, RoleRequestStatus, Unit, User, Wilayah
from replika.core.roles import MANAGE_MEMBERS, MANAGE_UNITS, ROLES, Scope
from replika.core.unit_kinds import UNIT_KINDS


@dataclass
class Counts:
    """Created, updated and unchanged rows of one chunk."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _error_key(exc: ValidationError, keys: dict[str, str], default: str) -> str:
    """The file column a service's refusal is about."""
    if hasattr(exc, "error_dict"):
        for name in exc.error_dict:
            if name in keys:
                return keys[name]
    return default


# --- facilities ------------------------------------------------------------------------------

FACILITY_COLUMNS = (
    Column("kind", ("jenis", "jenis fasilitas"), required=True),
    Column("name", ("nama", "nama fasilitas"), required=True),
    Column("code", ("kode", "kode fasilitas"), blank=""),
    Column("place", ("kode wilayah", "wilayah", "kecamatan"), required=True),
    Column("parent", ("kode induk", "induk"), blank=""),
)


@dataclass(frozen=True)
class FacilityItem:
    """One facility row, parsed: the parent is found when the row is written."""

    kind: str
    name: str
    code: str
    region: Wilayah
    location: Wilayah
    parent_code: str


def kind_of(value: str) -> str | None:
    """The kind a cell names, by code or by its label in either language."""
    folded = value.strip().lower()
    for code, label in UNIT_KINDS.items():
        if folded in (code.lower(), str(label).lower()):
            return code
    return None


class FacilityRows:
    """Facilities of the kab/kota the importer manages, matched by code (else by name)."""

    def __init__(self, context: ImportContext) -> None:
        actor = context.actor
        self.actor = actor
        self.regions = {w.code: w for w in regions_for(actor, MANAGE_UNITS)}
        self.places: dict[str, Wilayah | None] = {}

    def _place(self, code: str) -> Wilayah:
        if code not in self.places:
            self.places[code] = Wilayah.objects.filter(code=code, level__gte=3).first()
        place = self.places[code]
        if place is None:
            raise RowProblem("place", _("not a district or village code"))
        return place

    def parse(self, row: Row) -> FacilityItem:
        values = row.values
        kind = kind_of(values["kind"])
        if kind is None:
            raise RowProblem("kind", _("unknown kind of facility"))
        place = self._place(values["place"])
        region = self.regions.get(place.region_code() or "")
        if region is None:
            raise RowProblem("place", _("not in a regency or city you manage"))
        name = values["name"]
        if len(name) > 160:
            raise RowProblem("name", _("longer than 160 characters"))
        code = values["code"]
        if len(code) > 40:
            raise RowProblem("code", _("longer than 40 characters"))
        return FacilityItem(kind, name, code, region, place, values["parent"])

    def _existing(self, item: FacilityItem) -> Unit | None:
        units = scoped(
            Unit.objects.filter(region=item.region, kind=item.kind), self.actor, MANAGE_UNITS
        )
        if item.code:
            return units.filter(code=item.code).first()
        return units.filter(code="", name__iexact=item.name).first()

    def _parent(self, item: FacilityItem) -> Unit | None:
        if not item.parent_code:
            return None
        units = scoped(
            Unit.objects.filter(region=item.region, code=item.parent_code), self.actor, MANAGE_UNITS
        )
        found = list(units[:2])
        if not found:
            raise RowProblem("parent", _("no facility with this code in the regency or city"))
        if len(found) > 1:
            raise RowProblem("parent", _("several facilities have this code"))
        return found[0]

    def store(self, chunk: Chunk[FacilityItem]) -> Counts:
        counts = Counts()
        for row, item in chunk.rows:
            try:
                parent = self._parent(item)
                unit = self._existing(item)
                if unit is None:
                    services.unit_create(
                        actor=self.actor,
                        kind=item.kind,
                        name=item.name,
                        region=item.region,
                        location=item.location,
                        parent=parent,
                        code=item.code,
                    )
                    counts.created += 1
                elif (unit.name, unit.location_id, unit.parent_id) == (
                    item.name,
                    item.location.pk,
                    parent.pk if parent else None,
                ):
                    counts.unchanged += 1
                else:
                    services.unit_update(
                        actor=self.actor,
                        unit=unit,
                        name=item.name,
                        code=unit.code,
                        location=item.location,
                        parent=parent,
                    )
                    counts.updated += 1
            except RowProblem as problem:
                chunk.refuse(row, problem.key, problem.reason)
            except ValidationError as exc:
                keys = {"name": "name", "code": "code", "location": "place", "parent": "parent"}
                chunk.refuse(row, _error_key(exc, keys, "name"), _message(exc))
        return counts


FACILITY_SPEC = ImportSpec(
    kind="core.facilities", module="core", columns=FACILITY_COLUMNS, handler=FacilityRows
)


def import_facilities(
    *, actor: User, file_name: str, content: bytes, job: Any = None
) -> ImportResult:
    """Import facilities for the kab/kota the actor manages."""
    return run_import(
        spec=FACILITY_SPEC, actor=actor, file_name=file_name, content=content, job=job
    )


# --- accounts --------------------------------------------------------------------------------

ACCOUNT_COLUMNS = (
    Column("username", ("nama pengguna", "akun"), required=True),
    Column("full_name", ("nama lengkap", "nama"), blank=""),
    Column("email", ("email", "e-mail", "surel"), blank=""),
    Column("role", ("peran",), required=True),
    Column("place", ("kode wilayah", "wilayah"), required=True),
    Column("unit", ("kode fasilitas", "fasilitas"), blank=""),
)


@dataclass(frozen=True)
class AccountItem:
    """One account row, parsed and checked against what the importer may grant."""

    username: str
    full_name: str
    email: str
    role: str
    place: Wilayah
    unit: Unit | None


@dataclass(frozen=True)
class AccountOutcome:
    """What one row did, for the result page (an invitation link for a new account)."""

    row: int
    username: str
    role: str
    place: str
    status: str
    token: str = ""


def role_of(value: str) -> str | None:
    """The role a cell names, by code or by its label in either language."""
    folded = value.strip().lower()
    for code, role in ROLES.items():
        if folded in (code.lower(), str(role.label).lower()):
            return code
    return None


class AccountRows:
    """Accounts with their role and where it is held, within what the importer manages."""

    def __init__(self, context: ImportContext, outcomes: list[AccountOutcome]) -> None:
        if context.actor is None:
            raise ValueError("an account import runs as an administrator")
        self.actor: User = context.actor
        self.outcomes = outcomes
        self.province = any(
            g.level == Wilayah.PROVINCE and g.unit_path is None
            for g in grants(self.actor, MANAGE_MEMBERS)
        )
        self.units = scoped(Unit.objects.filter(active=True), self.actor, MANAGE_MEMBERS)
        self.places: dict[str, Wilayah | None] = {}

    def _place(self, code: str) -> Wilayah:
        if code not in self.places:
            self.places[code] = Wilayah.objects.filter(code=code).first()
        place = self.places[code]
        if place is None:
            raise RowProblem("place", _("unknown region code"))
        return place

    def _unit(self, code: str, place: Wilayah) -> Unit | None:
        if not code:
            return None
        region = place.region_code() or place.code
        found = list(
            self.units.filter(code=code).filter(
                Q(region__code=region) | Q(location__code=place.code)
            )[:2]
        )
        if not found:
            raise RowProblem("unit", _("no facility you manage has this code here"))
        if len(found) > 1:
            raise RowProblem("unit", _("several facilities have this code"))
        return found[0]

    def parse(self, row: Row) -> AccountItem:
        values = row.values
        username = values["username"]
        if len(username) > 150 or not all(c.isalnum() or c in "._@+-" for c in username):
            raise RowProblem("username", _("letters, digits and . @ + - _ only"))
        if username == self.actor.username:
            raise RowProblem("username", _("you cannot give yourself a role"))
        role = role_of(values["role"])
        if role is None:
            raise RowProblem("role", _("unknown role"))
        if ROLES[role].scope == Scope.PROVINCE and not self.province:
            raise RowProblem("role", _("only the province gives this role"))
        place = self._place(values["place"])
        unit = self._unit(values["unit"], place)
        if not can_in(self.actor, MANAGE_MEMBERS, place, unit):
            raise RowProblem("place", _("not a place you manage"))
        email = values["email"]
        if email and ("@" not in email or len(email) > 254):
            raise RowProblem("email", _("not an e-mail address"))
        return AccountItem(username, values["full_name"][:150], email, role, place, unit)

    def _holds(self, item: AccountItem) -> str:
        """``given`` or ``waiting`` when the account already has (or awaits) this role."""
        user = User.objects.filter(username=item.username).first()
        if user is None:
            return ""
        where = {"user": user, "wilayah": item.place, "role": item.role, "unit": item.unit}
        if scoped(Membership.objects.filter(**where), self.actor, MANAGE_MEMBERS).exists():
            return "given"
        pending = RoleRequest.objects.filter(**where, status=RoleRequestStatus.PENDING)
        if scoped(pending, self.actor, MANAGE_MEMBERS).exists():
            return "waiting"
        return ""

    def store(self, chunk: Chunk[AccountItem]) -> Counts:
        counts = Counts()
        for row, item in chunk.rows:
            held = self._holds(item)
            if held:
                counts.unchanged += 1
                self._note(row, item, "unchanged")
                continue
            existed = User.objects.filter(username=item.username).exists()
            try:
                result = services.member_add(
                    actor=self.actor,
                    username=item.username,
                    role=item.role,
                    wilayah=item.place,
                    unit=item.unit,
                    full_name=item.full_name,
                    email=item.email,
                    invite=True,
                )
            except ValidationError as exc:
                keys = {"username": "username", "role": "role", "wilayah": "place", "unit": "unit"}
                chunk.refuse(row, _error_key(exc, keys, "username"), _message(exc))
                continue
            waiting = isinstance(result, RoleRequest)
            token = ""
            if existed:
                counts.updated += 1
            else:
                counts.created += 1
                token = services.invitation_make(actor=self.actor, user=result.user)
            self._note(row, item, "waiting" if waiting else "given", token)
        return counts

    def _note(self, row: Row, item: AccountItem, status: str, token: str = "") -> None:
        where = item.unit.name if item.unit is not None else item.place.name
        self.outcomes.append(
            AccountOutcome(row.number, item.username, item.role, where, status, token)
        )


ACCOUNT_SPEC = ImportSpec(
    kind="core.accounts",
    module="core",
    columns=ACCOUNT_COLUMNS,
    handler=lambda context: AccountRows(context, []),
)


@dataclass
class AccountImport:
    """An account import's result and what each good row did."""

    result: ImportResult
    outcomes: list[AccountOutcome] = field(default_factory=list)


def import_accounts(
    *, actor: User, file_name: str, content: bytes, job: Any = None
) -> AccountImport:
    """Import accounts and roles; new accounts get an invitation token, never a password."""
    outcomes: list[AccountOutcome] = []
    spec = replace(ACCOUNT_SPEC, handler=lambda context: AccountRows(context, outcomes))
    result = run_import(spec=spec, actor=actor, file_name=file_name, content=content, job=job)
    return AccountImport(result, outcomes)
