"""tekort settings. Every value that varies per machine comes from tekort.conf.env."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tekort import error_reporting
from tekort.conf import env

BASE_DIR = Path(__file__).resolve().parent.parent  # src/tekort
REPO_ROOT = env.REPO_ROOT

DEBUG = env.get_bool("DJANGO_DEBUG")
SECRET_KEY = env.get("DJANGO_SECRET_KEY") or (
    "django-insecure-development-only-key" if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false (production). Generate one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` and keep it secret; "
        "set DJANGO_DEBUG=true only on a developer's machine."
    )
ALLOWED_HOSTS = [h.strip() for h in env.get("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]

INSTALLED_APPS = [
    # The admin (/beheer/) only for OTP-verified staff: see tekort/accounts/admin_site.py.
    "tekort.accounts.admin_config.OTPAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    # Sign-in: two-factor (TOTP) via django-otp and django-two-factor-auth, lockout via axes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "tekort.background",
    "tekort.audit",
    "tekort.registry",
    "tekort.accounts",
    "tekort.submissions",
    "tekort.estimates",
    "tekort.publications",
    "tekort.dashboards",
    "tekort.forecasts",
    "tekort.calculator",
    "tekort.monitor",
    "tekort.api",
]

# One permission layer: django-rules (tekort/accounts/rules.py) decides every object permission.
# django-axes' backend comes first: it refuses a locked-out user before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "tekort API",
    "DESCRIPTION": "Read-only open data on the Dutch teacher shortage.",
    "VERSION": "1.0.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tekort.api.schema_hooks.document_shared_responses",
    ],
}

MIDDLEWARE = [
    # First: every response (redirects and errors too) carries X-Request-ID, every log line its id.
    "tekort.request_id.RequestIdMiddleware",
    # A broken database connection is a Dutch 503 with Retry-After, not a 500.
    "tekort.database_unavailable.DatabaseUnavailableMiddleware",
    # Warns once when TEKORT_PROXY_COUNT promises proxies a request did not pass (else removed).
    "tekort.proxy_check.ProxyCountCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for the anonymous public only, never beside a secret (BREACH): tekort/compression.py.
    "tekort.compression.PublicGZipMiddleware",
    # Cache-Control: public for anonymous public pages, private, no-store for the rest.
    "tekort.cache_headers.CacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL in the query string is a Dutch 400 before any view filters by it.
    "tekort.nul_bytes.RefuseNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Limits per client address on expensive anonymous requests and the password reset (429).
    "tekort.rate_limits.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tekort.urls"
WSGI_APPLICATION = "tekort.wsgi.application"

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
                "tekort.context_processors.site",
            ],
        },
    },
]

# Connections are kept 60 s and checked before a request reuses one: a connection the server
# dropped (a restart, a failover, a pooler's idle cut) is replaced instead of costing a 500.
DATABASES = {
    "default": dj_database_url.parse(
        env.get("DATABASE_URL"), conn_max_age=60, conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every process: Redis whenever REDIS_URL is set (production: page cache,
# publication state, rate limits, cut points are then the same for every web process and
# machine); process memory only for `make run` and the tests, which run one process.
REDIS_URL = env.get("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.get("TEKORT_CACHE_PREFIX"),
            "TIMEOUT": 600,
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tekort"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# The UI is Dutch for everyone (msgids are English, translated in each app's locale/nl): a
# browser that prefers English must not switch a Dutch government site to English.
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get("TEKORT_STATIC_ROOT") or REPO_ROOT / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (app.3f2a9c.css, cached for ever) and gzip/brotli copies, written by
    # collectstatic (make setup); DEBUG (make run) serves the plain names from the sources.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

email_url = env.get("EMAIL_URL")
if email_url == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    _email = urlsplit(email_url)
    _default_ports = {"smtp": 25, "smtp+tls": 587, "smtps": 465}
    if _email.scheme not in _default_ports or not _email.hostname:
        raise RuntimeError("EMAIL_URL must be 'console' or smtp://, smtp+tls://, smtps://host.")
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST, EMAIL_PORT = _email.hostname, _email.port or _default_ports[_email.scheme]
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS, EMAIL_USE_SSL = _email.scheme == "smtp+tls", _email.scheme == "smtps"
DEFAULT_FROM_EMAIL = env.get("EMAIL_FROM")

# Sign-in (tekort.accounts): two-factor is mandatory for every role, see docs/accounts.md.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "publications:home"
TWO_FACTOR_PATCH_ADMIN = True  # the admin's own login page redirects to LOGIN_URL
TWO_FACTOR_LOGIN_TIMEOUT = 600  # seconds between password and token steps
TWO_FACTOR_REMEMBER_COOKIE_AGE = None  # never skip the token step on a "remembered" browser
OTP_TOTP_ISSUER = "tekort"
TEKORT_INVITATION_DAYS = 7  # an invitation link expires after this many days
# Password reset by e-mail (Django's views, tekort/accounts/views.py): the link works once, for
# this long, and never signs in: the sign-in afterwards still asks for the second factor.
PASSWORD_RESET_TIMEOUT = 60 * int(env.get("TEKORT_PASSWORD_RESET_MINUTES"))

# Lockout after repeated failures (django-axes): per username and IP address together, so
# that nobody can lock another person out from elsewhere; a successful sign-in resets.
AXES_FAILURE_LIMIT = int(env.get("TEKORT_LOGIN_FAILURE_LIMIT"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env.get("TEKORT_LOGIN_COOLOFF_MINUTES")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tekort.accounts.lockout.response"  # Dutch page, status 429
# The client's address (for lockout and audit): REMOTE_ADDR, or behind TEKORT_PROXY_COUNT trusted
# reverse proxies the address the outermost of them put in X-Forwarded-For (see
# tekort/audit/events.py: client_ip); X-Forwarded-For is never trusted otherwise.
TEKORT_PROXY_COUNT = int(env.get("TEKORT_PROXY_COUNT"))
AXES_CLIENT_IP_CALLABLE = "tekort.audit.events.client_ip"

# Production (DEBUG off) is HTTPS-only without further settings: plain HTTP is redirected,
# cookies are sent over HTTPS only and HSTS is on. TEKORT_HTTPS=false turns this off, only for a
# plain-HTTP test topology on loopback (docs/deployment.md). `make check-deploy` proves it.
TEKORT_HTTPS = not DEBUG and env.get_bool("TEKORT_HTTPS")

# Sessions and CSRF: cookies over HTTPS only in production, short sessions that end with
# the browser.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = TEKORT_HTTPS
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(env.get("TEKORT_SESSION_MINUTES")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env.get("DJANGO_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()
]

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = TEKORT_HTTPS
# A load balancer probes the health endpoints over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$", r"^gereed/$"]
SECURE_HSTS_SECONDS = int(env.get("TEKORT_HSTS_SECONDS")) if TEKORT_HTTPS else 0
# Subdomains of tekort's own host name are tekort's too. Preloading (security.W021, silenced
# below) is a commitment the owner of the domain makes with the browser vendors, not a setting.
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
if TEKORT_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): everything from this site only; no inline script or
# style anywhere (put JS and CSS in static files), no frames, no plug-ins.
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
    },
}

# tekort's own settings
TEKORT_DATA_DIR = env.data_dir()
# The methodology and glossary pages render docs/ of the checkout; an installed package has no
# checkout beside it and renders the copy its build put inside it (setup.py: tekort/docs/).
TEKORT_DOCS_DIR = BASE_DIR / "docs" if (BASE_DIR / "docs").is_dir() else REPO_ROOT / "docs"
# The map's shapes drawn ahead (manage.py warm_map_shapes, run by make setup), per register.
TEKORT_MAP_SHAPES_DIR = REPO_ROOT / "var" / "map-shapes"
TEKORT_DEMO = env.get_bool("TEKORT_DEMO")
# The largest board file the upload page and the upload API accept (docs/uitvraag.md).
TEKORT_UPLOAD_MAX_BYTES = int(env.get("TEKORT_UPLOAD_MAX_MB")) * 1024 * 1024
# Rate limits per client address (tekort/rate_limits.py); off only in the test settings, whose
# test client asks for hundreds of pages from one address (the rate-limit tests switch them on).
TEKORT_RATE_LIMITS = True

# Logs go to standard error: one JSON object per line with the request id (tekort.json_logging),
# or plain text for reading by eye (the default when DJANGO_DEBUG is true).
LOG_FORMAT = env.get("TEKORT_LOG_FORMAT") or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("TEKORT_LOG_FORMAT must be 'json' or 'text'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tekort.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "tekort.json_logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
}

# Error reports to a Sentry-compatible service only when SENTRY_DSN is set (docs/deployment.md).
TEKORT_ERROR_REPORTING = error_reporting.start(
    env.get("SENTRY_DSN"), env.get("SENTRY_ENVIRONMENT"), env.version()
)

# Background tasks (django-tasks with its database backend): `manage.py run_worker` runs them,
# one worker per queue (`--queue-name mail` for e-mail, so that mail never waits behind an
# estimate); `manage.py run_scheduler` fails tasks lost with their worker and runs the periodic
# jobs (tekort/background, docs/deployment.md). `make run` starts both. Tests run tasks at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}}
# A worker writes a heartbeat this often; a task whose worker has not for the lost bound is
# failed by the scheduler (tekort/background/lost_tasks.py, docs/deployment.md).
TEKORT_WORKER_HEARTBEAT_SECONDS = int(env.get("TEKORT_WORKER_HEARTBEAT_SECONDS"))
TEKORT_WORKER_LOST_SECONDS = int(env.get("TEKORT_WORKER_LOST_SECONDS"))
# The site's public address (https://host), for links in e-mail the scheduler sends.
TEKORT_SITE_URL = env.get("TEKORT_SITE_URL").rstrip("/")

# accounts.Role's one-role-per-object constraint treats NULLs as equal (nulls_distinct=False):
# PostgreSQL, the production database, enforces it; SQLite (development) cannot, and says so.
SILENCED_SYSTEM_CHECKS = ["models.W047", "security.W021"]
