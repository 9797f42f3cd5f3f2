"""Settings shared by every environment; the environment decides the rest.

Every variable read here is documented in `.env.example`.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.richtext import EDITOR_MODULES

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local `.env` is read when present; real environments set variables directly.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# `var/` is git-ignored: the SQLite database and uploaded files of a local set-up live there.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "config.apps.AdminConfig",  # django.contrib.admin with the site of config/admin_site.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # The search vector field and full-text lookups (PostgreSQL; harmless on SQLite).
    "django.contrib.postgres",
    "axes",
    # The rich-text editor of the admin (config/richtext.py, config/richtext_fields.py).
    "django_prose_editor",
    # Revisions with compare, revert and recovery in the admin (config/revisions.py).
    "reversion",
    "regions",
    "campaigns",
    "manifestos",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    # Before anything reads the body (CSRF reads POST).
    "config.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Rate limiting and CORS of /api/v1/, before the page cache so cached answers count too.
    "manifestos.api.middleware.ApiMiddleware",
    # Inside the per-response headers above, before anything that reads the session.
    "config.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a lost database connection inside a view into a friendly 503.
    "config.middleware.DatabaseUnavailableMiddleware",
    "config.middleware.EmptyToFieldMiddleware",
    # Last: turns a locked-out login into the Dutch lockout page (see "Login protection").
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            # Template tags the three apps share live with the other shared tools in config/, and
            # the lobby's in its own package: neither is an app Django would search itself.
            "libraries": {
                "fragments": "config.templatetags.fragments",
                "revisions": "config.templatetags.revisions",
                "images": "config.templatetags.images",
                "lobby": "manifestos.lobby.templatetags",
                "preview": "config.templatetags.preview",
                "richtext": "config.templatetags.richtext",
                "typography": "config.templatetags.typography",
            },
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A dead persistent connection is replaced at the next request, so the site recovers by
# itself after a database restart; an unreachable server fails within seconds, not minutes.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Both bound how long a request can wait for the database; config/gunicorn.conf.py reads
# the same variables and refuses a worker timeout that does not leave room for them.
DB_CONNECT_TIMEOUT = env.int("DB_CONNECT_TIMEOUT", default=3)
DB_STATEMENT_TIMEOUT = env.int("DB_STATEMENT_TIMEOUT", default=15)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _postgres = DATABASES["default"].setdefault("OPTIONS", {})
    _postgres.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    _postgres.setdefault("options", f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}")

# Request bodies: form fields (not files) above 2.5 MB and more than 1000 fields are
# refused (the largest admin form, a theme with its recommendations, has about 110);
# uploads above 2.5 MB go to a temporary file instead of memory.
# config.middleware.RequestSizeLimitMiddleware refuses any body above 16 MB unread.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# NIST SP 800-63B (rev. 4): a password that is the only factor has at least 15 characters;
# long passphrases (64 characters and far more, spaces and any Unicode) are allowed; known
# common passwords and ones resembling the account's own name or e-mail are refused; no
# composition rules (hence no NumericPasswordValidator: fifteen digits are no weaker than
# fifteen letters by rule, and the common-password list covers the usual number series).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "config.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
# Dutch the installed packages lack (new Django strings, django-axes); before their own.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed file names: cacheable forever, served by whitenoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads live in MEDIA_ROOT unless a bucket is named: then in S3-compatible object storage,
# shared by every app server (config/storage.py). Either way the site serves them itself
# (config/media.py). The names are django-storages' own; the credentials are read from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment (or the server's role).
if _bucket := env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "config.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
        },
    }

# Without CACHE_URL: a cache in files under VAR_DIR, shared by every worker process of this
# machine (config/caches.py), which keeps stored pages through a worker's recycling. Several
# app servers share Redis instead: CACHE_URL=redis://… (see "Caching" in the README).
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
else:
    CACHES = {
        "default": {
            "BACKEND": "config.caches.MachineCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Room for every public page of several campaigns, and pages of a few older
            # content versions until they are removed.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
# Without a cache shared between machines, the page cache's content version lives in this
# file, shared by every worker of this machine (config/page_cache.py).
PAGE_CACHE_TOKEN_FILE = VAR_DIR / "content-version"
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Room for every public page of a few campaigns (config/page_cache.py), per process.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)

SESSION_COOKIE_HTTPONLY = True
# Only staff have sessions: one ends after a working day without activity (each request
# moves the end: config.middleware.SessionIdleMiddleware), not two weeks after logging in.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_HOURS", default=8) * 60 * 60
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Probes call the health checks over plain HTTP, behind the proxy that terminates TLS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy on every response, in every environment (so the tests run under it).
# Scripts only from our own origin or with this response's nonce (`nonce="{{ csp_nonce }}"`):
# no inline event handlers, no javascript: URLs, no eval. Styles only from files, never inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # Inline SVGs and the QR code are markup; data: covers small images embedded in CSS.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page of this site uses (config.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}

# The project's own extensions of the rich-text editor (config/richtext.py).
DJANGO_PROSE_EDITOR_EXTENSIONS = EDITOR_MODULES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"skip_health_checks": {"()": "config.health.SkipHealthChecks"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step and each CSS feature it skips.
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # Lockouts and repeated failures are warnings; every single attempt is not news.
        "axes": {"level": "WARNING"},
        # A probe's 503 from /readyz is not logged as a failed request every few seconds.
        "django.request": {"filters": ["skip_health_checks"]},
    },
}

# --- Login protection (django-axes) ---------------------------------------------------------
# Failed logins are counted per combination of username and client IP: after
# AXES_FAILURE_LIMIT failures that combination is locked out (HTTP 429 with the Dutch page
# templates/registration/lockout.html, config.auth.lockout_response) until the cool-off
# has passed or staff unlock it (admin: "Toegangspogingen", the "Inlogblokkade opheffen"
# action on users, or `manage.py axes_reset_username` / `axes_reset_ip_username` /
# `axes_reset`). Guessing one account from many addresses, or many accounts from one,
# stays slow per pair; a colleague behind the same office address is not locked out by
# someone else's typing.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.auth.lockout_response"
# The client's address is REMOTE_ADDR, unless a proxy header is configured
# (CLIENT_IP_HEADER): only then is that header trusted (config.auth.client_ip).
AXES_CLIENT_IP_CALLABLE = "config.auth.client_ip"
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
CLIENT_IP_PROXY_COUNT = env.int("CLIENT_IP_PROXY_COUNT", default=1)
# Successful logins are already in the admin's own log; keep only the failures.
AXES_DISABLE_ACCESS_LOG = True

# --- The public API (/api/v1/, manifestos/api/) ----------------------------------------------
# Requests per client address (config.auth.client_ip) per window of so many seconds; more
# get HTTP 429 with Retry-After. Counted in the default cache (shared when it is Redis).
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=120)
API_RATE_LIMIT_WINDOW = env.int("API_RATE_LIMIT_WINDOW", default=60)
