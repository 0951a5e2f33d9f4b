"""Settings shared by every environment, read from typed environment variables.

These are the production settings: secure by default. `dev` and `test` import them and relax what
a workstation or a test run needs. Every variable is listed in docs/environment.md.
"""

import copy
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DATA_DIR = Path(env.str("PACTE_DATA_DIR", default=str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Ground floor.
    "pacte.core",
    "pacte.audit",
    "pacte.territory",
    "pacte.referentials",
    # Domain.
    "pacte.organizations",
    "pacte.beneficiaries",
    "pacte.pathways",
    "pacte.invitations",
    "pacte.offers",
    "pacte.employment",
    "pacte.pact",
    "pacte.evaluation",
    "pacte.portal",
    # Delivery.
    "pacte.web",
    "pacte.api",
    "pacte.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pacte.web.cache.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pacte.audit.middleware.AuditContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pacte.web.middleware.TwoFactorRequiredMiddleware",
    "pacte.web.middleware.UnreadableNirMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pacte.web.context_processors.navigation",
            ],
        },
    },
]


def database_settings(url):
    """One database for everything; SQLite gets WAL and immediate transactions."""
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
            ),
        }
    else:
        config.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
        # PostgreSQL's JIT compiles a query whose estimated cost passes a threshold: for Pacte's
        # queries (a département's rows, by index) compiling takes longer than running them.
        config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
        config["CONN_HEALTH_CHECKS"] = True
    return config


def volatile_database_settings(main):
    """Progress, heartbeats, the cache: written while an import holds the main write lock.

    SQLite: a second file next to the main one. Elsewhere: the same database through a second
    connection (pacte/core/routers.py, docs/decisions/002-background-tasks.md).
    """
    config = copy.deepcopy(main)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        path = Path(config["NAME"])
        config["NAME"] = str(path.with_name(f"{path.stem}-volatile{path.suffix}"))
    return config


DATABASES = {
    "default": database_settings(env.str("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'pacte.sqlite3'}"))
}
DATABASES["volatile"] = volatile_database_settings(DATABASES["default"])
# Decided here, before a test run renames the databases: the volatile tables live in their own
# database (SQLite) or in the main one (pacte/core/routers.py).
PACTE_VOLATILE_SEPARATE = DATABASES["volatile"]["NAME"] != DATABASES["default"]["NAME"]
DATABASE_ROUTERS = ["pacte.core.routers.VolatileRouter"]
# Shared by every web and worker process (the login throttle's counters): Django's database cache,
# in the volatile database; `pacte migrate` creates its table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "pacte_cache",
        # Culling would forget throttle counters: keep many entries, expired ones go first.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
}
# Background tasks: Django's tasks API (the django-tasks backport), its database backend, run by
# `pacte db_worker` processes beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# ProConnect, the State's login for public agents (pacte/organizations/proconnect.py, docs/proconnect.md):
# off unless the département has registered Pacte with ProConnect.
PACTE_PROCONNECT_ENABLED = env.bool("PACTE_PROCONNECT_ENABLED", default=False)
PACTE_PROCONNECT_URL = env.str(
    "PACTE_PROCONNECT_URL", default="https://auth.proconnect.gouv.fr/api/v2"
).rstrip("/")
# The `acr` values by which ProConnect vouches for a second factor (`mfa` in `amr` too).
PACTE_PROCONNECT_MFA_ACR = env.list(
    "PACTE_PROCONNECT_MFA_ACR",
    default=[
        "https://proconnect.gouv.fr/assurance/self-asserted-2fa",
        "https://proconnect.gouv.fr/assurance/consistency-checked-2fa",
        "eidas2",
        "eidas3",
    ],
)
OIDC_RP_CLIENT_ID = env.str("PACTE_PROCONNECT_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("PACTE_PROCONNECT_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PACTE_PROCONNECT_URL}/authorize"
OIDC_OP_TOKEN_ENDPOINT = f"{PACTE_PROCONNECT_URL}/token"
OIDC_OP_USER_ENDPOINT = f"{PACTE_PROCONNECT_URL}/userinfo"
OIDC_OP_JWKS_ENDPOINT = f"{PACTE_PROCONNECT_URL}/jwks"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email given_name usual_name"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "web:proconnect_callback"
LOGIN_REDIRECT_URL_FAILURE = "/connexion/"  # used as is by mozilla-django-oidc, not resolved
if PACTE_PROCONNECT_ENABLED:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "pacte.organizations.proconnect.ProConnectBackend"]

# Pacte is in French only: no LocaleMiddleware, so a browser in English still gets French
# numbers and dates (13 516, 31/05/2026).
LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns at start-up when it is missing
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security: production defaults, each overridable for a deployment behind a TLS proxy.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The supervision probes the application server directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions end after this idle time (sliding) and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=2 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pacte.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "pacte.api.permissions.SecondFactorVerified",
    ],
    "DEFAULT_PAGINATION_CLASS": "pacte.api.pagination.PactePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Pacte",
    "DESCRIPTION": "API du système d'information du Pacte territorial d'insertion.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pacte.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "TrackEnum": "pacte.pathways.enums.Track.choices",
        "BodyKindEnum": "pacte.organizations.enums.OrientationBodyKind.choices",
        "ExitKindEnum": "pacte.pathways.enums.ExitKind.choices",
        "PlanItemStatusEnum": "pacte.pathways.enums.PlanItemStatus.choices",
        "OfferStatusEnum": "pacte.offers.enums.OfferStatus.choices",
        "PrescriptionStatusEnum": "pacte.offers.enums.PrescriptionStatus.choices",
        "JobOfferStatusEnum": "pacte.employment.enums.JobOfferStatus.choices",
        "PactStatusEnum": "pacte.pact.enums.PactStatus.choices",
    },
}

