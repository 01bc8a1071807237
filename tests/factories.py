"""Factories for every model of core, replication and competition, and the older helpers.

Regions are never invented: the migration loads the real Kemendagri codes, so factories
pick them with ``region(code)``. Rows whose invariants a service keeps (a unit's path, a
membership's region) are made through that service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from replika.competition.models import (
    AdminCheck,
    Assignment,
    Attachment,
    Call,
    CallStage,
    Evaluator,
    Group,
    PanelScore,
    Proposal,
    ProposalStatus,
    Score,
)
from replika.competition.rules import CRITERION_CODES, DEFAULT_WEIGHTS
from replika.core import services
from replika.core.models import ApiToken, AuditEvent, Job, Membership, Unit, User, Wilayah
from replika.nutrition import unit_kinds
from replika.replication.models import (
    Commitment,
    Innovation,
    MentoringSession,
    Milestone,
    MilestoneComment,
    MilestoneEvidence,
    Stage,
    StageChange,
)

PASSWORD = "a-long-test-password"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def region(code: str) -> Wilayah:
    """A region loaded by the migration (the tests never invent region codes)."""
    return Wilayah.objects.get(code=code)


def _region_attribute(code: str) -> Any:
    """A factory attribute that picks the real region with ``code``."""
    return factory.LazyFunction(lambda: region(code))


# --- core -------------------------------------------------------------------------------


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


class UnitFactory(factory.django.DjangoModelFactory):
    """A facility, created through ``unit_create`` so that its path is right."""

    class Meta:
        model = Unit

    kind = unit_kinds.PUSKESMAS
    name = factory.Sequence(lambda n: f"Puskesmas Uji {n}")
    region = _region_attribute("13.71")
    location = None
    parent = None
    code = ""

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        return services.unit_create(actor=None, **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role held over a region (or a unit), granted through ``membership_grant``."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    wilayah = _region_attribute("13.71")
    role = "admin_daerah"
    unit = None

    @classmethod
    def _create(cls, model_class: type[Membership], *args: Any, **kwargs: Any) -> Membership:
        return services.membership_grant(actor=None, **kwargs)


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    actor = factory.SubFactory(UserFactory)
    action = "test.change"
    model = "core.unit"
    object_id = factory.Sequence(str)
    object_repr = factory.LazyAttribute(lambda o: f"Objek {o.object_id}")
    region = _region_attribute("13.71")
    changes = factory.LazyFunction(dict)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token; the clear secret is on ``token.secret`` (the database keeps the digest)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Sistem {n}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=90))

    @classmethod
    def _create(cls, model_class: type[ApiToken], *args: Any, **kwargs: Any) -> ApiToken:
        secret = ApiToken.new_secret()
        token = model_class.objects.create(
            prefix=secret[:8], digest=ApiToken.digest_of(secret), **kwargs
        )
        token.secret = secret
        return token


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "test.job"
    owner = factory.SubFactory(UserFactory)
    region = None


def user_with_role(role: str, code: str, unit: Unit | None = None, **kwargs) -> User:
    """A user holding ``role`` over the region with Kemendagri ``code`` (or over a unit)."""
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, wilayah=region(code), role=role, unit=unit)
    return user


def make_unit(
    kind: str = unit_kinds.PUSKESMAS,
    region_code: str = "13.71",
    location_code: str | None = None,
    parent: Unit | None = None,
    name: str | None = None,
) -> Unit:
    """A facility in a region."""
    return UnitFactory(
        kind=kind,
        name=name or f"{kind} {Unit.objects.count() + 1}",
        region=region(region_code),
        location=region(location_code) if location_code else None,
        parent=parent,
    )


# --- replication ------------------------------------------------------------------------


def innovation(code: str = "ayo-ceting") -> Innovation:
    """One of the five seeded innovations."""
    return Innovation.objects.get(code=code)


class InnovationFactory(factory.django.DjangoModelFactory):
    """A candidate innovation the province adds to the catalogue (no module of its own)."""

    class Meta:
        model = Innovation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"inovasi-uji-{n}")
    acronym = factory.Sequence(lambda n: f"IU{n}")
    name = factory.Sequence(lambda n: f"Inovasi Uji {n}")
    origin_region = "Kota Bukittinggi"
    owner_agency = "Dinas Kesehatan"
    module_code = ""


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A region's commitment to an innovation, written directly (no stage history)."""

    class Meta:
        model = Commitment
        django_get_or_create = ("region", "innovation")

    region = _region_attribute("13.71")
    innovation = factory.LazyFunction(innovation)
    stage = Stage.LAUNCHED
    signed_on = dt.date(2021, 11, 15)


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    commitment = factory.SubFactory(CommitmentFactory)
    from_stage = Stage.COMMITTED
    to_stage = Stage.ADAPTING
    on = factory.LazyFunction(timezone.localdate)
    by = None


class MentoringSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringSession

    commitment = factory.SubFactory(CommitmentFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    mentor = factory.SubFactory(UserFactory)
    topics = "Rencana aksi dan modifikasi lokal"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    title = factory.Sequence(lambda n: f"Tonggak {n}")
    owner = "Dinas Kesehatan"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class MilestoneEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneEvidence

    milestone = factory.SubFactory(MilestoneFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="bukti.pdf"))
    name = "bukti.pdf"
    content_type = "application/pdf"
    size = len(PDF)


class MilestoneCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneComment

    milestone = factory.SubFactory(MilestoneFactory)
    author = factory.SubFactory(UserFactory)
    body = "Sudah dibahas dengan OPD."


def make_commitment(
    region_code: str = "13.71", innovation_code: str = "ayo-ceting", stage: str = Stage.LAUNCHED
) -> Commitment:
    """A commitment, created directly (not through the service, to keep tests independent)."""
    commitment = CommitmentFactory(
        region=region(region_code), innovation=innovation(innovation_code)
    )
    # get_or_create keeps an existing row: the stage asked for wins.
    if commitment.stage != stage or commitment.signed_on != dt.date(2021, 11, 15):
        commitment.stage = stage
        commitment.signed_on = dt.date(2021, 11, 15)
        commitment.save(update_fields=["stage", "signed_on"])
    return commitment


# --- competition ------------------------------------------------------------------------


class CallFactory(factory.django.DjangoModelFactory):
    """A published call open for proposals today, with the KIPP weights."""

    class Meta:
        model = Call

    name = factory.Sequence(lambda n: f"KIPP Sumbar uji {n}")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    groups = factory.LazyFunction(lambda: [g.value for g in Group])
    weights = factory.LazyFunction(lambda: dict(DEFAULT_WEIGHTS))
    stage = CallStage.PROPOSAL
    is_published = True
    proposal_deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    evaluation_deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    presentation_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    top_n = 2
    winner_count = 1
    presentation_weight = 40


class ProposalFactory(factory.django.DjangoModelFactory):
    """A region's draft with every section written."""

    class Meta:
        model = Proposal

    call = factory.SubFactory(CallFactory)
    region = _region_attribute("13.71")
    unit_name = "Dinas Kesehatan"
    title = factory.Sequence(lambda n: f"Inovasi {n}")
    group = Group.UMUM
    sections = factory.LazyAttribute(
        lambda o: {code: f"{o.title} {code}" for code in CRITERION_CODES}
    )
    video_url = "https://example.org/video"
    status = ProposalStatus.DRAFT
    admin_check = AdminCheck.PENDING

    class Params:
        submitted = factory.Trait(
            status=ProposalStatus.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )


class AttachmentFactory(factory.django.DjangoModelFactory):
    """An attachment row; ``file`` names a stored file the test writes if it reads it."""

    class Meta:
        model = Attachment

    proposal = factory.SubFactory(ProposalFactory)
    file = factory.Sequence(lambda n: f"competition/uji-{n}.pdf")
    original_name = "lampiran.pdf"
    content_type = "application/pdf"
    size = len(PDF)


class EvaluatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluator

    user = factory.SubFactory(UserFactory)
    home_region = None
    institution = "Universitas Andalas"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    proposal = factory.SubFactory(ProposalFactory, submitted=True)
    evaluator = factory.LazyAttribute(lambda _o: EvaluatorFactory().user)
    evaluator_region = factory.LazyAttribute(
        lambda o: getattr(getattr(o.evaluator, "evaluator", None), "home_region", None)
    )


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    assignment = factory.SubFactory(AssignmentFactory)
    criterion = CRITERION_CODES[0]
    value = 7


class PanelScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelScore

    proposal = factory.SubFactory(ProposalFactory, submitted=True)
    panelist = factory.LazyFunction(lambda: user_with_role("panelist", "13"))
    value = 80
