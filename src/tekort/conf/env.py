"""Every setting that comes from the environment, documented in one place.

docs/configuration.md lists the same variables; a test keeps the two in step.
"""

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    help: str


VARIABLES: tuple[EnvVar, ...] = (
    EnvVar("DJANGO_DEBUG", "false", "Debug mode: 'true' only on a developer's machine."),
    EnvVar(
        "DJANGO_SECRET_KEY",
        "",
        "Secret key; required when DJANGO_DEBUG is false. Development uses a fixed insecure key.",
    ),
    EnvVar("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names served."),
    EnvVar(
        "DATABASE_URL",
        f"sqlite:///{REPO_ROOT / 'var' / 'tekort.sqlite3'}",
        "Database URL (dj-database-url): SQLite by default, postgres://… in production.",
    ),
    EnvVar(
        "REDIS_URL",
        "",
        "Redis URL (redis://host:6379/0) of the cache shared by every process: required as soon "
        "as more than one web process runs; empty keeps a per-process memory cache (make run).",
    ),
    EnvVar(
        "TEKORT_STATIC_ROOT",
        "",
        "Folder collectstatic writes the static files to and the web server serves them from; "
        "empty: var/static in the checkout.",
    ),
    EnvVar(
        "TEKORT_CACHE_PREFIX",
        "tekort",
        "Prefix of every key tekort keeps in the shared cache: give each installation (and each "
        "test topology) sharing one Redis database its own.",
    ),
    EnvVar(
        "TEKORT_DATA_DIR",
        "",
        "Folder with the official reference files (DUO, CBS, regions, policy); "
        "by default ../shared/data beside the checkout, else /work/shared/data.",
    ),
    EnvVar("TEKORT_DEMO", "true", "Label pages as showing demo registrations ('true'/'false')."),
    EnvVar(
        "EMAIL_URL",
        "console",
        "'console' prints e-mail to the terminal; 'smtp://host:port' sends it, with "
        "'smtp://user:password@host:port' as that user, 'smtp+tls://…' with STARTTLS, "
        "'smtps://…' over TLS (user and password URL-encoded).",
    ),
    EnvVar(
        "EMAIL_FROM",
        "tekort <noreply@tekort.example>",
        "Sender of tekort's e-mail (invitations, password-reset links).",
    ),
    EnvVar(
        "TEKORT_HTTPS",
        "true",
        "Production (DJANGO_DEBUG false) serves HTTPS only: plain HTTP is redirected, cookies are "
        "Secure, HSTS is sent. 'false' only for a plain-HTTP test topology on loopback; "
        "ignored (off) when DJANGO_DEBUG is true.",
    ),
    EnvVar(
        "TEKORT_HSTS_SECONDS",
        "31536000",
        "Strict-Transport-Security max-age in seconds when TEKORT_HTTPS is on (a year; "
        "start lower, e.g. 3600, while trying HTTPS out).",
    ),
    EnvVar(
        "TEKORT_PROXY_COUNT",
        "0",
        "Number of trusted reverse proxies in front of tekort: above 0, the client address is "
        "taken from X-Forwarded-For and X-Forwarded-Proto marks HTTPS.",
    ),
    EnvVar(
        "DJANGO_CSRF_TRUSTED_ORIGINS",
        "",
        "Comma-separated origins (https://host) trusted for form posts, when behind a proxy.",
    ),
    EnvVar("TEKORT_SESSION_MINUTES", "480", "A sign-in lasts at most this many minutes."),
    EnvVar(
        "TEKORT_LOGIN_FAILURE_LIMIT",
        "5",
        "Failed sign-ins (per user name and address) before the account is locked there.",
    ),
    EnvVar(
        "TEKORT_LOGIN_COOLOFF_MINUTES", "30", "Minutes a lockout lasts before sign-in is possible."
    ),
    EnvVar(
        "TEKORT_WORKER_HEARTBEAT_SECONDS",
        "10",
        "Seconds between the heartbeats a background worker (run_worker) writes.",
    ),
    EnvVar(
        "TEKORT_WORKER_LOST_SECONDS",
        "60",
        "A task running on a worker without a heartbeat for this many seconds is failed by the "
        "scheduler (checked every half of it), with its estimate run or upload.",
    ),
    EnvVar(
        "TEKORT_SITE_URL",
        "",
        "The site's public address (https://host), for links in e-mail sent by the scheduler; "
        "empty: the scheduler sends no reminders (send_reminders --site-url still can).",
    ),
    EnvVar(
        "TEKORT_UPLOAD_MAX_MB",
        "20",
        "Largest board file (XLSX or CSV) accepted, in MB, by the upload page and the upload API "
        "alike; a larger one is refused before it is read (HTTP 413 from the API).",
    ),
    EnvVar(
        "TEKORT_PASSWORD_RESET_MINUTES",
        "60",
        "Minutes a password-reset link stays valid; it works once in that time.",
    ),
    EnvVar(
        "TEKORT_LOG_FORMAT",
        "",
        "'json' (one JSON object per log line, with the request id) or 'text'; empty means "
        "'json' in production and 'text' when DJANGO_DEBUG is true.",
    ),
    EnvVar(
        "SENTRY_DSN",
        "",
        "DSN of a Sentry-compatible error-reporting service (Sentry, self-hosted Sentry, "
        "GlitchTip); empty sends nothing anywhere.",
    ),
    EnvVar(
        "SENTRY_ENVIRONMENT",
        "production",
        "Environment name on error reports (e.g. 'acceptatie', 'productie').",
    ),
    EnvVar(
        "TEKORT_WEB_BIND",
        "127.0.0.1:8000",
        "Address gunicorn listens on (gunicorn.conf.py); 0.0.0.0:8000 in a container.",
    ),
    EnvVar(
        "TEKORT_WEB_WORKERS",
        "",
        "gunicorn worker processes; empty means 2 per CPU core plus 1.",
    ),
    EnvVar(
        "TEKORT_WEB_TIMEOUT",
        "60",
        "Seconds a gunicorn worker may spend on one request before it is restarted.",
    ),
)


def get(name: str) -> str:
    var = next(v for v in VARIABLES if v.name == name)
    return os.environ.get(name, var.default)


def get_bool(name: str) -> bool:
    return get(name).strip().lower() in {"1", "true", "yes", "on"}


def version() -> str:
    """tekort's installed version (error reports name it as the release)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return f"tekort@{installed_version('tekort')}"
    except PackageNotFoundError:
        return "tekort@unknown"


def data_dir() -> Path:
    """Where the official reference files are read from (never copied into the repository)."""
    explicit = get("TEKORT_DATA_DIR")
    if explicit:
        return Path(explicit)
    for candidate in (REPO_ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        if candidate.is_dir():
            return candidate
    return REPO_ROOT.parent / "shared" / "data"
