"""Factories for tests: users with memberships, units, commitments."""

from __future__ import annotations

import datetime as dt

import factory

from replika.core import services
from replika.core.models import Unit, User, Wilayah
from replika.nutrition import unit_kinds
from replika.replication.models import Commitment, Innovation, Stage

PASSWORD = "a-long-test-password"


def region(code: str) -> Wilayah:
    """A region loaded by the migration (the tests never invent region codes)."""
    return Wilayah.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str, code: str, unit: Unit | None = None, **kwargs) -> User:
    """A user holding ``role`` over the region with Kemendagri ``code`` (or over a unit)."""
    user = UserFactory(**kwargs)
    services.membership_grant(actor=None, user=user, wilayah=region(code), role=role, unit=unit)
    return user


def make_unit(
    kind: str = unit_kinds.PUSKESMAS,
    region_code: str = "13.71",
    location_code: str | None = None,
    parent: Unit | None = None,
    name: str | None = None,
) -> Unit:
    """A facility in a region."""
    return services.unit_create(
        actor=None,
        kind=kind,
        name=name or f"{kind} {Unit.objects.count() + 1}",
        region=region(region_code),
        location=region(location_code) if location_code else None,
        parent=parent,
    )


def innovation(code: str = "ayo-ceting") -> Innovation:
    """One of the five seeded innovations."""
    return Innovation.objects.get(code=code)


def make_commitment(
    region_code: str = "13.71", innovation_code: str = "ayo-ceting", stage: str = Stage.LAUNCHED
) -> Commitment:
    """A commitment, created directly (not through the service, to keep tests independent)."""
    commitment, _ = Commitment.objects.update_or_create(
        region=region(region_code),
        innovation=innovation(innovation_code),
        defaults={"stage": stage, "signed_on": dt.date(2021, 11, 15)},
    )
    return commitment
