"""Test settings: the base settings with fast hashing and tasks run in-process."""

import os

os.environ.setdefault("REPLIKA_INSECURE_HTTP", "1")
# Tests run with DEBUG off like production, so they need a key the production check accepts;
# commands the tests start as subprocesses inherit it.
os.environ.setdefault("SECRET_KEY", "replika-test-suite-key-" + "x7Qp2vLm9sKd" * 4)

from .settings import *  # noqa: F403
from .settings import DATABASES, TASKS

# Tests hash many passwords; MD5 keeps them fast and is never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS["default"] = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AXES_ENABLED = True
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Mail stays in memory (django.core.mail.outbox), whatever the environment says.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests count queries per request: a session written on every request keeps counts stable
# (tests of the once-a-minute write set their own interval).
REPLIKA_SESSION_TOUCH_SECONDS = 0
