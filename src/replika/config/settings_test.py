"""Test settings: the base settings with fast hashing and tasks run in-process."""

import os

os.environ.setdefault("REPLIKA_INSECURE_HTTP", "1")

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
