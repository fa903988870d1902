"""Production (DEBUG off) is secure without further settings, and refuses to start insecurely.

Settings are read once per process, so each case starts a fresh Python with its own environment
(only the variables the case names, none of the test settings' defaults).
"""

import json
import os
import subprocess
import sys

from tekort.conf.env import REPO_ROOT

SECRET = "a-long-production-secret-key-only-for-this-test-0123456789-abcdefghijkl"
SHOW = (
    "import json, django; from django.conf import settings; django.setup(); print(json.dumps({k: "
    "getattr(settings, k) for k in ('DEBUG', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
    "'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS')}))"
)


def clean_env(**variables: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "TEKORT_", "SENTRY_", "REDIS_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="tekort.conf.base", PYTHONPATH=str(REPO_ROOT / "src"))
    env.update(variables)
    return env


def run(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        env=clean_env(**variables),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def shown(**variables: str) -> dict:
    result = run(["-c", SHOW], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["src/manage.py", "check"])
    assert result.returncode == 1
    assert (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY must be set when "
        "DJANGO_DEBUG is false (production)."
    ) in result.stderr


def test_production_with_only_a_secret_key_is_https_only():
    assert shown(DJANGO_SECRET_KEY=SECRET) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    }


def test_check_deploy_with_only_a_secret_key_is_clean():
    result = run(
        ["src/manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=SECRET,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."


def test_https_can_be_turned_off_only_explicitly_for_a_plain_http_topology():
    off = shown(DJANGO_SECRET_KEY=SECRET, TEKORT_HTTPS="false")
    assert off["SECURE_SSL_REDIRECT"] is False
    assert off["SESSION_COOKIE_SECURE"] is False
    assert off["CSRF_COOKIE_SECURE"] is False
    assert off["SECURE_HSTS_SECONDS"] == 0


def test_debug_mode_on_a_developers_machine_is_plain_http():
    debug = shown(DJANGO_DEBUG="true")
    assert debug["DEBUG"] is True
    assert debug["SECURE_SSL_REDIRECT"] is False
    assert debug["SECURE_HSTS_SECONDS"] == 0


def test_hsts_max_age_comes_from_the_environment():
    assert (
        shown(DJANGO_SECRET_KEY=SECRET, TEKORT_HSTS_SECONDS="3600")["SECURE_HSTS_SECONDS"] == 3600
    )


LOG_FORMAT = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.LOGGING['handlers']['console']['formatter'])"
)


def test_logs_are_json_in_production_and_text_on_a_developers_machine():
    assert run(["-c", LOG_FORMAT], DJANGO_SECRET_KEY=SECRET).stdout.split()[-1] == "json"
    assert run(["-c", LOG_FORMAT], DJANGO_DEBUG="true").stdout.split()[-1] == "text"
    text = run(["-c", LOG_FORMAT], DJANGO_SECRET_KEY=SECRET, TEKORT_LOG_FORMAT="text")
    assert text.stdout.split()[-1] == "text"
    wrong = run(["-c", LOG_FORMAT], DJANGO_SECRET_KEY=SECRET, TEKORT_LOG_FORMAT="xml")
    assert wrong.returncode == 1
    assert "ImproperlyConfigured: TEKORT_LOG_FORMAT must be 'json' or 'text'." in wrong.stderr