# PACTE_LOG_FORMAT=json: one JSON object per line (pacte/core/logging.py), the web server's request
# lines included; "text" is Python's plain lines.
PACTE_LOG_FORMAT = env.str("PACTE_LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pacte.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if PACTE_LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # The template engine's DEBUG records of a missing variable repeat the page's context (persons'
    # names): never logged, whatever LOG_LEVEL says.
    "loggers": {"django.template": {"level": "INFO"}},
}
if PACTE_LOG_FORMAT == "json":
    LOGGING["loggers"]["django.server"] = {"handlers": ["console"], "level": "INFO", "propagate": False}

# Pacte.
PACTE_RETENTION_MONTHS = env.int("PACTE_RETENTION_MONTHS", default=24)
# Key for encrypting the NIR at rest and for its keyed look-up hash (32+ characters): required, and
# apart from SECRET_KEY (a deploy check says so), so that rotating one never touches the other.
# Changing it: `pacte rotate-nir-key --old-key ...` (docs/decisions/004-nir-at-rest.md).
PACTE_NIR_KEY = env.str("PACTE_NIR_KEY")
PACTE_NIR_KEY_OLD = env.str("PACTE_NIR_KEY_OLD", default="")
# E-mail (invitations of new staff, password resets): EMAIL_URL as django-environ reads it, e.g.
# smtp+tls://user:password@smtp.example.org:587 ; consolemail:// prints them.
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Pacte <ne-pas-repondre@pacte.example>")
# Invitations' SMS: "none" (no SMS offered), "console", "file" (one file per SMS in
# PACTE_SMS_FILE_PATH) or the dotted path of a département's provider class (pacte/invitations/senders.py).
PACTE_SMS_BACKEND = env.str("PACTE_SMS_BACKEND", default="none")
PACTE_SMS_FILE_PATH = DATA_DIR / "sms"
# How the sign-in codes of the beneficiaries' space leave (pacte/portal/senders.py).
PACTE_PORTAL_SENDER = env.str("PACTE_PORTAL_SENDER", default="pacte.portal.senders.MessageSender")
# The address of the site in the links that reminders sent from the command line carry.
PACTE_PUBLIC_URL = env.str("PACTE_PUBLIC_URL", default="http://localhost:8000")
# Lifetime of the links that set a password (an invitation, "mot de passe oublié"); each opens once.
PASSWORD_RESET_TIMEOUT = env.int("PACTE_PASSWORD_LINK_HOURS", default=72) * 3600
# Login throttle (pacte/organizations/throttle.py): from this many failures of one account from one
# address, each further attempt waits 2^n seconds, up to the lockout length.
PACTE_LOGIN_MAX_FAILURES = env.int("PACTE_LOGIN_MAX_FAILURES", default=3)
PACTE_LOGIN_LOCKOUT_MINUTES = env.int("PACTE_LOGIN_LOCKOUT_MINUTES", default=15)
# Failures from one address within an hour, over every account, that close it for the hour.
PACTE_LOGIN_IP_MAX_FAILURES = env.int("PACTE_LOGIN_IP_MAX_FAILURES", default=100)
# Lifetime of an API token, in hours.
PACTE_API_TOKEN_HOURS = env.int("PACTE_API_TOKEN_HOURS", default=12)
# Background tasks: the worker stamps a running task's heartbeat every PACTE_TASK_HEARTBEAT_SECONDS;
# one silent for PACTE_TASK_HEARTBEAT_TIMEOUT seconds is marked failed (its process died). Progress
# is written at most every PACTE_TASK_PROGRESS_SECONDS.
PACTE_TASK_HEARTBEAT_SECONDS = env.float("PACTE_TASK_HEARTBEAT_SECONDS", default=5)
PACTE_TASK_HEARTBEAT_TIMEOUT = env.float("PACTE_TASK_HEARTBEAT_TIMEOUT", default=60)
PACTE_TASK_PROGRESS_SECONDS = env.float("PACTE_TASK_PROGRESS_SECONDS", default=0.5)
# Largest file accepted by the web uploads (CAF files, spreadsheets), in megabytes.
PACTE_UPLOAD_MAX_MB = env.int("PACTE_UPLOAD_MAX_MB", default=500)
# `/healthz` (pacte/web/health.py): degraded when a task has waited this long for a worker, or
# when a département's latest CAF import is older than this.
PACTE_HEALTH_WORKER_MINUTES = env.int("PACTE_HEALTH_WORKER_MINUTES", default=5)
PACTE_HEALTH_CAF_IMPORT_DAYS = env.int("PACTE_HEALTH_CAF_IMPORT_DAYS", default=35)
# Database triggers that make the audit log append-only (pacte/audit/triggers.py).
PACTE_AUDIT_DB_TRIGGERS = True
# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed; nobody else's is.
PACTE_TRUSTED_PROXIES = env.list("PACTE_TRUSTED_PROXIES", default=[])
