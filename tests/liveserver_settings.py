"""Settings of the live test server: production settings with two test-only shortcuts.

The live server runs with ``DEBUG=0`` like production, so templates resolve static files
through the manifest (a missing file breaks a page, as it would in production). Two costs
are cut: WhiteNoise's gzip/brotli pre-compression of the vendored bundles takes minutes on
two cores and changes nothing a test can see, and argon2 makes the demo's accounts slow.
"""

import os
from pathlib import Path

from replika.config.settings import *  # noqa: F403
from replika.config.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The live server runs two gunicorn workers. Production shares one cache between its
# processes (Redis), so a change one worker makes (a dashboard's cache version bumped on
# commit) is seen by the other; a file cache gives the test server the same sharing.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(os.environ["REPLIKA_VAR_DIR"]) / "cache"),
    }
}
