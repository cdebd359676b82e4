"""Django settings, all read from the environment (see the README's configuration table).

Two modes: the embedded default (SQLite under ``LINGHUO_DATA_DIR``, a generated secret kept in that
folder) and production (``LINGHUO_ENV=production``: secrets and hosts required, HTTPS enforced,
``manage.py check --deploy`` clean).
"""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path

import dj_database_url

from linghuo.config.env import (
    ConfigurationError,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_secret,
    env_secrets,
    env_str,
    require_strong_secret,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("LINGHUO_DATA_DIR", str(Path.cwd() / "data"))).resolve()
ENVIRONMENT = env_str("LINGHUO_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ConfigurationError(f"LINGHUO_ENV must be development, production or test, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("LINGHUO_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ConfigurationError("LINGHUO_DEBUG must be off in production")


def _local_secret(name: str, nbytes: int) -> str:
    """A secret generated once and kept in the data folder (development and demo only)."""
    path = DATA_DIR / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(nbytes), "utf-8")
        path.chmod(0o600)
    return path.read_text("utf-8").strip()


def _secret(name: str, local_name: str, nbytes: int = 50) -> str:
    value = env_secret(name)
    if value:
        return require_strong_secret(name, value) if PRODUCTION else value
    if PRODUCTION:
        raise ConfigurationError(f"{name} (or {name}_FILE) must be set in production")
    return _local_secret(local_name, nbytes)


SECRET_KEY = _secret("LINGHUO_SECRET_KEY", "django_secret_key")
# Rotation: sessions and signed values made under these still validate until they expire (SECURITY.md).
SECRET_KEY_FALLBACKS = env_list("LINGHUO_SECRET_KEY_PREVIOUS", [])
# Key material for personal data at rest: encryption and keyed lookup hashes (see linghuo.personal_data).
FIELD_ENCRYPTION_KEY = _secret("LINGHUO_FIELD_KEY", "field_key", 32)
# Keys being rotated out: values written under them still decrypt until `linghuo keys rotate` has run.
FIELD_ENCRYPTION_KEYS_PREVIOUS = env_list("LINGHUO_FIELD_KEY_PREVIOUS", [])

ALLOWED_HOSTS = env_list(
    "LINGHUO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigurationError("LINGHUO_ALLOWED_HOSTS must list the site's host names in production")
CSRF_TRUSTED_ORIGINS = env_list("LINGHUO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "linghuo.accounts",
    "linghuo.audit",
    "linghuo.registry",
    "linghuo.collection",
    "linghuo.insights",
    "linghuo.benefits",
    "linghuo.payments",
    "linghuo.market",
    "linghuo.web",
    "linghuo.api",
    # Serves the API docs page from its own static files (no CDN).
    "ninja",
    # Background work: Django's tasks framework (the backport) and its database backend's queue table.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response, static files included.
    "linghuo.web.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Chinese unless the visitor chose English (Accept-Language is not consulted).
    "linghuo.site.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "linghuo.config.urls"
WSGI_APPLICATION = "linghuo.config.wsgi.application"

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
                "linghuo.web.context.site",
            ],
        },
    },
]

