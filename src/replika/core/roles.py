"""Roles as data: every role, its scope and its permissions live in this one table.

Modules add their own roles (posyandu cadre, school operator, evaluator, …) and extend the
core roles with their permissions through ``register_role`` and ``grant`` when they load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ALL = "*"


class Scope(StrEnum):
    """Where in the tree a role's membership is placed."""

    PROVINCE = "province"  # the province node: sees every region
    REGION = "region"  # a kab/kota: sees its subtree
    DISTRICT = "district"  # a kecamatan or a nagari/kelurahan: sees its subtree
    UNIT = "unit"  # one facility (posyandu, puskesmas, school): sees what is under it


SCOPE_LEVELS: dict[Scope, tuple[int, ...]] = {
    Scope.PROVINCE: (1,),
    Scope.REGION: (2,),
    Scope.DISTRICT: (3, 4),
    Scope.UNIT: (2, 3, 4),
}


@dataclass
class Role:
    """A named bundle of permissions held over a scope."""

    code: str
    label: str | Promise
    scope: Scope
    permissions: set[str] = field(default_factory=set)
    module: str | None = None
    unit_kinds: tuple[str, ...] = ()
    description: str | Promise = ""
    # Opens personal data (names, NIKs, health records): a grant by a region administrator
    # then waits for a second administrator's approval.
    personal_data: bool = False

    def allows(self, perm: str) -> bool:
        """Whether this role carries the permission."""
        return ALL in self.permissions or perm in self.permissions


ROLES: dict[str, Role] = {}


def register_role(role: Role) -> Role:
    """Add a role to the table; a code may be registered once."""
    if role.code in ROLES:
        raise ValueError(f"role {role.code!r} is already registered")
    ROLES[role.code] = role
    return role


def grant(role_code: str, *perms: str) -> None:
    """Give an existing role more permissions (a module extending a core role)."""
    ROLES[role_code].permissions.update(perms)


def get_role(code: str) -> Role | None:
    """The role with this code, if registered."""
    return ROLES.get(code)


def role_label(code: str) -> str:
    """Human label of a role code (the code itself when unknown)."""
    role = ROLES.get(code)
    return str(role.label) if role else code


def role_allows(code: str, perm: str) -> bool:
    """Whether the role with this code carries the permission."""
    role = ROLES.get(code)
    return role is not None and role.allows(perm)


def role_choices(scope: Scope | None = None) -> list[tuple[str, str]]:
    """(code, label) pairs for forms, optionally limited to one scope."""
    return [(r.code, str(r.label)) for r in ROLES.values() if scope is None or r.scope == scope]


# The core permissions; modules name theirs "<module>.<verb>_<thing>".
VIEW_AUDIT = "core.view_audit"
MANAGE_MEMBERS = "core.manage_members"
MANAGE_UNITS = "core.manage_units"

ADMIN_PROVINSI = register_role(
    Role(
        code="admin_provinsi",
        label=_("Province administrator"),
        scope=Scope.PROVINCE,
        permissions={ALL},
        description=_("Runs the replication programme for the whole province."),
    )
)
MENTOR = register_role(
    Role(
        code="mentor",
        label=_("Mentor"),
        scope=Scope.PROVINCE,
        permissions=set(),
        description=_("Accompanies the regions (KemenPANRB, university); reads everything."),
    )
)
ADMIN_DAERAH = register_role(
    Role(
        code="admin_daerah",
        label=_("Region administrator"),
        scope=Scope.REGION,
        permissions={VIEW_AUDIT, MANAGE_MEMBERS, MANAGE_UNITS},
        description=_("Manages the region's commitments and how each module is adapted."),
    )
)
