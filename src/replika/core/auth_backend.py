"""Django's model backend, reading a signed-in user together with their memberships.

Every signed-in request loads its user (Django's ``get_user``) and, straight after, the user's
memberships: the middleware picks the active one, and the menu and every access check read
them. Django would read the two with two statements. On PostgreSQL every statement is a round
trip that costs CPU in the web process and in the database server (measured under load: about
0.35 ms a statement, of about 5 ms a dashboard request costs the machine), so this backend
reads the memberships joined to their user in one statement and hands them to
``access.memberships_of`` with the user. Signing in, the active-user rule and permission checks
are ``ModelBackend``'s own.

That statement is the one every signed-in request runs, so it is written once per database
(``_IdentityRead``) instead of being built by the ORM on each request: building the
query and turning its rows into objects cost about three times the statement itself (measured
in one process: the ORM's read 2.3 ms of CPU, the statement alone 0.7 ms).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

from replika.core.access import remember_memberships
from replika.core.models import Membership, Unit, User, Wilayah

Model = type[models.Model]
Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


def _column(field: models.Field[Any, Any]) -> str:
    """The column of a concrete field."""
    column = field.column
    if column is None:
        raise TypeError(f"{field} has no column")
    return column


@dataclass(frozen=True)
class _Columns:
    """One table's columns in the statement: where they start and how values are read."""

    model: Model
    attnames: tuple[str, ...]
    start: int
    key: int  # the primary key's position within this table's columns
    # (position within this table's columns, its column expression, the converters the ORM
    # applies to it: booleans, dates and decimals arrive as text or numbers on SQLite)
    converters: tuple[tuple[int, Any, tuple[Converter, ...]], ...]

    def build(self, row: Sequence[Any], connection: BaseDatabaseWrapper) -> models.Model | None:
        """The model instance in ``row`` (None when the outer join found no row)."""
        values = list(row[self.start : self.start + len(self.attnames)])
        if values[self.key] is None:
            return None
        for index, expression, converters in self.converters:
            for convert in converters:
                values[index] = convert(values[index], expression, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


@dataclass(frozen=True)
class _IdentityRead:
    """The user, each membership and its wilayah, unit and unit region, in one statement.

    Written from the models' own fields, so a new column comes along without a change here;
    the tests compare what it loads with the ORM's own read, field by field.
    """

    sql: str
    user: _Columns
    membership: _Columns
    wilayah: _Columns
    unit: _Columns
    unit_region: _Columns

    @classmethod
    def for_connection(cls, connection: BaseDatabaseWrapper) -> _IdentityRead:
        quote = connection.ops.quote_name

        def key(alias: str, model: Model, name: str, target: str) -> str:
            """``alias.<foreign key> = target.<the key it points at>``."""
            field = model._meta.get_field(name)
            if not isinstance(field, models.ForeignKey):
                raise TypeError(f"{model.__name__}.{name} is not a foreign key")
            pointed = _column(field.target_field)
            return f"{alias}.{quote(_column(field))} = {target}.{quote(pointed)}"

        joins = (
            ("m", Membership, key("m", Membership, "user", "u")),
            ("w", Wilayah, key("m", Membership, "wilayah", "w")),
            ("un", Unit, key("m", Membership, "unit", "un")),
            ("r", Wilayah, key("un", Unit, "region", "r")),
        )
        # The user's table, then each table joined to it, in the order of the columns.
        tables = [("u", User), *((alias, model) for alias, model, _on in joins)]
        columns: list[_Columns] = []
        select: list[str] = []
        for alias, model in tables:
            fields = model._meta.concrete_fields
            converters = []
            for index, field in enumerate(fields):
                expression = field.get_col(alias)
                found = tuple(
                    connection.ops.get_db_converters(expression)
                    + expression.get_db_converters(connection)
                )
                if found:
                    converters.append((index, expression, found))
            columns.append(
                _Columns(
                    model=model,
                    attnames=tuple(f.attname for f in fields),
                    start=len(select),
                    key=[f.primary_key for f in fields].index(True),
                    converters=tuple(converters),
                )
            )
            select += [f"{alias}.{quote(_column(f))}" for f in fields]

        # Identifiers only, from the models and quoted by the engine; the one value, the
        # user's key, is a parameter.
        sql = f"SELECT {', '.join(select)} FROM {quote(User._meta.db_table)} u"  # noqa: S608
        for alias, model, condition in joins:
            sql += f" LEFT JOIN {quote(model._meta.db_table)} {alias} ON {condition}"
        sql += f" WHERE u.{quote(_column(User._meta.pk))} = %s"
        return cls(sql, *columns)

    def read(self, connection: BaseDatabaseWrapper, user_id: int) -> User | None:
        """The user with their memberships remembered (``access``), or None."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [user_id])
            rows = cursor.fetchall()
        if not rows:
            return None
        user = self.user.build(rows[0], connection)
        if not isinstance(user, User):
            return None
        memberships: list[Membership] = []
        for row in rows:
            membership = cast(Membership | None, self.membership.build(row, connection))
            if membership is None:  # no membership: the outer join's one empty row
                continue
            unit = self.unit.build(row, connection)
            if unit is not None:
                Unit.region.field.set_cached_value(unit, self.unit_region.build(row, connection))
            Membership.user.field.set_cached_value(membership, user)
            Membership.wilayah.field.set_cached_value(
                membership, self.wilayah.build(row, connection)
            )
            Membership.unit.field.set_cached_value(membership, unit)
            memberships.append(membership)
        remember_memberships(user, memberships)
        return user


# Per database alias and backend: the statement is quoted for its engine.
_reads: dict[tuple[str, str], _IdentityRead] = {}


def _identity_read(connection: BaseDatabaseWrapper) -> _IdentityRead:
    key = (connection.alias, connection.vendor)
    read = _reads.get(key)
    if read is None:
        read = _reads[key] = _IdentityRead.for_connection(connection)
    return read


class UserBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` brings the user's memberships along."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:  # a session naming no valid key is nobody
            return None
        if pk is None:
            return None
        connection = connections[User.objects.db]
        user = _identity_read(connection).read(connection, pk)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
