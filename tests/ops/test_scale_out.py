"""Scale-out is settings, not code: S3 uploads, a read replica, separate Redis URLs.

The settings are loaded in a fresh process with the environment of each deployment (as the
README documents it) and their outcome is checked; the router is checked in-process.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client

from replika.core import replica
from replika.core.models import Membership
from replika.core.replica import ReplicaRouter
from replika.nutrition.models import NutritionSummary

_PRINT = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import router
from replika.core import replica
from replika.nutrition.models import NutritionSummary
default_storage.exists  # instantiate the lazy storage
storage = default_storage._wrapped
with replica.dashboard_reads():
    summary_reads = router.db_for_read(NutritionSummary)
print(json.dumps({
    "storage": type(storage).__module__ + "." + type(storage).__name__,
    "storage_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "prefix": getattr(storage, "location", None),
    "databases": {
        alias: {k: db.get(k) for k in ("ENGINE", "NAME", "HOST", "PORT", "TEST")}
        for alias, db in settings.DATABASES.items()
    },
    "summary_reads": summary_reads,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "queue": settings.RQ_QUEUES["default"]["URL"],
}, default=str))
"""

SCALE_VARIABLES = (
    "REPLIKA_S3_BUCKET",
    "REPLIKA_S3_PREFIX",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ADDRESSING_STYLE",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
    "REDIS_CACHE_URL",
    "REDIS_QUEUE_URL",
)


def settings_of(tmp_path: Path, **values: str) -> dict[str, object]:
    """The settings a production process gets from these environment variables."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", *SCALE_VARIABLES}
        and not k.startswith("AWS_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="replika.config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        REPLIKA_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://replika:secret@db-primary.internal:5432/replika",
    )
    env.update(values)
    done = subprocess.run(  # noqa: S603 - the project's own Python and fixed arguments
        [sys.executable, "-c", _PRINT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_one_machine_needs_no_switch(tmp_path):
    found = settings_of(tmp_path)
    assert found["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert set(found["databases"]) == {"default"}  # type: ignore[arg-type]
    assert found["summary_reads"] == "default"  # the router leaves everything to `default`
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_uploads_go_to_an_s3_compatible_bucket_when_one_is_named(tmp_path):
    found = settings_of(
        tmp_path,
        REPLIKA_S3_BUCKET="replika-uploads",
        REPLIKA_S3_PREFIX="sumbar",
        AWS_S3_ENDPOINT_URL="https://minio.sumbarprov.go.id",
        AWS_S3_REGION_NAME="ap-southeast-3",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_ACCESS_KEY_ID="replika",
        AWS_SECRET_ACCESS_KEY="rahasia-" + secrets.token_hex(8),
    )
    assert found["storage"] == "storages.backends.s3.S3Storage"
    assert (found["bucket"], found["endpoint"], found["prefix"]) == (
        "replika-uploads",
        "https://minio.sumbarprov.go.id",
        "sumbar",
    )
    options = found["storage_options"]
    assert isinstance(options, dict)
    # Objects stay private (served only through the access-checked views), nothing is
    # overwritten, and the credentials are boto3's to read, never written into the settings.
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert options["region_name"] == "ap-southeast-3"
    assert options["addressing_style"] == "path"
    assert "access_key" not in options and "secret_key" not in options


def test_a_read_replica_gets_its_own_alias_and_the_summary_reads(tmp_path):
    found = settings_of(
        tmp_path, DATABASE_REPLICA_URL="postgres://replika:secret@db-replica.internal:5432/replika"
    )
    databases = found["databases"]
    assert isinstance(databases, dict)
    assert databases["default"]["HOST"] == "db-primary.internal"
    assert databases["replica"]["HOST"] == "db-replica.internal"
    # Django's engine, checking a connection's health after it sat idle (core.database).
    assert databases["default"]["ENGINE"] == "replika.core.database.postgresql"
    assert databases["replica"]["ENGINE"] == "replika.core.database.postgresql"
    # Test runs never need a second server: the replica mirrors the test database.
    assert databases["replica"]["TEST"]["MIRROR"] == "default"
    assert found["summary_reads"] == "replica"


def test_cache_and_queue_share_one_redis_or_use_their_own(tmp_path):
    one = settings_of(tmp_path, REDIS_URL="redis://redis.internal:6379/0")
    assert one["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert one["cache_location"] == one["queue"] == "redis://redis.internal:6379/0"
    two = settings_of(
        tmp_path,
        REDIS_URL="redis://redis.internal:6379/0",
        REDIS_CACHE_URL="redis://cache.internal:6379/1",
        REDIS_QUEUE_URL="redis://queue.internal:6379/2",
    )
    assert two["cache_location"] == "redis://cache.internal:6379/1"
    assert two["queue"] == "redis://queue.internal:6379/2"


# --- the router -------------------------------------------------------------------------------


@pytest.fixture
def with_replica(settings):
    # Only the router reads this setting here; no connection to "replica" is ever opened.
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_router_sends_only_dashboard_summary_reads_to_the_replica(with_replica, transactional_db):
    router = ReplicaRouter()
    assert router.db_for_read(NutritionSummary) is None  # outside a dashboard: the primary
    with replica.dashboard_reads():
        assert router.db_for_read(NutritionSummary) == "replica"
        # Access checks read the primary: a revoked membership ends access at once.
        assert router.db_for_read(Membership) is None
        # The summary refresh reads inside its transaction and must see its own writes.
        with transaction.atomic():
            assert router.db_for_read(NutritionSummary) is None
    assert router.db_for_write(NutritionSummary) == "default"
    assert router.allow_migrate("replica", "nutrition") is False
    assert router.allow_migrate("default", "nutrition") is None


def test_without_a_replica_the_router_decides_nothing(transactional_db):
    router = ReplicaRouter()
    with replica.dashboard_reads():
        assert router.db_for_read(NutritionSummary) is None
    assert router.db_for_write(NutritionSummary) is None


def test_dashboards_and_public_figures_read_summaries_in_replica_mode(monkeypatch, db):
    """The views that draw figures enter ``dashboard_reads``; the rest of the site does not."""
    from replika.nutrition.services.summaries import summaries_rebuild
    from replika.replication.models import Stage
    from tests.factories import make_commitment, user_with_role

    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    summaries_rebuild()
    asked: list[tuple[str, bool]] = []
    original = ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        if model is NutritionSummary:
            asked.append((model.__name__, replica._drawing.get()))
        return original(self, model, **hints)

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    officer = user_with_role("petugas_gizi_dinkes", "13.71")
    client = Client()
    client.force_login(officer)
    for path in ("/gizi/dasbor/?tempat=13.71", "/gizi/publik/", "/api/v1/nutrition/prevalence"):
        asked.clear()
        anonymous = path != "/gizi/dasbor/?tempat=13.71"
        answer = (Client() if anonymous else client).get(
            path + ("?wilayah=13.71&period=2025-01" if path.endswith("prevalence") else "")
        )
        assert answer.status_code == 200, (path, answer.status_code)
        assert asked, f"{path} read no summary"
        assert all(inside for _name, inside in asked), f"{path} read summaries outside"
