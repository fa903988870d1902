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
        "TEKORT_DATA_DIR",
        "",
        "Folder with the official reference files (DUO, CBS, regions, policy); "
        "by default ../shared/data beside the checkout, else /work/shared/data.",
    ),
    EnvVar("TEKORT_DEMO", "true", "Label pages as showing demo registrations ('true'/'false')."),
    EnvVar(
        "EMAIL_URL",
        "console",
        "'console' prints e-mail to the terminal; 'smtp://host:port' sends it.",
    ),
    EnvVar(
        "TEKORT_SECURE_COOKIES", "false", "Send cookies only over HTTPS ('true' in production)."
    ),
)


def get(name: str) -> str:
    var = next(v for v in VARIABLES if v.name == name)
    return os.environ.get(name, var.default)


def get_bool(name: str) -> bool:
    return get(name).strip().lower() in {"1", "true", "yes", "on"}


def data_dir() -> Path:
    """Where the official reference files are read from (never copied into the repository)."""
    explicit = get("TEKORT_DATA_DIR")
    if explicit:
        return Path(explicit)
    for candidate in (REPO_ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        if candidate.is_dir():
            return candidate
    return REPO_ROOT.parent / "shared" / "data"
