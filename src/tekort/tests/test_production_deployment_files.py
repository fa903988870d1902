"""The deployment files agree with each other and with the code: compose.yaml, Containerfile,
publiccode.yml, docs/deployment.md, the Makefile and the declared environment variables.

No container is built here (CI has no container engine); these checks catch the drift that
would make the files lie: a mistyped variable, a process command that no longer exists, a file
the image build needs but does not copy.
"""

import re
import tomllib

import yaml

from tekort.conf.env import REPO_ROOT, VARIABLES

COMPOSE = yaml.safe_load((REPO_ROOT / "compose.yaml").read_text())
CONTAINERFILE = (REPO_ROOT / "Containerfile").read_text()
MAKEFILE = (REPO_ROOT / "Makefile").read_text()
DEPLOYMENT = (REPO_ROOT / "docs" / "deployment.md").read_text()
PROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
DECLARED = {v.name for v in VARIABLES}


def test_compose_runs_postgres_redis_web_workers_and_the_scheduler():
    services = COMPOSE["services"]
    assert set(services) == {
        "postgres", "redis", "migrate", "web", "worker", "worker-mail", "scheduler"
    }  # fmt: skip
    assert services["web"]["command"] == ["gunicorn", "--config", "/etc/tekort/gunicorn.conf.py"]
    assert services["worker"]["command"] == ["django-admin", "run_worker"]
    assert services["worker-mail"]["command"] == [
        "django-admin", "run_worker", "--queue-name", "mail"
    ]  # fmt: skip
    assert services["scheduler"]["command"] == ["django-admin", "run_scheduler"]
    assert services["web"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }


def test_compose_sets_only_declared_environment_variables():
    for name, service in COMPOSE["services"].items():
        if name in {"postgres", "redis"}:
            continue
        assert set(service["environment"]) <= DECLARED, name
    assert COMPOSE["services"]["web"]["environment"]["TEKORT_HTTPS"] == "${TEKORT_HTTPS:-true}"


def test_the_process_commands_exist_as_makefile_targets_and_management_commands():
    for target, command in (
        ("serve-production", "gunicorn --config gunicorn.conf.py"),
        ("worker-production", "src/manage.py run_worker"),
        ("scheduler-production", "src/manage.py run_scheduler"),
    ):
        recipe = re.search(rf"^{target}:.*\n\t(.+)$", MAKEFILE, flags=re.MULTILINE)
        assert recipe and command in recipe.group(1), target
        assert f"make {target}" in DEPLOYMENT or f"`{target}`" in DEPLOYMENT
    commands = REPO_ROOT / "src" / "tekort" / "background" / "management" / "commands"
    assert (commands / "run_worker.py").is_file()
    assert (commands / "run_scheduler.py").is_file()


def test_the_image_installs_from_the_lock_and_copies_what_the_wheel_needs():
    assert "--require-hashes -r requirements/production.txt" in CONTAINERFILE
    copied = " ".join(re.findall(r"^COPY (?!--from)(.+) \S+$", CONTAINERFILE, flags=re.MULTILINE))
    for needed in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "src/",
                   "docs/", "gunicorn.conf.py", "requirements/production.txt"):  # fmt: skip
        assert needed in copied, needed
    assert 'CMD ["gunicorn", "--config", "/etc/tekort/gunicorn.conf.py"]' in CONTAINERFILE
    env_names = set(re.findall(r"^\s+(?:ENV )?([A-Z_]+)=", CONTAINERFILE, flags=re.MULTILINE))
    assert env_names - {"PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED",
                        "DJANGO_SETTINGS_MODULE"} <= DECLARED  # fmt: skip


def test_publiccode_describes_this_project():
    publiccode = yaml.safe_load((REPO_ROOT / "publiccode.yml").read_text())
    assert publiccode["publiccodeYmlVersion"] == "0.4"
    assert publiccode["legal"]["license"] == PROJECT["license"] == "EUPL-1.2"
    assert publiccode["softwareVersion"] == PROJECT["version"]
    assert publiccode["softwareType"] == "standalone/web"
    for language in ("nl", "en"):
        description = publiccode["description"][language]
        assert len(description["shortDescription"]) <= 150
        assert 150 <= len(description["longDescription"]) <= 10000
    assert publiccode["localisation"]["availableLanguages"] == ["nl"]


def test_deployment_doc_covers_the_operator_path():
    for needed in (
        "Debian 12", "nginx", "PostgreSQL", "Redis", "/gezondheid/", "/gereed/", "SENTRY_DSN",
        "TEKORT_HTTPS=false", "TEKORT_PROXY_COUNT", "streaming replica", "load balancer",
        "make check-deploy", "make lock", "compose.yaml", "Containerfile",
    ):  # fmt: skip
        assert needed in DEPLOYMENT, needed
    for variable in re.findall(r"^([A-Z_]+)=", DEPLOYMENT, flags=re.MULTILINE):
        assert variable in DECLARED, variable