# The embedded default is SQLite in the data folder; DATABASE_URL selects PostgreSQL (or another).
# SQLite, whichever way it is named: a busy timeout and WAL, as web processes and workers share the file.
_SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL;",
}
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=env_int("LINGHUO_DB_CONN_MAX_AGE", 60))
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(_SQLITE_OPTIONS)
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "linghuo.sqlite3"),
            "OPTIONS": dict(_SQLITE_OPTIONS),
            # Tests use a file too (not Django's shared-cache in-memory default): background jobs and the
            # pages polling them then lock as in production (WAL, busy timeout), not table by table.
            "TEST": {"NAME": str(DATA_DIR / "test_linghuo.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# LockoutBackend (django-axes) refuses a locked number before MobileBackend checks the password.
AUTHENTICATION_BACKENDS = [
    "linghuo.accounts.lockout.LockoutBackend",
    "linghuo.accounts.backends.MobileBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
# Lockout: this many failed logins for one mobile number within the window locks it for the window; this
# many from one address (whatever the numbers: spraying) locks the address for the window. The number's
# limit is low and its lock short, so a stranger guessing cannot keep someone out for long; the address's
# is higher, as an office's staff share one address behind NAT.
LINGHUO_LOGIN_MAX_FAILURES = env_int("LINGHUO_LOGIN_MAX_FAILURES", 5)
LINGHUO_LOGIN_ADDRESS_MAX_FAILURES = env_int("LINGHUO_LOGIN_ADDRESS_MAX_FAILURES", 20)
LINGHUO_LOGIN_LOCKOUT_MINUTES = env_int("LINGHUO_LOGIN_LOCKOUT_MINUTES", 15)
if min(LINGHUO_LOGIN_MAX_FAILURES, LINGHUO_LOGIN_ADDRESS_MAX_FAILURES, LINGHUO_LOGIN_LOCKOUT_MINUTES) <= 0:
    raise ConfigurationError(
        "LINGHUO_LOGIN_MAX_FAILURES, _ADDRESS_MAX_FAILURES and _LOCKOUT_MINUTES must be positive"
    )
# django-axes counts failures per keyed hash of the mobile number (never the number in clear) and per address,
# each against its own limit (linghuo.accounts.lockout.LockoutHandler).
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AXES_HANDLER = "linghuo.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The address as the rate limits see it: REMOTE_ADDR, X-Forwarded-For only from LINGHUO_TRUSTED_PROXIES.
AXES_CLIENT_IP_CALLABLE = "linghuo.site.throttle.client_address"
AXES_USERNAME_CALLABLE = "linghuo.accounts.lockout.lockout_key"
AXES_FAILURE_LIMIT = "linghuo.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "linghuo.accounts.lockout.lockout_duration"
AXES_LOCKOUT_CALLABLE = "linghuo.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["username", "mobile", "password", "ip_address"]
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log
AXES_VERBOSE = False

# Clients' rate-limit counters (linghuo.site.throttle): in the database, so every web process (and machine)
# shares them; the table is made by `migrate` (linghuo.web's migration runs createcachetable).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "linghuo_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# The public rules endpoints' work budget: persons in one request, and units (a person evaluated; the
# measures list counts as LINGHUO_THROTTLE_MEASURES_UNITS) per client and window — an anonymous client by
# its address, a signed-in one by its account.
LINGHUO_API_MAX_PERSONS_ANONYMOUS = env_int("LINGHUO_API_MAX_PERSONS_ANONYMOUS", 200)
LINGHUO_API_MAX_PERSONS = env_int("LINGHUO_API_MAX_PERSONS", 1000)
LINGHUO_THROTTLE_WINDOW_SECONDS = env_int("LINGHUO_THROTTLE_WINDOW_SECONDS", 60)
LINGHUO_THROTTLE_ANONYMOUS_UNITS = env_int("LINGHUO_THROTTLE_ANONYMOUS_UNITS", 1000)
LINGHUO_THROTTLE_USER_UNITS = env_int("LINGHUO_THROTTLE_USER_UNITS", 5000)
LINGHUO_THROTTLE_MEASURES_UNITS = env_int("LINGHUO_THROTTLE_MEASURES_UNITS", 10)
if not 0 < LINGHUO_API_MAX_PERSONS_ANONYMOUS <= LINGHUO_THROTTLE_ANONYMOUS_UNITS:
    raise ConfigurationError(
        "LINGHUO_API_MAX_PERSONS_ANONYMOUS must lie between 1 and LINGHUO_THROTTLE_ANONYMOUS_UNITS"
    )
if not 0 < LINGHUO_API_MAX_PERSONS <= LINGHUO_THROTTLE_USER_UNITS:
    raise ConfigurationError("LINGHUO_API_MAX_PERSONS must lie between 1 and LINGHUO_THROTTLE_USER_UNITS")
if min(LINGHUO_THROTTLE_WINDOW_SECONDS, LINGHUO_THROTTLE_MEASURES_UNITS) <= 0:
    raise ConfigurationError(
        "LINGHUO_THROTTLE_WINDOW_SECONDS and LINGHUO_THROTTLE_MEASURES_UNITS must be positive"
    )
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated); none:
# REMOTE_ADDR is the client.
LINGHUO_TRUSTED_PROXIES = env_list("LINGHUO_TRUSTED_PROXIES", [])
for _proxy in LINGHUO_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ConfigurationError(
            f"LINGHUO_TRUSTED_PROXIES: {_proxy!r} is not an address or network"
        ) from None

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("LINGHUO_STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Outside production the finders serve assets; the folder only has to exist for WhiteNoise.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Uploads (rosters, contributions): a clear limit, checked before reading the file.
LINGHUO_MAX_UPLOAD_BYTES = env_int("LINGHUO_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An uploaded file is cut one byte past LINGHUO_MAX_UPLOAD_BYTES as it arrives: never spooled whole to disk.
FILE_UPLOAD_HANDLERS = [
    "linghuo.collection.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# What one upload may hold (linghuo.spreadsheets.limits): refused before parsing when beyond; the error
# report lists at most so many rejected rows; an organisation has at most so many uploads queued or importing.
LINGHUO_MAX_UPLOAD_ROWS = env_int("LINGHUO_MAX_UPLOAD_ROWS", 300_000)
LINGHUO_MAX_UPLOAD_COLUMNS = env_int("LINGHUO_MAX_UPLOAD_COLUMNS", 200)
LINGHUO_MAX_UPLOAD_CELLS = env_int("LINGHUO_MAX_UPLOAD_CELLS", 10_000_000)
LINGHUO_MAX_UPLOAD_UNPACKED_BYTES = env_int("LINGHUO_MAX_UPLOAD_UNPACKED_BYTES", 512 * 1024 * 1024)
LINGHUO_MAX_ERROR_REPORT_ROWS = env_int("LINGHUO_MAX_ERROR_REPORT_ROWS", 10_000)
LINGHUO_MAX_ACTIVE_SUBMISSIONS = env_int("LINGHUO_MAX_ACTIVE_SUBMISSIONS", 2)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("LINGHUO_SESSION_SECONDS", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("LINGHUO_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("LINGHUO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Employment registration (十五): the share of new registrations drawn for a later spot check.
LINGHUO_SPOT_CHECK_SHARE = env_float("LINGHUO_SPOT_CHECK_SHARE", 0.05)
if not 0 <= LINGHUO_SPOT_CHECK_SHARE <= 1:
    raise ConfigurationError("LINGHUO_SPOT_CHECK_SHARE must lie between 0 and 1")
# Long work (roster imports, screening runs) goes on the task queue, which `linghuo worker` runs and the pages
# poll (see linghuo.background); off = in the request.
LINGHUO_IMPORT_IN_BACKGROUND = env_bool("LINGHUO_IMPORT_IN_BACKGROUND", default=True)
LINGHUO_SCREENING_IN_BACKGROUND = env_bool("LINGHUO_SCREENING_IN_BACKGROUND", default=True)
# Where offers and decisions are sent as SMS (linghuo.benefits.notify): "database" (the outbox table), "file"
# (data/outbox/sms.jsonl) or a dotted path to a gateway class.
LINGHUO_SMS_BACKEND = env_str("LINGHUO_SMS_BACKEND", "database")
# Where sign-up's one-time codes go (linghuo.accounts.sms): "console" (the log: development and tests), "file"
# (data/outbox/signup-sms.jsonl) or a dotted path to a gateway class. Production has no default (sign-up stays
# closed until a gateway is named) and refuses the console, which would drop the codes into a log.
LINGHUO_SIGNUP_SMS_BACKEND = env_str("LINGHUO_SIGNUP_SMS_BACKEND", "" if PRODUCTION else "console")
if PRODUCTION and LINGHUO_SIGNUP_SMS_BACKEND == "console":
    raise ConfigurationError(
        "LINGHUO_SIGNUP_SMS_BACKEND cannot be console in production: name file or a gateway"
    )
# The queue: Django's tasks framework on the database (django-tasks-db: a table, on SQLite and PostgreSQL
# alike); tests run an enqueued job at once in the caller ("immediate").
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
LINGHUO_TASK_QUEUE = env_str("LINGHUO_TASK_QUEUE", "immediate" if ENVIRONMENT == "test" else "database")
if LINGHUO_TASK_QUEUE not in _TASK_BACKENDS:
    raise ConfigurationError(f"LINGHUO_TASK_QUEUE must be database or immediate, not {LINGHUO_TASK_QUEUE!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[LINGHUO_TASK_QUEUE], "QUEUES": ["default"]}}
# A job's lease: a job whose row reported no progress for this long lost its worker and is ended as failed
# (as long as the pages wait before they show it as interrupted).
LINGHUO_JOB_LEASE_SECONDS = env_int("LINGHUO_JOB_LEASE_SECONDS", 600)
if LINGHUO_JOB_LEASE_SECONDS <= 0:
    raise ConfigurationError("LINGHUO_JOB_LEASE_SECONDS must be a positive number of seconds")

# Database triggers refusing UPDATE/DELETE on the audit log (see linghuo.audit.guard).
LINGHUO_AUDIT_DATABASE_GUARD = env_bool("LINGHUO_AUDIT_DATABASE_GUARD", default=ENVIRONMENT != "test")
# The audit chain's HMAC key, never in the database, and the keys it replaced, which still verify what they
# sealed (see linghuo.audit.keys); the append-only file of the chain's anchors (none under the test settings,
# whose anchor tests name their own) and how often ``linghuo worker`` appends one (linghuo.audit.anchors).
LINGHUO_AUDIT_KEY = _secret("LINGHUO_AUDIT_KEY", "audit_key", 32)
LINGHUO_AUDIT_KEY_PREVIOUS = [
    require_strong_secret("LINGHUO_AUDIT_KEY_PREVIOUS", key) if PRODUCTION else key
    for key in env_secrets("LINGHUO_AUDIT_KEY_PREVIOUS")
]
LINGHUO_AUDIT_ANCHOR_FILE = env_str(
    "LINGHUO_AUDIT_ANCHOR_FILE", "" if ENVIRONMENT == "test" else str(DATA_DIR / "audit-anchors.jsonl")
)
LINGHUO_AUDIT_ANCHOR_MINUTES = env_float("LINGHUO_AUDIT_ANCHOR_MINUTES", 15.0)
# Database triggers refusing DELETE of posted ledger postings and lines (see linghuo.payments.guard).
LINGHUO_LEDGER_DATABASE_GUARD = env_bool("LINGHUO_LEDGER_DATABASE_GUARD", default=ENVIRONMENT != "test")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LINGHUO_LOG_LEVEL", "WARNING")},
}
