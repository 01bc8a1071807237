"""Replika settings: one module, read from the environment (twelve-factor)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

# Every variable the README documents is read here, through django-environ, with its default.
env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
# var/ holds the SQLite database, uploads and other state; it sits next to src/ in a checkout.
VAR_DIR = Path(env.str("REPLIKA_VAR_DIR", default=str(BASE_DIR.parent.parent / "var")))

DEBUG = env.bool("DEBUG", default=False)
# The development key only exists so that `make run` works out of the box; without DEBUG the
# settings refuse to load (so no server, worker or command starts) until a real key is set.
DEVELOPMENT_SECRET_KEY = "replika-development-only-key-change-me-in-production"  # noqa: S105
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)


def secret_key_problem(key: str, *, debug: bool) -> str | None:
    """Why ``key`` may not sign sessions in this mode, or None when it may."""
    if debug:
        return None
    if not key or key == DEVELOPMENT_SECRET_KEY:
        return "SECRET_KEY is not set: production (DEBUG=0) needs its own random key."
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return (
            f"SECRET_KEY is {len(key)} characters long: production (DEBUG=0) needs at least "
            f"{SECRET_KEY_MIN_LENGTH} random characters."
        )
    return None


if (_SECRET_KEY_PROBLEM := secret_key_problem(SECRET_KEY, debug=DEBUG)) is not None:
    raise ImproperlyConfigured(
        _SECRET_KEY_PROBLEM
        + " Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", cast=str.strip, default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", cast=str.strip, default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "ninja",
    "replika.core",
    "replika.replication",
    "replika.nutrition",
    "replika.schooling",
    "replika.tourism",
    "replika.outbreak",
    "replika.competition",
    "replika.positions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous hits on shared public answers stop here (replika.core.public_answers).
    "replika.core.public_answers.PublicAnswerCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "replika.core.middleware.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "replika.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "replika.core.middleware.ActiveMembershipMiddleware",
    "replika.core.middleware.SettingsMemoMiddleware",
    "replika.core.middleware.ApiErrorShapeMiddleware",
]

ROOT_URLCONF = "replika.config.urls"
WSGI_APPLICATION = "replika.config.wsgi.application"
ASGI_APPLICATION = "replika.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "replika.core.context_processors.shell",
            ],
        },
    },
]

# Fields render through one project template: label, required marker, help and errors.
FORM_RENDERER = "replika.core.forms.FormRenderer"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'replika.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Django's PostgreSQL engine, checking a reused connection's health only after it sat idle
# (replika.core.database.postgresql).
_POSTGRESQL = "django.db.backends.postgresql"
_POSTGRESQL_CHECKED_WHEN_IDLE = "replika.core.database.postgresql"
if DATABASES["default"]["ENGINE"] == _POSTGRESQL:
    DATABASES["default"]["ENGINE"] = _POSTGRESQL_CHECKED_WHEN_IDLE
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server read while a worker writes; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# Scale-out: a read replica of PostgreSQL for dashboards. Reads of summary tables made while a
# dashboard or public figure is drawn go to it (replika.core.replica); everything else, and
# every write, stays on the primary. Unset: one database does everything.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["replica"]["ENGINE"] == _POSTGRESQL:
        DATABASES["replica"]["ENGINE"] = _POSTGRESQL_CHECKED_WHEN_IDLE
    # Tests never get a second database: the replica is the primary seen twice.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["replika.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "replika.core.auth_backend.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Login throttling: five failures lock the username+address pair for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_VERBOSE = False
# Behind a reverse proxy every request arrives from the proxy's address, so one attacker would
# lock everybody out. List the proxies' addresses (or networks) here: only for requests coming
# from them is the client taken from X-Forwarded-For; from anywhere else the header is ignored.
REPLIKA_TRUSTED_PROXIES = env.list("REPLIKA_TRUSTED_PROXIES", cast=str.strip, default=[])
AXES_CLIENT_IP_CALLABLE = "replika.core.middleware.client_address"

# Mail (password reset): EMAIL_URL (e.g. smtp+tls://user:password@smtp.example.go.id:587)
# or the separate EMAIL_* variables; without a host, development prints mail to the console.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Replika <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    _EMAIL_HOST_GIVEN = bool(env.str("EMAIL_HOST", default=""))
    EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
    EMAIL_BACKEND = (
        "django.core.mail.backends.smtp.EmailBackend"
        if _EMAIL_HOST_GIVEN or not DEBUG
        else "django.core.mail.backends.console.EmailBackend"
    )

# Personal API tokens stop working this many days after they are made.
REPLIKA_API_TOKEN_DAYS = env.int("REPLIKA_API_TOKEN_DAYS", default=90)

# Sessions end after eight idle hours (a working day) and when the browser closes. A session
# in use is written again (its expiry pushed back) at most once a minute, not on every request
# (replika.core.middleware.SessionTouchMiddleware).
SESSION_ENGINE = "replika.core.sessions"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
REPLIKA_SESSION_TOUCH_SECONDS = env.int("REPLIKA_SESSION_TOUCH_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Production hardening is on whenever DEBUG is off, unless the deployment terminates TLS
# elsewhere and says so (REPLIKA_INSECURE_HTTP=1 is for the local demo only).
_HTTPS = not DEBUG and not env.bool("REPLIKA_INSECURE_HTTP", default=False)
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = _HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# No inline scripts or styles anywhere: every script and stylesheet is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One display format per language ("15 November 2021") and inputs that take 31/12/2026.
FORMAT_MODULE_PATH = ["replika.config.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploads and job files: a folder (REPLIKA_MEDIA_ROOT) by default, or an S3-compatible bucket
# (AWS S3, MinIO, Ceph …) shared by every app server when REPLIKA_S3_BUCKET is set. The
# credentials come from boto3's usual places (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or the
# host's role), never from this file. Objects stay private: they are served only through the
# access-checked download views, never by a public URL.
REPLIKA_S3_BUCKET = env.str("REPLIKA_S3_BUCKET", default="")


def s3_storage(bucket: str) -> dict[str, Any]:
    """The default storage on an S3-compatible bucket, from the AWS_* variables."""
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": env.str("REPLIKA_S3_PREFIX", default=""),
        "file_overwrite": False,
        "querystring_auth": True,
        "default_acl": None,
    }
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("addressing_style", "AWS_S3_ADDRESSING_STYLE"),
    ):
        if value := env.str(variable, default=""):
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": s3_storage(REPLIKA_S3_BUCKET)
    if REPLIKA_S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "replika.core.staticstorage.ManifestStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Only the hashed copies are kept (templates always go through {% static %}), and WhiteNoise
# skips pre-compressing source maps, which nobody's browser fetches but a developer's tools:
# together they cut `collectstatic` on two cores from about 20 s to a few.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Uploads live outside the web root and are only served through access-checked views.
MEDIA_ROOT = Path(env.str("REPLIKA_MEDIA_ROOT", default=str(VAR_DIR / "uploads")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# One Redis for both, or each on its own (REDIS_CACHE_URL / REDIS_QUEUE_URL, e.g. a cache
# Redis without persistence and a queue Redis with it).
REDIS_URL = env.str("REDIS_URL", default="")
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default=REDIS_URL)
REDIS_QUEUE_URL = env.str("REDIS_QUEUE_URL", default=REDIS_URL)
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: the database backend needs nothing extra; RQ spreads work over Redis.
TASK_BACKEND = env.str("REPLIKA_TASK_BACKEND", default="database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default"]}}
RQ_QUEUES = {
    "default": {"URL": REDIS_QUEUE_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "replika.core.logging.json_formatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Background processes: how often workers and the scheduler write a heartbeat, after how long
# without one a process counts as gone (/healthz answers 503, its running jobs fail), and how
# many days temporary files (exports, uploads waiting for import) are kept.
REPLIKA_HEARTBEAT_SECONDS = env.int("REPLIKA_HEARTBEAT_SECONDS", default=15)
REPLIKA_WORKER_STALE_SECONDS = env.int("REPLIKA_WORKER_STALE_SECONDS", default=120)
REPLIKA_FILE_RETENTION_DAYS = env.int("REPLIKA_FILE_RETENTION_DAYS", default=7)

# Public figures: counts below this minimum are withheld ("< 10"), and public pages and the
# public API are cached this many seconds at most (a summary refresh invalidates them sooner).
# The letterhead of the reports for the ministry: lines separated by "|", set by the province.
REPLIKA_REPORT_LETTERHEAD = env.str(
    "REPLIKA_REPORT_LETTERHEAD",
    default="PEMERINTAH PROVINSI SUMATERA BARAT|SEKRETARIAT DAERAH — BIRO ORGANISASI"
    "|Jalan Jenderal Sudirman No. 51, Padang",
)
REPLIKA_PUBLIC_MIN_CELL = env.int("REPLIKA_PUBLIC_MIN_CELL", default=10)
REPLIKA_PUBLIC_CACHE_SECONDS = env.int("REPLIKA_PUBLIC_CACHE_SECONDS", default=300)
