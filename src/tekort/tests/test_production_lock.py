"""The lock files (requirements/, `make lock`) pin what pyproject.toml pins, with hashes.

`make install` and `make install-test` install only from them (pip --require-hashes), so a
dependency changed in pyproject.toml without `make lock` would silently not be installed.
"""

import re
import tomllib

from tekort.conf.env import REPO_ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path) -> dict[str, tuple[str, int]]:
    """{name: (version, number of hashes)} of a lock file."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in (REPO_ROOT / path).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = normalised(match.group(1))
            entries[current] = (match.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
    return entries


def pins(requirements: list[str]) -> dict[str, str]:
    out = {}
    for requirement in requirements:
        match = PIN.match(requirement)
        assert match, f"pyproject.toml pins every dependency exactly: {requirement}"
        out[normalised(match.group(1))] = match.group(2)
    return out


PROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]


def test_production_lock_has_every_runtime_pin_and_only_hashed_entries():
    lock = locked("requirements/production.txt")
    runtime = pins(PROJECT["dependencies"])
    assert {name: lock.get(name, ("missing", 0))[0] for name in runtime} == runtime
    assert all(hashes >= 1 for _, hashes in lock.values())
    assert "pytest" not in lock  # test tools stay out of production
    assert {"gunicorn", "sentry-sdk", "django", "asgiref", "sqlparse"} <= set(lock)


def test_test_lock_has_every_pin_and_agrees_with_the_production_lock():
    lock = locked("requirements/test.txt")
    every = pins(PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"])
    assert {name: lock.get(name, ("missing", 0))[0] for name in every} == every
    assert all(hashes >= 1 for _, hashes in lock.values())
    production = locked("requirements/production.txt")
    assert {name: lock[name][0] for name in production} == {
        name: version for name, (version, _) in production.items()
    }
