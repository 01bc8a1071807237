"""Django's model backend, reading a signed-in user together with their memberships.

Every signed-in request loads its user (Django's ``get_user``) and, straight after, the user's
memberships: the middleware picks the active one, and the menu and every access check read
them. Django would read the two with two statements. On PostgreSQL every statement is a round
trip that costs CPU in the web process and in the database server (measured under load: about
0.35 ms a statement, of about 5 ms a dashboard request costs the machine), so this backend
reads the memberships joined to their user in one statement and hands them to
``access.memberships_of`` with the user. Signing in, the active-user rule and permission checks
are ``ModelBackend``'s own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from replika.core.access import MEMBERSHIP_RELATIONS, remember_memberships
from replika.core.models import Membership, User


class UserBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` brings the user's memberships along."""

    def get_user(self, user_id: Any) -> User | None:
        rows = list(
            Membership.objects.filter(user_id=user_id)
            .select_related("user", *MEMBERSHIP_RELATIONS)
            .order_by()
        )
        if not rows:
            # No membership (a new account, a superuser): the plain read.
            user = super().get_user(user_id)
            if user is not None:
                remember_memberships(user, [])
            return user
        user = rows[0].user
        if not self.user_can_authenticate(user):
            return None
        for membership in rows:
            # The join made one user object per row; the request works with one.
            membership.user = user
        remember_memberships(user, rows)
        return user
